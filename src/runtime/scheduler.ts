/**
 * The daily-quote timer: calls `tick` every interval, one tick at a time (the next is scheduled
 * only when the previous one has finished), and keeps going whatever a tick throws.
 */
import type { Logger } from "../core/index.js";

/** Seconds between two ticks by default: posts go out within this long of their minute. */
export const DEFAULT_TICK_SECONDS = 20;

/** The timer functions the scheduler uses; injected so tests control time. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Options of `startScheduler`. */
export interface SchedulerOptions {
  /** The work to do on each tick, e.g. `() => daily.tick()`. */
  tick: () => Promise<unknown>;
  logger: Logger;
  intervalSeconds?: number;
  timers?: Timers;
}

/** A running scheduler. */
export interface Scheduler {
  /** Stops ticking; resolves once a tick in progress has finished. */
  stop(): Promise<void>;
}

/** Starts ticking: the first tick runs right away (catching up after a restart), then every interval. */
export function startScheduler(options: SchedulerOptions): Scheduler {
  const timers = options.timers ?? systemTimers;
  const intervalMs = (options.intervalSeconds ?? DEFAULT_TICK_SECONDS) * 1000;
  let stopped = false;
  let handle: unknown;
  let running: Promise<void> | undefined;

  const run = () => {
    handle = undefined;
    running = (async () => {
      try {
        await options.tick();
      } catch (err) {
        options.logger.error("daily tick failed", { err });
      }
    })().finally(() => {
      running = undefined;
      if (!stopped) handle = timers.setTimeout(run, intervalMs);
    });
  };

  handle = timers.setTimeout(run, 0);
  return {
    async stop() {
      stopped = true;
      if (handle !== undefined) timers.clearTimeout(handle);
      handle = undefined;
      await running;
    },
  };
}
