import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Logger } from "../../src/core/index.js";
import { startScheduler } from "../../src/runtime/scheduler.js";

function recordingLogger() {
  const errors: string[] = [];
  const logger: Logger = { info() {}, warn() {}, error: (message) => errors.push(message) };
  return { logger, errors };
}

describe("the daily scheduler", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("ticks right away and then every interval", async () => {
    let ticks = 0;
    const scheduler = startScheduler({
      tick: async () => {
        ticks++;
      },
      logger: recordingLogger().logger,
      intervalSeconds: 20,
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(ticks).toBe(1);
    await vi.advanceTimersByTimeAsync(19_999);
    expect(ticks).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(ticks).toBe(2);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(ticks).toBe(5);
    await scheduler.stop();
  });

  it("never starts a tick while the previous one is still running", async () => {
    let active = 0;
    let most = 0;
    let started = 0;
    const slowTick = async () => {
      started++;
      active++;
      most = Math.max(most, active);
      await new Promise((resolve) => setTimeout(resolve, 50_000));
      active--;
    };
    const scheduler = startScheduler({
      tick: slowTick,
      logger: recordingLogger().logger,
      intervalSeconds: 20,
    });
    await vi.advanceTimersByTimeAsync(200_000);
    expect(most).toBe(1);
    // Each tick takes 50 s and the next one waits 20 s after it: ticks start at 0, 70, 140 s.
    expect(started).toBe(3);
    await scheduler.stop();
  });

  it("logs a failing tick and keeps ticking", async () => {
    const { logger, errors } = recordingLogger();
    let ticks = 0;
    const scheduler = startScheduler({
      tick: async () => {
        ticks++;
        throw new Error("database is locked");
      },
      logger,
      intervalSeconds: 20,
    });
    await vi.advanceTimersByTimeAsync(40_000);
    expect(ticks).toBe(3);
    expect(errors).toEqual(["daily tick failed", "daily tick failed", "daily tick failed"]);
    await scheduler.stop();
  });

  it("stops after waiting for the tick in flight, and ticks no more", async () => {
    let finished = false;
    let ticks = 0;
    const scheduler = startScheduler({
      tick: async () => {
        ticks++;
        await new Promise((resolve) => setTimeout(resolve, 5_000));
        finished = true;
      },
      logger: recordingLogger().logger,
    });
    await vi.advanceTimersByTimeAsync(0);
    let stopped = false;
    const stopping = scheduler.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(4_000);
    expect(stopped).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    await stopping;
    expect(finished).toBe(true);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(ticks).toBe(1);
  });

  it("uses injected timer functions when given", async () => {
    const pending: (() => void)[] = [];
    let ticks = 0;
    const scheduler = startScheduler({
      tick: async () => {
        ticks++;
      },
      logger: recordingLogger().logger,
      timers: {
        setTimeout: (callback) => pending.push(callback),
        clearTimeout: () => {},
      },
    });
    expect(ticks).toBe(0);
    pending.shift()?.();
    await vi.advanceTimersByTimeAsync(0);
    expect(ticks).toBe(1);
    expect(pending).toHaveLength(1);
    await scheduler.stop();
  });
});
