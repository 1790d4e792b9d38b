/** What the daily-quote parts share: the passages in rotation, the store, time and logging. */
import type { Logger } from "../ports.js";
import type { ChannelRef, Passage } from "../types.js";
import { channelKey, passageAt } from "./rotation.js";
import type { Slot } from "./schedule.js";
import type { DailyStore } from "./store.js";

/** Shared state of one daily-quote instance. */
export interface DailyContext {
  /** Quotable passages in article order: what the rotation walks. */
  passages: readonly Passage[];
  byId: ReadonlyMap<string, Passage>;
  store: DailyStore;
  now: () => Date;
  logger: Logger;
  defaultTimeZone: string;
  graceMinutes: number;
}

/**
 * The passage a channel posts next: the one a failed claim on `slot`'s date already chose (a retry
 * posts the same quote), else the next one in the channel's rotation.
 */
export async function upcomingPassage(
  context: DailyContext,
  where: ChannelRef,
  slot?: Slot,
): Promise<Passage | undefined> {
  if (slot) {
    const record = await context.store.getPost(where, slot.localDate);
    const chosen = record?.status === "failed" ? context.byId.get(record.passageId) : undefined;
    if (chosen) return chosen;
  }
  return passageAt(channelKey(where), await context.store.countPosts(where), context.passages);
}
