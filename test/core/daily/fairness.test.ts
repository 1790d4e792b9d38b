import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createMemoryStore } from "../../../src/adapters/store/memory.js";
import {
  BotError,
  type BotReply,
  type BotRequest,
  type ChannelRef,
  CLAIM_LEASE_MS,
  createBot,
  createDaily,
  type DailyStore,
  MAX_OPEN_POSTS_PER_PLATFORM,
  type Platform,
  POSTS_IN_FLIGHT_PER_PLATFORM,
  PUBLISH_DEADLINE_MS,
  type Publisher,
  SLOW_POST_MS,
} from "../../../src/core/index.js";
import { startScheduler } from "../../../src/runtime/scheduler.js";
import { channel, fakePublisher, fixtureArticle, testClock } from "./fixture.js";

const article = fixtureArticle();
const SUBSCRIBED = "2026-11-26T08:00:00Z";
const NINE = new Date("2026-11-26T09:00:00Z");
const silent = { info() {}, warn() {}, error() {} };

/**
 * A publisher whose posts never get an answer (to the channels `hangs` picks, every channel by
 * default); it records each call and its abort signal, and answers the others at once.
 */
function hungPublisher(
  platform: Platform,
  options: { recheckWindowMs?: number; hangs?: (where: ChannelRef) => boolean } = {},
) {
  const { hangs = () => true, ...rest } = options;
  const calls: { where: ChannelRef; idempotencyKey: string; signal?: AbortSignal | undefined }[] = [];
  const posted: { where: ChannelRef; at: number }[] = [];
  const publisher: Publisher & { calls: typeof calls; posted: typeof posted } = {
    platform,
    calls,
    posted,
    ...rest,
    publish(where, _reply, { idempotencyKey, signal }) {
      calls.push({ where, idempotencyKey, signal });
      if (!hangs(where)) {
        posted.push({ where, at: Date.now() });
        return Promise.resolve({ messageId: `m-${where.channel}` });
      }
      return new Promise(() => {});
    },
  };
  return publisher;
}

function setup(store: DailyStore = createMemoryStore(), start = SUBSCRIBED) {
  const clock = testClock(start);
  const daily = createDaily({ article, store, clock, logger: silent });
  const bot = createBot({ article, daily: daily.commands });
  const ask = (text: string, where: ChannelRef) =>
    bot.handle({ where, user: "U1", source: "command", text } as BotRequest);
  return { clock, store, daily, ask };
}

const text = (reply: BotReply) => reply.blocks.map((b) => ("text" in b ? b.text : "")).join("\n");

