import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../../../src/adapters/store/memory.js";
import { createDaily, type DailyStore } from "../../../src/core/daily/index.js";
import type { BotRequest, ChannelRef, Logger } from "../../../src/core/index.js";
import { BotError } from "../../../src/core/index.js";
import {
  channel,
  channelGone,
  fakePublisher,
  fixtureArticle,
  postedText,
  rateLimited,
  testClock,
} from "./fixture.js";

const article = fixtureArticle();
const where = channel("C1");
const MINUTE = 60_000;

function recordingLogger() {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const logger: Logger = {
    info: (message, fields) => lines.push({ level: "info", message, fields }),
    warn: (message, fields) => lines.push({ level: "warn", message, fields }),
    error: (message, fields) => lines.push({ level: "error", message, fields }),
  };
  return { logger, lines };
}

function instance(store: DailyStore, start: string, graceMinutes?: number) {
  const clock = testClock(start);
  const log = recordingLogger();
  const daily = createDaily({ article, store, clock, logger: log.logger, graceMinutes });
  const publisher = fakePublisher();
  daily.addPublisher(publisher);
  const command = (args: string, at: ChannelRef = where) =>
    daily.commands.handle(args, {
      where: at,
      user: "U1",
      source: "command",
      text: `daily ${args}`,
    } as BotRequest);
  return { clock, daily, publisher, command, log };
}

/** Ticks every `stepSeconds` from `from` (inclusive) to `to` (exclusive); returns the tick times that posted. */
async function tickThrough(run: ReturnType<typeof instance>, from: string, to: string, stepSeconds = 20) {
  const postedAt: string[] = [];
  for (let t = Date.parse(from); t < Date.parse(to); t += stepSeconds * 1000) {
    const summary = await run.daily.tick(new Date(t));
    if (summary.posts.some((p) => p.outcome === "posted")) postedAt.push(new Date(t).toISOString());
  }
  return postedAt;
}

