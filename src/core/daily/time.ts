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

// IANA names are letters, digits and `_ + - /`; offsets such as "+01:00" are not accepted.
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;

/** The canonical spelling of an IANA time zone name, matched regardless of case; undefined if unknown. */
export function resolveTimeZone(name: string): string | undefined {
  if (!ZONE_NAME.test(name) || !IANAZone.isValidZone(name)) return undefined;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
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
