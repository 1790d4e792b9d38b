/**
 * The SQLite store while another process holds its database's write lock: nothing waits on the
 * event loop's thread, writes go through in order once the lock is free or fail clearly at their
 * deadline, and reads answer all along.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterEach, describe, expect, it } from "vitest";
import { openSqliteStore } from "../../../src/adapters/store/sqlite.js";
import { isBotError, type Store, type Subscription } from "../../../src/core/index.js";
import { channel } from "../../core/daily/fixture.js";
import { type HeldLock, holdLock } from "../../fakes/sqlite/lock.js";

/**
 * Longest the event loop may stall, in ms, on a slow and busy machine. A try waits at most 20 ms
 * for a lock; a statement left to SQLite's own busy wait would stall it for seconds.
 */
const LOOP_STALL_BOUND_MS = 400;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const locks: HeldLock[] = [];
const stores: Store[] = [];
afterEach(async () => {
  await Promise.all(locks.splice(0).map((lock) => lock.release()));
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

/** A store on a fresh file (with what `before` writes), and that file locked by another process. */
async function lockedStore(
  options: Parameters<typeof openSqliteStore>[1] = {},
  before: (store: Store) => Promise<unknown> = async () => {},
) {
  const file = join(mkdtempSync(join(tmpdir(), "letterbot-busy-")), "letterbot.sqlite");
  const store = openSqliteStore(file, options);
  stores.push(store);
  await before(store);
  const lock = await holdLock(file);
  locks.push(lock);
  return { file, store, lock };
}

/** The longest the event loop stalled while `work` ran, in ms. */
async function stallDuring<T>(work: () => Promise<T>): Promise<{ value: T; stallMs: number }> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  // The monitor counts stalls only once its own timer has started.
  await sleep(50);
  try {
    const value = await work();
    return { value, stallMs: delay.max / 1e6 };
  } finally {
    delay.disable();
  }
}

const where = channel("C1");
const subscription = (time: string): Subscription => ({
  where,
  time,
  timeZone: "UTC",
  since: "2026-11-26T08:00:00.000Z",
});

describe("the SQLite store while another process holds the database locked", () => {
  it("waits for the lock without blocking the event loop, then makes every write, in order", async () => {
    const { store, lock } = await lockedStore();
    const { value, stallMs } = await stallDuring(async () => {
      const writes = [
        store.saveSubscription(subscription("09:00")),
        store.claim({ where, localDate: "2026-11-26", passageId: "p1", at: "2026-11-26T09:00:00.000Z" }),
        store.firstSighting("slack", "Ev1", 60_000),
        store.acquireLease("gateway", "me", 10_000),
        store.saveSubscription(subscription("10:30")),
      ];
      let settled = 0;
      for (const write of writes)
        write.then(
          () => settled++,
          () => settled++,
        );
      // Timers keep firing while the writes wait: the event loop is free.
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 20);
      await sleep(1_000);
      clearInterval(ticker);
      const whileLocked = { settled, ticks };
      await lock.release();
      return { whileLocked, results: await Promise.all(writes) };
    });
    expect(value.whileLocked.settled).toBe(0);
    expect(value.whileLocked.ticks).toBeGreaterThan(10);
    expect(value.results).toEqual([undefined, true, true, true, undefined]);
    expect(stallMs).toBeLessThan(LOOP_STALL_BOUND_MS);
    // The later subscription is the one kept: writes waiting for the lock keep their order.
    expect((await store.getSubscription(where))?.time).toBe("10:30");
    expect(await store.firstSighting("slack", "Ev1", 60_000)).toBe(false);
  });

  it("answers reads at once, a readiness ping among them, while writes wait", async () => {
    const { store, lock } = await lockedStore({}, (store) => store.saveSubscription(subscription("09:00")));
    const write = store.saveSubscription(subscription("10:30"));
    let written = false;
    void write.then(() => {
      written = true;
    });
    const started = performance.now();
    await store.ping();
    expect((await store.getSubscription(where))?.time).toBe("09:00");
    expect(await store.listSubscriptions()).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(written).toBe(false);
    await lock.release();
    await write;
    expect((await store.getSubscription(where))?.time).toBe("10:30");
  });

  it("gives a write up at its deadline with a clear error, and never makes it later", async () => {
    const { store, lock } = await lockedStore({ busyDeadlineMs: 300 });
    const { value: failure, stallMs } = await stallDuring(() =>
      store.saveSubscription(subscription("09:00")).then(
        () => undefined,
        (err: unknown) => err,
      ),
    );
    expect(isBotError(failure, "store_failed")).toBe(true);
    expect((failure as Error).message).toBe(
      "The database failed to save a subscription: another process kept it locked for 0.3 s.",
    );
    expect(stallMs).toBeLessThan(LOOP_STALL_BOUND_MS);
    await lock.release();
    // A later write goes through; the one given up was not kept waiting to be made after all.
    expect(await store.claim({ where, localDate: "2026-11-27", passageId: "p1", at: "x" })).toBe(true);
    await sleep(300);
    expect(await store.getSubscription(where)).toBeUndefined();
  });

  it("opens a database another process holds locked, when its schema is up to date", async () => {
    const { file } = await lockedStore();
    const started = performance.now();
    const second = openSqliteStore(file);
    stores.push(second);
    expect(performance.now() - started).toBeLessThan(1_000);
    await second.ping();
  });
});
