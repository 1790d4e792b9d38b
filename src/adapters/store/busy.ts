/**
 * better-sqlite3 runs each statement on the event loop's own thread, so a statement that waits for
 * another process's lock (a second letterbot on the same file, a backup, an `sqlite3` shell with a
 * transaction open) holds up everything else meanwhile: health checks, acknowledgements, answers.
 * So a statement waits in SQLite itself only `BUSY_WAIT_MS`; while the lock stays taken, it is
 * tried again from a timer, with the event loop free in between, until `BUSY_DEADLINE_MS` have
 * passed. Writes that meet a locked database wait in one line, in the order they came: one try
 * per retry, whatever the number waiting, and each runs once those before it went through. Reads
 * need no lock in WAL mode, so they do not wait in that line: a read answers at once while another
 * process writes, as a health check's does.
 */
import { BotError } from "../../core/index.js";

/** Longest one try waits inside SQLite for a lock, blocking the event loop meanwhile, in ms. */
export const BUSY_WAIT_MS = 20;
/** How long an operation is tried again while another process holds the lock, in ms. */
export const BUSY_DEADLINE_MS = 5_000;
/** Pause before the first retry; each further one doubles it, up to `MAX_RETRY_MS`. */
const FIRST_RETRY_MS = 10;
const MAX_RETRY_MS = 250;
/** Longest run of waiting operations done in one turn of the event loop once the lock is free, in ms. */
const DRAIN_SLICE_MS = 10;

/** Whether SQLite said another connection holds the lock it needs (`SQLITE_BUSY` and its variants). */
export function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("SQLITE_BUSY");
}

/** Runs store operations, waiting for another process's lock without blocking the event loop. */
export interface BusyQueue {
  /**
   * Runs the write `attempt` now when nothing is waiting, else in line after what is. Resolves
   * with its result; rejects with `BotError("store_failed")` saying it could not `what`, without
   * the SQL or its values, when it fails, or when the database stayed locked past the deadline
   * (then it never runs later).
   */
  write<T>(what: string, attempt: () => T): Promise<T>;
  /** Runs the read `attempt` now, whatever waits; in line only if SQLite says it is busy too. */
  read<T>(what: string, attempt: () => T): Promise<T>;
  /** Rejects every waiting operation and stops retrying: the store is closing. */
  close(): void;
}

interface Waiting {
  what: string;
  attempt: () => unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
  /** `performance.now()` past which it is given up. */
  expires: number;
}

const failed = (what: string, cause: unknown) =>
  new BotError("store_failed", `The database failed to ${what}.`, { cause });

/** Creates the queue; `deadlineMs` is how long one operation may wait for the lock. */
export function createBusyQueue(deadlineMs = BUSY_DEADLINE_MS): BusyQueue {
  const line: Waiting[] = [];
  let timer: NodeJS.Timeout | undefined;
  let retryMs = FIRST_RETRY_MS;
  let closed = false;

  const timedOut = (w: Waiting, cause: unknown) =>
    w.reject(
      new BotError(
        "store_failed",
        `The database failed to ${w.what}: another process kept it locked for ${deadlineMs / 1000} s.`,
        { cause },
      ),
    );

  /** Gives up every waiting operation whose deadline has passed. */
  const expire = (now: number, cause: unknown) => {
    for (let i = line.length - 1; i >= 0; i--) {
      const w = line[i] as Waiting;
      if (w.expires > now) continue;
      line.splice(i, 1);
      timedOut(w, cause);
    }
  };

  const retryLater = (now: number) => {
    const first = line[0];
    if (!first || closed) return;
    // Woken no later than the first deadline, so a give-up is told when it is due.
    const delay = Math.max(0, Math.min(retryMs, first.expires - now));
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
    timer = setTimeout(drain, delay);
  };

  /** Runs the waiting operations in order until the lock is met again or none is left. */
  function drain() {
    timer = undefined;
    const sliceEnd = performance.now() + DRAIN_SLICE_MS;
    while (line.length > 0 && !closed) {
      const w = line[0] as Waiting;
      try {
        const value = w.attempt();
        line.shift();
        retryMs = FIRST_RETRY_MS;
        w.resolve(value);
      } catch (err) {
        if (isBusy(err)) {
          const now = performance.now();
          expire(now, err);
          retryLater(now);
          return;
        }
        line.shift();
        w.reject(failed(w.what, err));
      }
      if (performance.now() > sliceEnd && line.length > 0) {
        // The rest in a later turn, so that a long line does not hold the event loop either.
        timer = setTimeout(drain, 0);
        return;
      }
    }
  }

  const run = <T>(what: string, attempt: () => T, tryNow: boolean): Promise<T> => {
    if (closed) return Promise.reject(failed(what, new Error("the store is closed")));
    if (tryNow) {
      try {
        return Promise.resolve(attempt());
      } catch (err) {
        if (!isBusy(err)) return Promise.reject(failed(what, err));
      }
    }
    return new Promise<T>((resolve, reject) => {
      line.push({
        what,
        attempt,
        resolve: resolve as (value: unknown) => void,
        reject,
        expires: performance.now() + deadlineMs,
      });
      if (!timer) retryLater(performance.now());
    });
  };

  return {
    write: (what, attempt) => run(what, attempt, line.length === 0),
    read: (what, attempt) => run(what, attempt, true),
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      for (const w of line.splice(0)) w.reject(failed(w.what, new Error("the store was closed")));
    },
  };
}