describe("fair daily posting", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: NINE });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("posts to Slack on time while a Discord channel hangs, tick after tick, through the real scheduler", async () => {
    const { daily, ask, clock } = setup();
    const discord = hungPublisher("discord");
    const slack = fakePublisher("slack");
    daily.addPublisher(discord);
    daily.addPublisher(slack);
    await ask("daily on 09:00 UTC", channel("D1", "discord", "G1"));
    await ask("daily on 09:00 UTC", channel("C1"));
    await ask("daily on 09:01 UTC", channel("C2"));
    clock.set(NINE.toISOString());
    const scheduler = startScheduler({
      tick: async () => {
        clock.set(new Date().toISOString());
        await daily.dispatch();
      },
      logger: silent,
      intervalSeconds: 20,
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(discord.calls).toHaveLength(1);
    expect(slack.posts.map((p) => p.where.channel)).toEqual(["C1"]);
    // C2 is due at 09:01, while the Discord post is still hanging (its deadline is 20 s).
    await vi.advanceTimersByTimeAsync(60_000);
    expect(slack.posts.map((p) => p.where.channel)).toEqual(["C1", "C2"]);
    await scheduler.stop();
    await daily.stop(AbortSignal.abort());
  });

  it(`starts ${POSTS_IN_FLIGHT_PER_PLATFORM} posts at once per platform; one unanswered for ${SLOW_POST_MS} ms lets the next start, and is given up at its deadline`, async () => {
    const { daily, ask, store } = setup();
    const discord = hungPublisher("discord");
    daily.addPublisher(discord);
    const channels = Array.from({ length: POSTS_IN_FLIGHT_PER_PLATFORM + 2 }, (_, i) =>
      channel(`D${i}`, "discord", "G1"),
    );
    for (const where of channels) await ask("daily on 09:00 UTC", where);
    const tick = daily.tick(NINE);
    await vi.advanceTimersByTimeAsync(0);
    expect(discord.calls).toHaveLength(POSTS_IN_FLIGHT_PER_PLATFORM);
    await vi.advanceTimersByTimeAsync(SLOW_POST_MS - 100);
    expect(discord.calls).toHaveLength(POSTS_IN_FLIGHT_PER_PLATFORM);
    await vi.advanceTimersByTimeAsync(100);
    expect(discord.calls).toHaveLength(channels.length);
    // The slow posts still run: each is given up at its own deadline, not at the moment it was passed.
    expect(discord.calls.some((c) => c.signal?.aborted)).toBe(false);
    await vi.advanceTimersByTimeAsync(PUBLISH_DEADLINE_MS - SLOW_POST_MS + 1_000);
    expect(discord.calls.slice(0, POSTS_IN_FLIGHT_PER_PLATFORM).every((c) => c.signal?.aborted)).toBe(true);
    await vi.advanceTimersByTimeAsync(SLOW_POST_MS);
    const summary = await tick;
    expect(summary.posts.map((p) => p.outcome)).toEqual(channels.map(() => "uncertain"));
    expect(await store.getPost(channels[0] as ChannelRef, "2026-11-26")).toMatchObject({
      status: "uncertain",
      error: "Discord did not answer within 20 s",
    });
  });

  it("posts a healthy channel within seconds while 8 channels of the same minute hang ahead of it", async () => {
    const { daily, ask } = setup();
    const hung = Array.from({ length: 8 }, (_, i) => channel(`CHUNG${i}`));
    const healthy = channel("CFINE");
    const slack = hungPublisher("slack", { hangs: (where) => where.channel !== healthy.channel });
    daily.addPublisher(slack);
    // Subscribed first, the hung channels are first in the queue.
    for (const where of [...hung, healthy]) await ask("daily on 09:00 UTC", where);
    const tick = daily.tick(NINE);
    await vi.advanceTimersByTimeAsync(SLOW_POST_MS * Math.ceil(hung.length / POSTS_IN_FLIGHT_PER_PLATFORM));
    expect(slack.posted.map((p) => p.where.channel)).toEqual(["CFINE"]);
    expect((slack.posted[0]?.at ?? Number.NaN) - NINE.getTime()).toBeLessThanOrEqual(SLOW_POST_MS);
    await vi.advanceTimersByTimeAsync(PUBLISH_DEADLINE_MS + 1_000);
    const outcomes = (await tick).posts.map((p) => `${p.where.channel} ${p.outcome}`);
    expect(outcomes.sort()).toEqual(["CFINE posted", ...hung.map((h) => `${h.channel} uncertain`)].sort());
  });

  it(`keeps at most ${MAX_OPEN_POSTS_PER_PLATFORM} calls open per platform, slow ones included`, async () => {
    const { daily, ask } = setup();
    const slack = hungPublisher("slack");
    daily.addPublisher(slack);
    const channels = Array.from({ length: MAX_OPEN_POSTS_PER_PLATFORM + 3 }, (_, i) => channel(`C${i}`));
    for (const where of channels) await ask("daily on 09:00 UTC", where);
    const tick = daily.tick(NINE);
    await vi.advanceTimersByTimeAsync(PUBLISH_DEADLINE_MS - 1_000);
    expect(slack.calls).toHaveLength(MAX_OPEN_POSTS_PER_PLATFORM);
    // The first ones reach their deadline and make room for the last three.
    await vi.advanceTimersByTimeAsync(2_000);
    expect(slack.calls).toHaveLength(channels.length);
    await vi.advanceTimersByTimeAsync(PUBLISH_DEADLINE_MS * 2);
    expect((await tick).posts).toHaveLength(channels.length);
  });

  it("records a post the publisher dropped on the deadline, unsent, as failed and tries it again", async () => {
    const { daily, ask, store } = setup();
    const slack = fakePublisher("slack");
    let calls = 0;
    slack.publish = (_where, _reply, { signal }) => {
      calls++;
      if (calls > 1) return Promise.resolve({ messageId: "m2" });
      // Waiting out a rate limit: nothing sent yet, and the wait ends with the signal.
      return new Promise((_resolve, reject) =>
        signal?.addEventListener("abort", () =>
          reject(new BotError("publish_transient", "Stopped waiting.")),
        ),
      );
    };
    daily.addPublisher(slack);
    const where = channel("C1");
    await ask("daily on 09:00 UTC", where);
    const first = daily.tick(NINE);
    await vi.advanceTimersByTimeAsync(PUBLISH_DEADLINE_MS);
    expect((await first).posts).toMatchObject([{ outcome: "failed", error: "Stopped waiting." }]);
    await daily.tick(new Date("2026-11-26T09:02:00Z"));
    expect(await store.getPost(where, "2026-11-26")).toMatchObject({ status: "posted", messageId: "m2" });
  });

  it("on stop, lets a quick post finish, records a hung one as uncertain at the deadline, and starts no queued one", async () => {
    const { daily, ask, store } = setup();
    const discord = hungPublisher("discord");
    daily.addPublisher(discord);
    const channels = Array.from({ length: POSTS_IN_FLIGHT_PER_PLATFORM + 1 }, (_, i) =>
      channel(`D${i}`, "discord", "G1"),
    );
    for (const where of channels) await ask("daily on 09:00 UTC", where);
    const tick = daily.tick(NINE);
    await vi.advanceTimersByTimeAsync(0);
    const deadline = new AbortController();
    const stopped = daily.stop(deadline.signal);
    await vi.advanceTimersByTimeAsync(5_000);
    deadline.abort();
    await vi.advanceTimersByTimeAsync(1_000);
    await stopped;
    const summary = await tick;
    expect(summary.posts).toHaveLength(POSTS_IN_FLIGHT_PER_PLATFORM);
    expect(new Set(summary.posts.map((p) => p.error))).toEqual(
      new Set(["letterbot stopped before Discord answered"]),
    );
    expect(await store.getPost(channels.at(-1) as ChannelRef, "2026-11-26")).toBeUndefined();
    expect((await daily.tick(new Date("2026-11-26T09:01:00Z"))).posts).toEqual([]);
  });
});

