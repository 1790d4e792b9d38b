import { getEventListeners } from "node:events";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { deadline, linkSignals } from "../../src/adapters/signals.js";

/** Node's own record of the signals that follow a source (filled by AbortSignal.any). */
const dependants = (signal: AbortSignal) => {
  const key = Object.getOwnPropertySymbols(signal).find((s) => String(s) === "Symbol(kDependantSignals)");
  return key ? ((signal as unknown as Record<symbol, Set<unknown>>)[key]?.size ?? 0) : 0;
};

describe("linked signals", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("abort when a source does, with its reason, or at the deadline with a TimeoutError", async () => {
    const stopping = new AbortController();
    const a = deadline(stopping.signal, 1_000);
    const b = deadline(stopping.signal, 60_000);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(a.aborted).toBe(true);
    expect((a.reason as DOMException).name).toBe("TimeoutError");
    expect(b.aborted).toBe(false);
    stopping.abort("stopping");
    expect(b.reason).toBe("stopping");
    // A source aborted already aborts the follower at once.
    expect(linkSignals([stopping.signal], 5_000).signal.reason).toBe("stopping");
  });

  it("follow every source given, and none once released", () => {
    const own = new AbortController();
    const shared = new AbortController();
    const joined = linkSignals([own.signal, undefined, shared.signal]);
    own.abort("own deadline");
    expect(joined.signal.reason).toBe("own deadline");
    const released = linkSignals([shared.signal], 1_000);
    released.release();
    shared.abort();
    expect(released.signal.aborted).toBe(false);
  });

  it("leave a long-lived source one listener and nothing per follower, however many followed it", async () => {
    const stopping = new AbortController();
    for (let i = 0; i < 1_000; i++) deadline(stopping.signal, 30_000);
    for (let i = 0; i < 1_000; i++) linkSignals([stopping.signal]).release();
    expect(getEventListeners(stopping.signal, "abort")).toHaveLength(1);
    expect(dependants(stopping.signal)).toBe(0);
    await vi.advanceTimersByTimeAsync(30_000);
    // Expired deadlines are let go: a shutdown now aborts only what follows it still.
    const late = deadline(stopping.signal, 30_000);
    stopping.abort();
    expect(late.aborted).toBe(true);
  });
});
