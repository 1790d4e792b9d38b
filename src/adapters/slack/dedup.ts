/**
 * Remembers the most recent event ids so that Slack's redeliveries of an event (after a timeout,
 * or to a second connection) never get a second answer. Bounded: the oldest ids are forgotten.
 */

/** How many event ids are remembered by default; Slack redelivers within minutes, not thousands. */
export const DEFAULT_SEEN_CAPACITY = 5000;

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
