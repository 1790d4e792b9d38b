/**
 * Local time for daily posts: time zone names, "HH:MM" times, and the instant a local time falls
 * on for a given day, including days when daylight-saving time skips or repeats an hour.
 */
import { DateTime, FixedOffsetZone, IANAZone } from "luxon";

/** Longest daylight-saving gap searched when a local time does not exist (real gaps are ≤ 2 h). */
const MAX_DST_GAP_MINUTES = 180;
/** How far before a repeated hour to look up the offset that was in force before it. */
const OFFSET_LOOKBACK_HOURS = 3;
/** Locale of day and month names in replies. */
const DISPLAY_LOCALE = "en";

/** A local wall-clock time. */
export interface ClockTime {
  hour: number;
  minute: number;
}

// IANA names are letters, digits and `_ + - /`; bare offsets such as "+01:00" are not accepted.
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;

/**
 * The zones people mean by common abbreviations. An abbreviation names the zone with its daylight
 * saving, whichever half of the year it is said in ("EST" in July still means New York). Checked
 * before IANA names, some of which are spelt the same but have no daylight saving (IANA's "EST" is
 * Panama's time all year).
 */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  ET: "America/New_York",
  EST: "America/New_York",
  EDT: "America/New_York",
  CT: "America/Chicago",
  CST: "America/Chicago",
  CDT: "America/Chicago",
  MT: "America/Denver",
  MST: "America/Denver",
  MDT: "America/Denver",
  PT: "America/Los_Angeles",
  PST: "America/Los_Angeles",
  PDT: "America/Los_Angeles",
  AKST: "America/Anchorage",
  AKDT: "America/Anchorage",
  HST: "Pacific/Honolulu",
  AST: "America/Halifax",
  ADT: "America/Halifax",
  NST: "America/St_Johns",
  NDT: "America/St_Johns",
  BRT: "America/Sao_Paulo",
  ART: "America/Argentina/Buenos_Aires",
  GMT: "Europe/London",
  BST: "Europe/London",
  IST: "Asia/Kolkata",
  WET: "Europe/Lisbon",
  WEST: "Europe/Lisbon",
  CET: "Europe/Paris",
  CEST: "Europe/Paris",
  EET: "Europe/Athens",
  EEST: "Europe/Athens",
  MSK: "Europe/Moscow",
  WAT: "Africa/Lagos",
  CAT: "Africa/Maputo",
  EAT: "Africa/Nairobi",
  SAST: "Africa/Johannesburg",
  PKT: "Asia/Karachi",
  ICT: "Asia/Bangkok",
  WIB: "Asia/Jakarta",
  SGT: "Asia/Singapore",
  HKT: "Asia/Hong_Kong",
  PHT: "Asia/Manila",
  KST: "Asia/Seoul",
  JST: "Asia/Tokyo",
  AWST: "Australia/Perth",
  ACST: "Australia/Adelaide",
  ACDT: "Australia/Adelaide",
  AEST: "Australia/Sydney",
  AEDT: "Australia/Sydney",
  NZST: "Pacific/Auckland",
  NZDT: "Pacific/Auckland",
};

/** "UTC+2", "GMT-5", "UTC+05:30", "utc +2": a fixed offset from UTC, in hours and minutes. */
const FIXED_OFFSET = /^(?:UTC|GMT)\s*([+-])\s*(\d{1,2})(?::?([0-5]\d))?$/i;
/** Farthest any place is from UTC (Kiribati, UTC+14). */
const MAX_OFFSET_HOURS = 14;
/** The regions IANA names start with, tried in front of a city name. */
const REGIONS = [
  "Europe",
  "America",
  "Asia",
  "Africa",
  "Australia",
  "Pacific",
  "Atlantic",
  "Indian",
  "Antarctica",
];

/** How a time zone was understood from what someone typed. */
export interface ZoneReading {
  /** The zone: an IANA name, or a fixed offset such as "UTC+2". */
  zone: string;
  /** How it was read when it was not written as the zone's own name. */
  readAs?: "abbreviation" | "city" | "offset";
}