describe("the honest daily ledger", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: NINE });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A Slack-like or Discord-like publisher that fails the first post as uncertain, then posts. */
  function flaky(platform: Platform, recheckWindowMs?: number) {
    const publisher = fakePublisher(platform);
    publisher.failures.push(new BotError("publish_uncertain", "No answer from the platform."));
    return Object.assign(publisher, recheckWindowMs ? { recheckWindowMs } : {});
  }

  it("repeats an uncertain post once where the platform recognises the repeat, with the same key", async () => {
    const { daily, ask, store } = setup();
    const discord = flaky("discord", 120_000);
    discord.failures.push(new BotError("publish_uncertain", "No answer again."));
    daily.addPublisher(discord);
    const where = channel("D1", "discord", "G1");
    await ask("daily on 09:00 UTC", where);
    expect((await daily.tick(NINE)).posts).toMatchObject([{ outcome: "uncertain" }]);
    expect((await daily.tick(new Date("2026-11-26T09:00:20Z"))).posts).toMatchObject([
      { outcome: "uncertain" },
    ]);
    // The one repeat was made; a second uncertain answer is left alone.
    expect((await daily.tick(new Date("2026-11-26T09:00:40Z"))).posts).toEqual([]);
    const record = await store.getPost(where, "2026-11-26");
    expect(record).toMatchObject({ status: "uncertain", resent: true, attempts: 2 });
  });

  it("retries once, within the platform's window, a post whose process died mid-post on Discord", async () => {
    const store = createMemoryStore();
    const crashed = setup(store);
    const where = channel("D1", "discord", "G1");
    const hung = hungPublisher("discord", { recheckWindowMs: 120_000 });
    crashed.daily.addPublisher(hung);
    await crashed.ask("daily on 09:00 UTC", where);
    void crashed.daily.tick(NINE);
    await vi.advanceTimersByTimeAsync(0);
    // The process is killed: nothing more of it runs. A new one starts on the same store.
    const restarted = setup(store);
    const discord = fakePublisher("discord");
    Object.assign(discord, { recheckWindowMs: 120_000 });
    restarted.daily.addPublisher(discord);
    const early = await restarted.daily.tick(new Date(NINE.getTime() + 5_000));
    expect(early.posts).toEqual([]);
    const later = await restarted.daily.tick(new Date(NINE.getTime() + CLAIM_LEASE_MS + 1_000));
    expect(later.posts).toMatchObject([{ outcome: "posted" }]);
    expect(discord.posts[0]?.idempotencyKey).toBe(hung.calls[0]?.idempotencyKey);
    expect(await store.getPost(where, "2026-11-26")).toMatchObject({ status: "posted", resent: true });
  });

  it("leaves a Slack post whose process died mid-post uncertain, unrepeated, and says so in daily status", async () => {
    const store = createMemoryStore();
    const crashed = setup(store);
    const where = channel("C1");
    crashed.daily.addPublisher(hungPublisher("slack"));
    await crashed.ask("daily on 09:00 UTC", where);
    void crashed.daily.tick(NINE);
    await vi.advanceTimersByTimeAsync(0);

    const restarted = setup(store, "2026-11-26T09:00:05Z");
    const slack = fakePublisher("slack");
    restarted.daily.addPublisher(slack);
    // Minutes later the claim is plainly orphaned: in doubt, it is not repeated.
    restarted.clock.set("2026-11-26T09:10:00Z");
    const summary = await restarted.daily.tick(new Date("2026-11-26T09:10:00Z"));
    expect(summary.posts).toMatchObject([{ outcome: "uncertain" }]);
    expect(slack.posts).toEqual([]);

    const status = text(await restarted.ask("daily status", where));
    expect(status).toContain("Quotes posted here so far: 0, and 1 uncertain.");
    expect(status).toContain(
      "Uncertain: the post for 2026-11-26 may not have arrived (the process posting it stopped before Slack answered).",
    );
  });

  it("counts a stale claim as uncertain in daily status even before any tick looked at it", async () => {
    const store = createMemoryStore();
    const run = setup(store, "2026-11-26T09:05:00Z");
    const where = channel("C1");
    await run.ask("daily on 09:00 UTC", where);
    await store.claim({ where, localDate: "2026-11-25", passageId: "p5.s1", at: "2026-11-25T09:00:00.000Z" });
    await store.claim({ where, localDate: "2026-11-24", passageId: "p5.s2", at: "2026-11-24T09:00:00.000Z" });
    await store.markPosted(where, "2026-11-24", "m1", "2026-11-24T09:00:01.000Z");
    const status = text(await run.ask("daily status", where));
    expect(status).toContain("Quotes posted here so far: 1, and 1 uncertain.");
    expect(status).toContain("Uncertain: the post for 2026-11-25 may not have arrived.");
  });
});