describe("daily posting", () => {
  it("posts a public quote of the day once at the scheduled time", async () => {
    const store = createMemoryStore();
    const run = instance(store, "2026-11-26T08:00:00Z");
    await run.command("on 09:00 UTC");
    const postedAt = await tickThrough(run, "2026-11-26T08:59:00Z", "2026-11-26T10:00:00Z");
    expect(postedAt).toEqual(["2026-11-26T09:00:00.000Z"]);
    const [post] = run.publisher.posts;
    expect(post?.where).toEqual(where);
    expect(post?.idempotencyKey).toBe("daily:slack:T1:C1:2026-11-26");
    expect(post?.reply).toMatchObject({ kind: "daily-post", visibility: "public" });
    expect(post?.reply.blocks[0]).toEqual({ type: "heading", text: "Quote of the day" });
    expect(post?.reply.blocks[1]).toMatchObject({
      type: "quote",
      quote: { citation: expect.stringContaining("¶") },
    });
    expect(post?.reply.blocks[2]).toMatchObject({ type: "text" });
    expect(await store.getPost(where, "2026-11-26")).toMatchObject({ status: "posted", messageId: "m1" });
  });

  it("does not post again after a restart on the same day, and carries on the rotation the next day", async () => {
    const store = createMemoryStore();
    const first = instance(store, "2026-11-26T08:00:00Z");
    await first.command("on 09:00 UTC");
    await first.daily.tick(new Date("2026-11-26T09:00:00Z"));
    const restarted = instance(store, "2026-11-26T09:05:00Z");
    await tickThrough(restarted, "2026-11-26T09:05:00Z", "2026-11-26T09:10:00Z");
    expect(restarted.publisher.posts).toHaveLength(0);
    await restarted.daily.tick(new Date("2026-11-27T09:00:00Z"));
    expect(restarted.publisher.posts).toHaveLength(1);
    const [day1] = first.publisher.posts.map((p) => postedText(p.reply));
    const [day2] = restarted.publisher.posts.map((p) => postedText(p.reply));
    expect(day2).toBeDefined();
    expect(day2).not.toBe(day1);
  });

  it("posts once when two ticks run at the same instant", async () => {
    const store = createMemoryStore();
    const run = instance(store, "2026-11-26T08:00:00Z");
    await run.command("on 09:00 UTC");
    const now = new Date("2026-11-26T09:00:00Z");
    await Promise.all([run.daily.tick(now), run.daily.tick(now), run.daily.tick(now)]);
    expect(run.publisher.posts).toHaveLength(1);
  });

  it("never re-posts a claim whose outcome was never recorded (a crash mid-post)", async () => {
    const store = createMemoryStore();
    const crashed = instance(store, "2026-11-26T08:00:00Z");
    await crashed.command("on 09:00 UTC");
    crashed.publisher.publish = () => new Promise(() => {});
    void crashed.daily.tick(new Date("2026-11-26T09:00:00Z"));
    await Promise.resolve();
    const restarted = instance(store, "2026-11-26T09:01:00Z");
    await tickThrough(restarted, "2026-11-26T09:01:00Z", "2026-11-26T15:00:00Z", 600);
    expect(restarted.publisher.posts).toHaveLength(0);
    expect(await store.getPost(where, "2026-11-26")).toMatchObject({
      status: "uncertain",
      error: "the process posting it stopped before Slack answered",
    });
  });

  it("posts once when it comes back inside the grace window", async () => {
    const store = createMemoryStore();
    const run = instance(store, "2026-11-26T08:00:00Z", 360);
    await run.command("on 09:00 UTC");
    const postedAt = await tickThrough(run, "2026-11-26T15:00:30Z", "2026-11-26T15:05:00Z");
    expect(postedAt).toEqual(["2026-11-26T15:00:30.000Z"]);
  });

  it("does not post when it comes back after the grace window", async () => {
    const store = createMemoryStore();
    const run = instance(store, "2026-11-26T08:00:00Z", 360);
    await run.command("on 09:00 UTC");
    expect(await tickThrough(run, "2026-11-26T15:01:00Z", "2026-11-27T00:00:00Z", 300)).toEqual([]);
    expect(await store.getPost(where, "2026-11-26")).toBeUndefined();
  });

  it("never backfills earlier days after being down for several days", async () => {
    const store = createMemoryStore();
    const run = instance(store, "2026-11-26T08:00:00Z", 360);
    await run.command("on 09:00 UTC");
    const postedAt = await tickThrough(run, "2026-11-29T08:58:00Z", "2026-11-29T09:02:00Z");
    expect(postedAt).toEqual(["2026-11-29T09:00:00.000Z"]);
    expect(run.publisher.posts).toHaveLength(1);
    expect(await store.countPosts(where)).toBe(1);
  });

  it("does not post a slot from before the subscription was made", async () => {
    const store = createMemoryStore();
    const run = instance(store, "2026-11-26T10:00:00Z", 360);
    await run.command("on 09:00 UTC");
    expect(await tickThrough(run, "2026-11-26T10:00:00Z", "2026-11-26T10:05:00Z")).toEqual([]);
  });

  it("posts a time skipped by spring-forward at the next valid minute (02:30 → 03:00 in New York)", async () => {
    const store = createMemoryStore();
    const run = instance(store, "2026-03-07T12:00:00Z");
    await run.command("on 02:30 America/New_York");
    // 01:00 EST to 04:00 EDT on 2026-03-08.
    const postedAt = await tickThrough(run, "2026-03-08T06:00:00Z", "2026-03-08T08:00:00Z");
    expect(postedAt).toEqual(["2026-03-08T07:00:00.000Z"]);
  });

  it("posts a time repeated by fall-back once (01:30 in New York)", async () => {
    const store = createMemoryStore();
    const run = instance(store, "2026-10-31T12:00:00Z");
    await run.command("on 01:30 America/New_York");
    // 00:00 EDT to 03:00 EST on 2026-11-01, through both 01:30s.
    const postedAt = await tickThrough(run, "2026-11-01T04:00:00Z", "2026-11-01T08:00:00Z");
    expect(postedAt).toEqual(["2026-11-01T05:30:00.000Z"]);
  });

  it("pauses the subscription on a permanent error, logs why, and posts nothing more", async () => {
    const store = createMemoryStore();
    const run = instance(store, "2026-11-26T08:00:00Z");
    await run.command("on 09:00 UTC");
    run.publisher.failures.push(channelGone());
    const summary = await run.daily.tick(new Date("2026-11-26T09:00:00Z"));
    expect(summary.posts).toMatchObject([{ outcome: "paused", error: "The channel no longer exists." }]);
    expect((await store.getSubscription(where))?.paused?.reason).toBe("The channel no longer exists.");
    expect(run.log.lines.some((l) => l.level === "warn" && l.message.includes("paused"))).toBe(true);
    await tickThrough(run, "2026-11-26T09:01:00Z", "2026-11-28T10:00:00Z", 1800);
    expect(run.publisher.posts).toHaveLength(0);
  });

  it("retries a transient error on a later tick and posts exactly once, the same quote", async () => {
    const store = createMemoryStore();
    const run = instance(store, "2026-11-26T08:00:00Z");
    await run.command("on 09:00 UTC");
    run.publisher.failures.push(rateLimited());
    const failed = await run.daily.tick(new Date("2026-11-26T09:00:00Z"));
    expect(failed.posts).toMatchObject([{ outcome: "failed" }]);
    const chosen = failed.posts[0]?.passageId;
    const postedAt = await tickThrough(run, "2026-11-26T09:00:20Z", "2026-11-26T10:00:00Z");
    expect(postedAt).toEqual(["2026-11-26T09:01:00.000Z"]);
    expect(run.publisher.posts).toHaveLength(1);
    expect(await store.getPost(where, "2026-11-26")).toMatchObject({
      status: "posted",
      passageId: chosen,
      attempts: 2,
    });
  });

  it("never retries a post that may have arrived, so it cannot appear twice", async () => {
    const store = createMemoryStore();
    const run = instance(store, "2026-11-26T08:00:00Z");
    await run.command("on 09:00 UTC");
    run.publisher.failures.push(new BotError("publish_uncertain", "No answer from the platform."));
    const first = await run.daily.tick(new Date("2026-11-26T09:00:00Z"));
    expect(first.posts).toMatchObject([{ outcome: "uncertain", error: "No answer from the platform." }]);
    await tickThrough(run, "2026-11-26T09:00:20Z", "2026-11-26T15:00:00Z", 300);
    expect(run.publisher.posts).toHaveLength(0);
    expect(await store.getPost(where, "2026-11-26")).toMatchObject({ status: "uncertain" });
    await run.daily.tick(new Date("2026-11-27T09:00:00Z"));
    expect(run.publisher.posts).toHaveLength(1);
  });

  it("treats an unexpected publisher error as transient, without storing its message", async () => {
    const store = createMemoryStore();
    const run = instance(store, "2026-11-26T08:00:00Z");
    await run.command("on 09:00 UTC");
    run.publisher.failures.push(new Error("socket hang up token=xoxb-123"));
    await run.daily.tick(new Date("2026-11-26T09:00:00Z"));
    expect((await store.getPost(where, "2026-11-26"))?.error).toBe("unexpected Error while posting");
    await run.daily.tick(new Date("2026-11-26T09:02:00Z"));
    expect(run.publisher.posts).toHaveLength(1);
    expect((await store.getSubscription(where))?.paused).toBeUndefined();
  });

  it("gives up a day after the most attempts and tries again the next day", async () => {
    const store = createMemoryStore();
    const run = instance(store, "2026-11-26T08:00:00Z");
    await run.command("on 09:00 UTC");
    run.publisher.failures.push(...Array.from({ length: 20 }, rateLimited));
    await tickThrough(run, "2026-11-26T09:00:00Z", "2026-11-26T15:01:00Z", 60);
    const record = await store.getPost(where, "2026-11-26");
    expect(record).toMatchObject({ status: "failed", attempts: 8 });
    run.publisher.failures.length = 0;
    await run.daily.tick(new Date("2026-11-27T09:00:00Z"));
    expect(run.publisher.posts).toHaveLength(1);
  });

  it("skips channels whose platform has no publisher, without claiming them", async () => {
    const store = createMemoryStore();
    const run = instance(store, "2026-11-26T08:00:00Z");
    const discord = channel("D1", "discord", "G1");
    await run.command("on 09:00 UTC", discord);
    const summary = await run.daily.tick(new Date("2026-11-26T09:00:00Z"));
    expect(summary).toMatchObject({ posts: [], skipped: 1 });
    expect(await store.getPost(discord, "2026-11-26")).toBeUndefined();
  });

  it("walks every quotable passage before repeating, one a day", async () => {
    const store = createMemoryStore();
    const run = instance(store, "2026-11-26T08:00:00Z");
    await run.command("on 09:00 UTC");
    for (let day = 0; day < 7; day++)
      await run.daily.tick(new Date(Date.parse("2026-11-26T09:00:00Z") + day * 1440 * MINUTE));
    const texts = run.publisher.posts.map((p) => postedText(p.reply));
    expect(texts).toHaveLength(7);
    expect(new Set(texts).size).toBe(7);
  });

  it("keeps ticking other channels when one channel's store access fails", async () => {
    const store = createMemoryStore();
    const run = instance(store, "2026-11-26T08:00:00Z");
    await run.command("on 09:00 UTC", channel("C1"));
    await run.command("on 09:00 UTC", channel("C2"));
    const getPost = store.getPost.bind(store);
    store.getPost = async (at, date) => {
      if (at.channel === "C1") throw new Error("disk I/O error");
      return getPost(at, date);
    };
    const summary = await run.daily.tick(new Date("2026-11-26T09:00:00Z"));
    expect(summary.errors).toBe(1);
    expect(run.publisher.posts.map((p) => p.where.channel)).toEqual(["C2"]);
  });
});