/** The canonical spelling of an IANA name, regardless of case; undefined if unknown. */
function ianaZone(name: string): string | undefined {
  if (!ZONE_NAME.test(name) || !IANAZone.isValidZone(name)) return undefined;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** The IANA zones by their city, lower-case ("new_york" → America/New_York), built on first use. */
let zonesByCity: Map<string, string> | undefined;
function cityZone(text: string): string | undefined {
  const city = text
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
  if (!/^[a-z_.']+$/.test(city)) return undefined;
  if (!zonesByCity) {
    zonesByCity = new Map();
    for (const zone of Intl.supportedValuesOf("timeZone")) {
      const last = zone.split("/").at(-1)?.toLowerCase();
      if (last && zone.includes("/") && !zonesByCity.has(last)) zonesByCity.set(last, zone);
    }
  }
  const listed = zonesByCity.get(city);
  if (listed) return listed;
  // Names the list spells the old way (Asia/Calcutta) are still known under the new (Asia/Kolkata).
  const titled = city.replace(/(^|_)([a-z])/g, (_m, sep: string, c: string) => `${sep}${c.toUpperCase()}`);
  for (const region of REGIONS) {
    const name = `${region}/${titled}`;
    if (IANAZone.isValidZone(name)) return name;
  }
  return undefined;
}

/** A fixed offset in luxon's spelling ("UTC+2", "UTC-3:30"), when `text` is one. */
function fixedOffset(text: string): string | undefined {
  const match = FIXED_OFFSET.exec(text.trim());
  if (!match) return undefined;
  const [, sign = "+", h = "0", m] = match;
  const hours = Number(h);
  const minutes = m === undefined ? 0 : Number(m);
  if (hours > MAX_OFFSET_HOURS || (hours === MAX_OFFSET_HOURS && minutes > 0)) return undefined;
  if (hours === 0 && minutes === 0) return "UTC";
  return `UTC${sign}${hours}${minutes ? `:${String(minutes).padStart(2, "0")}` : ""}`;
}

/**
 * Reads a time zone as people write it: an IANA name in any case ("europe/berlin"), a common
 * abbreviation ("EST" → America/New_York, with its daylight saving), a city of an IANA zone
 * ("berlin", "new york") or a fixed offset ("UTC+2", "GMT-5"). Undefined when it is none of those.
 */
export function readTimeZone(text: string): ZoneReading | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  const abbreviation = ABBREVIATIONS[trimmed.toUpperCase()];
  if (abbreviation) return { zone: abbreviation, readAs: "abbreviation" };
  const offset = fixedOffset(trimmed);
  if (offset) return offset === "UTC" ? { zone: offset } : { zone: offset, readAs: "offset" };
  const iana = ianaZone(trimmed);
  if (iana) return { zone: iana };
  const city = cityZone(trimmed);
  return city ? { zone: city, readAs: "city" } : undefined;
}

/** The zone `name` stands for (see `readTimeZone`), in its canonical spelling; undefined if unknown. */
export function resolveTimeZone(name: string): string | undefined {
  return readTimeZone(name)?.zone;
}

/** Parses a 24-hour "HH:MM" or "H:MM" time; undefined when it is not one. */
export function parseClockTime(text: string): ClockTime | undefined {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!match) return undefined;
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  if (hour > 23 || minute > 59) return undefined;
  return { hour, minute };
}

/** Formats a clock time as "HH:MM". */
export function formatClockTime(time: ClockTime): string {
  return `${String(time.hour).padStart(2, "0")}:${String(time.minute).padStart(2, "0")}`;
}

/** The local date ("YYYY-MM-DD") of an instant in a time zone. */
export function localDateOf(instant: Date, timeZone: string): string {
  return DateTime.fromJSDate(instant, { zone: timeZone }).toISODate() as string;
}

/** The local date `days` after `localDate`. */
export function addDays(localDate: string, days: number): string {
  return DateTime.fromISO(localDate, { zone: "UTC" }).plus({ days }).toISODate() as string;
}

const wallClock = (dt: DateTime) => dt.toFormat("yyyy-MM-dd HH:mm");

/**
 * The instant a post at local `time` on `localDate` is due. When the time does not exist that day
 * (skipped by daylight saving), it is the next minute that does; when it happens twice, the first.
 */
export function slotOn(localDate: string, time: ClockTime, timeZone: string): DateTime {
  const [year, month, day] = localDate.split("-").map(Number);
  const wall = { year, month, day, hour: time.hour, minute: time.minute };
  const target = `${localDate} ${formatClockTime(time)}`;
  const dt = DateTime.fromObject(wall, { zone: timeZone });
  if (wallClock(dt) === target) {
    // Luxon resolves a repeated time to its second occurrence; prefer the first one.
    const before = dt.minus({ hours: OFFSET_LOOKBACK_HOURS }).offset;
    const earlier = DateTime.fromObject(wall, { zone: FixedOffsetZone.instance(before) }).setZone(timeZone);
    return earlier < dt && wallClock(earlier) === target ? earlier : dt;
  }
  // In a gap Luxon moves forward by the gap's length; search back for the first minute after it.
  let low = 0; // minutes before `dt` known to be at or after the target wall time
  let high = MAX_DST_GAP_MINUTES; // minutes before `dt` assumed to be before it
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (wallClock(dt.minus({ minutes: middle })) >= target) low = middle;
    else high = middle;
  }
  return dt.minus({ minutes: low });
}

/** How a coming post time reads to users: "tomorrow, Fri 27 Nov at 09:00 (Europe/Berlin)". */
export function describeSlot(slot: DateTime, now: Date, timeZone: string): string {
  const local = slot.setZone(timeZone).setLocale(DISPLAY_LOCALE);
  const today = localDateOf(now, timeZone);
  const date = local.toISODate();
  const relative = date === today ? "today, " : date === addDays(today, 1) ? "tomorrow, " : "";
  return `${relative}${local.toFormat("ccc d LLL 'at' HH:mm")} (${timeZone})`;
}
