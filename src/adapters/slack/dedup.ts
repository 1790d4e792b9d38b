/**
 * Slack redelivers an event it saw no timely answer to (after a timeout, to another connection or
 * replica, after a restart). Its id is checked twice: in this process's bounded memory, which
 * costs nothing, then in the store that every replica shares, which outlives restarts.
 */
import type { Platform, SeenEvents } from "../../core/index.js";

/** How many event ids one process remembers by default; Slack redelivers within minutes, not thousands. */
export const DEFAULT_SEEN_CAPACITY = 5000;
/**
 * How long the store remembers an event id. Slack retries three times: at once, after a minute and
 * after five; an hour leaves room for a slow queue.
 */
export const SEEN_EVENT_TTL_MS = 60 * 60_000;

/**
 * Longest an answer waits for the store's word on its event id. A store that is slower (its
 * database locked by another process, a slow network) must not hold questions unanswered.
 */
export const SEEN_STORE_WAIT_MS = 2_000;

/**
 * The store's `firstSighting`, waited for at most `waitMs`; rejects when the store fails or is
 * slower. The store's operation goes on meanwhile, so the id is still recorded once it can be.
 */
export async function firstSightingWithin(
  store: SeenEvents,
  platform: Platform,
  eventId: string,
  waitMs = SEEN_STORE_WAIT_MS,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the store did not answer within ${waitMs / 1000} s`)), waitMs);
  });
  const asked = store.firstSighting(platform, eventId, SEEN_EVENT_TTL_MS);
  // Once given up on, its own failure has nobody left to tell.
  asked.catch(() => {});
  try {
    return await Promise.race([asked, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A bounded set of seen ids, oldest forgotten first. */
export interface SeenSet {
  /** Records `id`; true the first time it is seen (while remembered), false for a repeat. */
  firstSighting(id: string): boolean;
  /** How many ids are remembered. */
  readonly size: number;
}

/** Creates a seen-set remembering up to `capacity` ids. */
export function createSeenSet(capacity = DEFAULT_SEEN_CAPACITY): SeenSet {
  // A Map iterates in insertion order: its first key is the oldest.
  const seen = new Map<string, true>();
  return {
    firstSighting(id) {
      if (seen.has(id)) return false;
      seen.set(id, true);
      if (seen.size > capacity) {
        const oldest = seen.keys().next().value;
        if (oldest !== undefined) seen.delete(oldest);
      }
      return true;
    },
    get size() {
      return seen.size;
    },
  };
}
