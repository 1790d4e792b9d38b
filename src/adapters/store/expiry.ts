/**
 * Expired event ids and OAuth states only take space (every read checks expiry), so each process
 * deletes them now and then instead of on every write.
 */

/** Least time between two deletions of expired rows by one process. */
export const SWEEP_INTERVAL_MS = 10 * 60_000;

/** True at most once per `SWEEP_INTERVAL_MS`: whether this write should also delete expired rows. */
export function createSweepTimer(intervalMs = SWEEP_INTERVAL_MS): () => boolean {
  let last = Number.NEGATIVE_INFINITY;
  return () => {
    const now = Date.now();
    if (now - last < intervalMs) return false;
    last = now;
    return true;
  };
}
