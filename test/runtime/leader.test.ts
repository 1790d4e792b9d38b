import { afterEach, describe, expect, it } from "vitest";
import { createMemoryStore } from "../../src/adapters/store/memory.js";
import type { Leases } from "../../src/core/index.js";
import { silentLogger } from "../../src/core/index.js";
import {
  type LeaderElection,
  type LeaderWork,
  replicaId,
  startLeaderElection,
  startLeaderOnly,
} from "../../src/runtime/leader.js";

/** Short enough to wait out: attempts every 100 ms. */
const LEASE_MS = 300;

const until = async (test: () => boolean, ms = 3_000) => {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

/** A store's leases that can be made to fail, as a replica that lost its database. */
function flaky(leases: Leases) {
  let broken = false;
  return {
    break: () => {
      broken = true;
    },
    leases: {
      acquireLease: (name: string, holder: string, ttl: number) =>
        broken ? Promise.reject(new Error("connection lost")) : leases.acquireLease(name, holder, ttl),
      releaseLease: (name: string, holder: string) =>
        broken ? Promise.reject(new Error("connection lost")) : leases.releaseLease(name, holder),
    } satisfies Leases,
  };
}

const elections: LeaderElection[] = [];
afterEach(async () => {
  await Promise.all(elections.splice(0).map((e) => e.stop()));
});

function elect(leases: Leases, name: string, log: string[], leaseMs = LEASE_MS) {
  const election = startLeaderElection({
    leases,
    name: "gateway",
    holder: name,
    leaseMs,
    logger: silentLogger,
    onElected: async () => {
      log.push(`${name}+`);
    },
    onDeposed: async () => {
      log.push(`${name}-`);
    },
  });
  elections.push(election);
  return election;
}

describe("leader election", () => {
  it("names replicas apart", () => {
    expect(replicaId()).not.toBe(replicaId());
  });

  it("elects one of two replicas; when the leader loses the store, it steps down before the standby takes over", async () => {
    const store = createMemoryStore();
    const log: string[] = [];
    const a = flaky(store);
    const first = elect(a.leases, "a", log);
    await first.settled;
    const second = elect(store, "b", log);
    await second.settled;
    expect([first.leading, second.leading]).toEqual([true, false]);
    // Renewals keep the lease with its leader for several lease periods.
    await new Promise((resolve) => setTimeout(resolve, 3 * LEASE_MS));
    expect(log).toEqual(["a+"]);

    const lost = Date.now();
    a.break();
    await until(() => log.includes("b+"));
    // Once the lease has run out (plus slack for a busy machine), and never two leaders at once.
    expect(Date.now() - lost).toBeLessThan(2 * LEASE_MS + 1_000);
    expect(log).toEqual(["a+", "a-", "b+"]);
    expect([first.leading, second.leading]).toEqual([false, true]);
  });

  it("hands the lease over at the standby's next attempt when the leader stops", async () => {
    const store = createMemoryStore();
    const log: string[] = [];
    // A lease long enough to tell a release (taken at the next attempt) from expiry.
    const leaseMs = 3_000;
    const first = elect(store, "a", log, leaseMs);
    await first.settled;
    const second = elect(store, "b", log, leaseMs);
    await second.settled;
    const stopped = Date.now();
    await first.stop();
    await until(() => second.leading);
    expect(Date.now() - stopped).toBeLessThan(leaseMs);
    expect(log).toEqual(["a+", "a-", "b+"]);
  });
});

/** Work that records whether it runs. */
function fakeWork(events: string[], name: string): LeaderWork {
  events.push(`${name} started`);
  return {
    state: () => ({ up: true }),
    stop: async () => {
      events.push(`${name} stopped`);
    },
  };
}

describe("work only the leader does", () => {
  const options = (
    leases: Leases,
    holder: string,
    start: () => Promise<LeaderWork>,
    fatal: string[] = [],
  ) => ({
    leases,
    name: "gateway",
    holder,
    leaseMs: LEASE_MS,
    logger: silentLogger,
    start,
    onFatal: (message: string) => fatal.push(message),
  });

  it("starts on the leader only; the standby reports ready as standby, then takes the work over", async () => {
    const store = createMemoryStore();
    const events: string[] = [];
    const leader = await startLeaderOnly(options(store, "a", async () => fakeWork(events, "a")));
    const standby = await startLeaderOnly(options(store, "b", async () => fakeWork(events, "b")));
    expect(events).toEqual(["a started"]);
    expect(leader.state()).toEqual({ up: true });
    expect(standby.state()).toEqual({ up: true, detail: "standby" });
    await leader.stop();
    await until(() => events.includes("b started"));
    expect(events).toEqual(["a started", "a stopped", "b started"]);
    expect(standby.state()).toEqual({ up: true });
    await standby.stop();
    expect(events).toEqual(["a started", "a stopped", "b started", "b stopped"]);
  });

  it("fails start-up with the work's own error, and gives the lease to the next replica", async () => {
    const store = createMemoryStore();
    const refused = await startLeaderOnly(
      options(store, "a", async () => {
        throw new Error("Discord rejected DISCORD_TOKEN");
      }),
    ).catch((err: unknown) => err);
    expect((refused as Error).message).toBe("Discord rejected DISCORD_TOKEN");
    expect(await store.acquireLease("gateway", "b", LEASE_MS)).toBe(true);
  });

  it("reports a failure to start after start-up as fatal", async () => {
    const store = createMemoryStore();
    const fatal: string[] = [];
    await store.acquireLease("gateway", "other", LEASE_MS);
    const standby = await startLeaderOnly(
      options(
        store,
        "a",
        async () => {
          throw new Error("Could not connect to Discord");
        },
        fatal,
      ),
    );
    expect(standby.state()).toEqual({ up: true, detail: "standby" });
    await until(() => fatal.length > 0);
    expect(fatal).toEqual(["Could not connect to Discord"]);
    await standby.stop();
  });
});
