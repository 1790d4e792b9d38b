/**
 * The once-a-day rules, as pure functions of a subscription, the ledger and the time: when a
 * channel's post is due, when its next one comes, and when a failed post may be tried again.
 */
import type { DateTime } from "luxon";
import type { PostRecord, Subscription } from "./store.js";
import { addDays, type ClockTime, localDateOf, parseClockTime, slotOn } from "./time.js";

/** Attempts at one day's post before it is given up. */
export const MAX_POST_ATTEMPTS = 8;
/** Wait after the first failed attempt; it doubles after each further failure. */
const RETRY_BASE_MINUTES = 1;
/** Longest wait between two attempts. */
const RETRY_MAX_MINUTES = 30;
/** Days ahead searched for the next post (today's may be done, tomorrow's may be skipped by DST). */
const LOOKAHEAD_DAYS = 3;

/** A post time of a channel: its local date (the ledger key) and the instant. */
export interface Slot {
  localDate: string;
  at: DateTime;
}

/** The subscription's local time; falls back to midnight if the stored value is unreadable. */
function timeOf(subscription: Subscription): ClockTime {
  return parseClockTime(subscription.time) ?? { hour: 0, minute: 0 };
}

/** The channel's slot on a local date. */
export function slotFor(subscription: Subscription, localDate: string): Slot {
  return { localDate, at: slotOn(localDate, timeOf(subscription), subscription.timeZone) };
}

/**
 * Whether `now` is inside the slot's window: from the scheduled minute until `graceMinutes` after
 * it, so a bot that was down still posts if it comes back in time. Slots from before the
 * subscription was set up never count.
 */
export function inWindow(slot: Slot, subscription: Subscription, now: Date, graceMinutes: number): boolean {
  const at = slot.at.toMillis();
  const end = slot.at.plus({ minutes: graceMinutes + 1 }).toMillis();
  return at >= Date.parse(subscription.since) && at <= now.getTime() && now.getTime() < end;
}

/** Today's slot if it is due now (in its window), else undefined. Earlier days are never due. */
export function dueSlot(subscription: Subscription, now: Date, graceMinutes: number): Slot | undefined {
  if (subscription.paused) return undefined;
  const slot = slotFor(subscription, localDateOf(now, subscription.timeZone));
  return inWindow(slot, subscription, now, graceMinutes) ? slot : undefined;
}

/** Whether a failed post may be attempted again now: attempts left and its back-off elapsed. */
export function retryDue(record: PostRecord, now: Date): boolean {
  if (record.status !== "failed" || record.attempts >= MAX_POST_ATTEMPTS) return false;
  const wait = Math.min(RETRY_BASE_MINUTES * 2 ** (record.attempts - 1), RETRY_MAX_MINUTES);
  return now.getTime() >= Date.parse(record.updatedAt) + wait * 60_000;
}

/**
 * The channel's next post: today's slot if it is still ahead or due and not yet done, otherwise
 * the first later day's. `postOn` looks up the ledger row of a local date.
 */
export async function nextSlot(
  subscription: Subscription,
  now: Date,
  graceMinutes: number,
  postOn: (localDate: string) => Promise<PostRecord | undefined>,
): Promise<Slot> {
  const today = localDateOf(now, subscription.timeZone);
  for (let day = 0; day < LOOKAHEAD_DAYS; day++) {
    const slot = slotFor(subscription, addDays(today, day));
    if (slot.at.toMillis() < Date.parse(subscription.since)) continue;
    if (slot.at.toMillis() <= now.getTime() && !inWindow(slot, subscription, now, graceMinutes)) continue;
    const record = await postOn(slot.localDate);
    if (record && !(record.status === "failed" && record.attempts < MAX_POST_ATTEMPTS)) continue;
    return slot;
  }
  return slotFor(subscription, addDays(today, LOOKAHEAD_DAYS));
}
