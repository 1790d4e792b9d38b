/**
 * The `/letter daily …` sub-language: `on [HH:MM] [time zone]` (either order), `off`, `status`,
 * `preview`. Parsing is pure; it returns either the action or a message saying what is accepted.
 */
import { type ClockTime, parseClockTime, readTimeZone, type ZoneReading } from "./time.js";

/** Posting time when `daily on` names none. */
export const DEFAULT_DAILY_TIME: ClockTime = { hour: 9, minute: 0 };

/** Example zone named in messages about time zones. */
const ZONE_EXAMPLE = "Europe/Berlin";

/** Usage line of the daily command, shown with every mistake. */
export const DAILY_USAGE = "/letter daily on [HH:MM] [time zone] | off | status | preview";

/** A parsed `daily` command. */
export type DailyAction =
  | {
      name: "on";
      time?: ClockTime | undefined;
      timeZone?: string | undefined;
      /** What was typed for the zone and how it was read, when it was not the zone's own name. */
      zoneNote?: string | undefined;
    }
  | { name: "off" }
  | { name: "status" }
  | { name: "preview" }
  | { name: "invalid"; message: string };

// Things people type meaning a time that are not 24-hour HH:MM: "9pm", "9", "9.30", "0930", "9:00am".
const TIME_LIKE = /^\d{1,2}([:.]?\d{2})?\s*([ap]\.?m\.?)?$/i;
const LOOKS_LIKE_CLOCK = /^\d+:\d+$/;

const invalid = (message: string): DailyAction => ({ name: "invalid", message });

/** Parses the text after `daily`. */
export function parseDailyArgs(args: string): DailyAction {
  const words = args.trim().split(/\s+/).filter(Boolean);
  // Join "9 pm" into one word so it gets the time message rather than the time zone one.
  const joined = words.join(" ").replace(/(\d)\s+([ap]\.?m\.?)(?=\s|$)/gi, "$1$2");
  const [head = "", ...rest] = joined.split(" ").filter(Boolean);
  switch (head.toLowerCase()) {
    case "on":
      return parseOn(rest);
    case "off":
    case "status":
    case "preview":
      if (rest.length)
        return invalid(`\`daily ${head.toLowerCase()}\` takes nothing after it. Use ${DAILY_USAGE}.`);
      return { name: head.toLowerCase() as "off" | "status" | "preview" };
    case "":
      return invalid(`Say what to do with daily quotes: ${DAILY_USAGE}.`);
    default:
      return invalid(`Unknown daily command "${head}". Use ${DAILY_USAGE}.`);
  }
}

/** Most words a time zone may take: "port au prince", "UTC + 2". */
const MAX_ZONE_WORDS = 3;

const unknownZone = (text: string) =>
  invalid(
    `"${text}" is not a time zone I know. Use a zone name such as ${ZONE_EXAMPLE} or America/New_York, a city ("berlin"), an abbreviation ("EST") or an offset ("UTC+2"), for example /letter daily on 09:00 ${ZONE_EXAMPLE}.`,
  );

/** How a zone read from an abbreviation, a city or an offset is explained in the reply. */
function zoneNote(typed: string, reading: ZoneReading): string | undefined {
  switch (reading.readAs) {
    case "abbreviation":
    case "city":
      return `"${typed}" is read as ${reading.zone}, which follows its daylight-saving changes.`;
    case "offset":
      return `${reading.zone} is a fixed offset: it does not change for daylight saving.`;
    default:
      return undefined;
  }
}

function parseOn(words: string[]): DailyAction {
  let time: ClockTime | undefined;
  const zoneWords: string[] = [];
  for (const word of words) {
    if (LOOKS_LIKE_CLOCK.test(word) || TIME_LIKE.test(word)) {
      const parsed = parseClockTime(word);
      if (!parsed) return invalid(badTimeMessage(word));
      if (time) return invalid(`Give one time only, for example /letter daily on 09:00 ${ZONE_EXAMPLE}.`);
      time = parsed;
    } else {
      zoneWords.push(word);
    }
  }
  if (!zoneWords.length) return { name: "on", time, timeZone: undefined };
  const typed = zoneWords.join(" ");
  const reading = zoneWords.length <= MAX_ZONE_WORDS ? readTimeZone(typed) : undefined;
  if (reading) {
    const note = zoneNote(typed, reading);
    return { name: "on", time, timeZone: reading.zone, ...(note ? { zoneNote: note } : {}) };
  }
  // Several words that are not one zone: say which mistake it is.
  const zones = zoneWords.filter((w) => readTimeZone(w));
  if (zones.length > 1) {
    return invalid(`Give one time zone only, for example /letter daily on 09:00 ${ZONE_EXAMPLE}.`);
  }
  if (zones.length === 1) {
    return invalid(
      `Too many words after \`daily on\`: give at most a time and a time zone, for example /letter daily on 09:00 ${ZONE_EXAMPLE}.`,
    );
  }
  return unknownZone(typed);
}

function badTimeMessage(word: string): string {
  const range = "from 00:00 to 23:59";
  if (LOOKS_LIKE_CLOCK.test(word)) {
    return `"${word}" is not a valid time: use 24-hour HH:MM, ${range}, for example 09:00 or 17:30.`;
  }
  return `"${word}" is not a time I accept: use 24-hour HH:MM, ${range}, for example 09:00 or 21:00 (not 9pm).`;
}
