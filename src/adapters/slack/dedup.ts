/**
 * Slack redelivers an event it saw no timely answer to (after a timeout, to another connection or
 * replica, after a restart). Its id is checked twice: in this process's bounded memory, which
 * costs nothing, then in the store that every replica shares, which outlives restarts.
 */

/** How many event ids one process remembers by default; Slack redelivers within minutes, not thousands. */
export const DEFAULT_SEEN_CAPACITY = 5000;
/**
 * How long the store remembers an event id. Slack retries three times: at once, after a minute and
 * after five; an hour leaves room for a slow queue.
 */
export const SEEN_EVENT_TTL_MS = 60 * 60_000;

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
