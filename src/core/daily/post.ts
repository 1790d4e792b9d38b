/**
 * Daily posting: for every subscription whose slot is due, claim the day in the ledger, post only
 * if the claim is ours, then record the outcome. The claim is what makes a post happen once across
 * restarts, overlapping ticks and processes sharing a store. Every decision and every recorded
 * time uses the tick's `now`, so a tick is repeatable.
 *
 * Each platform posts from its own queue, a few posts starting at a time, and every post has a
 * deadline. A post still unanswered after a moment stops counting against its queue, so hung
 * channels (or a hung platform) never hold up the healthy ones for longer than that moment. A post
 * that was sent but never confirmed is "uncertain": it is repeated only where the platform
 * recognises the repeat (Discord's nonce), once, and otherwise left alone, so no channel sees a
 * quote twice.
 */
import { isBotError } from "../errors.js";
import type { Published, Publisher } from "../ports.js";
import type { ChannelRef, Passage, Platform } from "../types.js";
import type { DailyContext } from "./context.js";
import { dailyPostReply } from "./replies.js";
import { channelKey, passageAt } from "./rotation.js";
import { dueSlot, retryDue, type Slot } from "./schedule.js";
import type { PostRecord, Subscription } from "./store.js";

/** Longest failure reason kept in the ledger and shown by `daily status`. */
const MAX_REASON_LENGTH = 300;
/** How long one platform call for a daily post may take before it is abandoned as uncertain. */
export const PUBLISH_DEADLINE_MS = 20_000;
/** After a deadline or shutdown aborts a post, how long the publisher has to say it surely did not post. */
export const ABORT_SETTLE_MS = 250;
/**
 * A claim still unresolved this long after its attempt belongs to a process that died: a live one
 * records every attempt's outcome by its deadline.
 */
export const CLAIM_LEASE_MS = PUBLISH_DEADLINE_MS + ABORT_SETTLE_MS + 10_000;
/** Posts of one platform that may start together: a burst of due channels is spread out this much. */
export const POSTS_IN_FLIGHT_PER_PLATFORM = 8;
/**
 * How long a post holds its place in its platform's queue. A post takes well under a second when
 * the platform answers; one still waiting after this long is on a hung channel or a rate-limit
 * wait, and lets the next post start while it runs on to its deadline.
 */
export const SLOW_POST_MS = 2_000;
/** Calls one platform has open at most, slow ones included: what hung channels can tie up. */
export const MAX_OPEN_POSTS_PER_PLATFORM = 64;

/** What happened to one due post. */
export interface PostOutcome {
  where: ChannelRef;
  localDate: string;
  outcome: "posted" | "failed" | "paused" | "uncertain";
  passageId: string;
  messageId?: string;
  error?: string;
}

/** What one tick did. */
export interface TickSummary {
  /** Posts attempted by this instance, with their outcome. */
  posts: PostOutcome[];
  /** Subscriptions skipped because their platform has no publisher. */
  skipped: number;
  /** Subscriptions whose handling failed unexpectedly (logged). */
  errors: number;
}

/** A reason safe to store and show: BotError messages never hold secrets; others are named only. */
function reasonOf(err: unknown): string {
  const text = isBotError(err)
    ? err.message
    : `unexpected ${err instanceof Error ? err.name : "error"} while posting`;
  return text.length > MAX_REASON_LENGTH ? `${text.slice(0, MAX_REASON_LENGTH - 1)}…` : text;
}

/** Whether a ledger row is a post sent without confirmation, as of `now`. */
export function isUnconfirmed(record: PostRecord, now: Date): boolean {
  if (record.status === "uncertain") return true;
  return record.status === "claimed" && now.getTime() - Date.parse(record.attemptedAt) > CLAIM_LEASE_MS;
}

/** What to do with a due slot, given its ledger row. */
type Plan = { kind: "post"; passage: Passage } | { kind: "orphaned"; record: PostRecord } | { kind: "none" };

/** Claims the slot's day for this instance, or says why not. */
async function plan(
  context: DailyContext,
  publisher: Publisher,
  where: ChannelRef,
  slot: Slot,
  now: Date,
): Promise<Plan> {
  const { store } = context;
  const at = now.toISOString();
  const record = await store.getPost(where, slot.localDate);
  const next = async () => passageAt(channelKey(where), await store.countPosts(where), context.passages);
  const none: Plan = { kind: "none" };
  if (!record) {
    const passage = await next();
    if (!passage) return none;
    const claimed = await store.claim({ where, localDate: slot.localDate, passageId: passage.id, at });
    return claimed ? { kind: "post", passage } : none;
  }
  const passage = context.byId.get(record.passageId) ?? (await next());
  if (!passage) return none;
  if (retryDue(record, now)) {
    return (await store.reclaim(where, slot.localDate, record.attempts, at))
      ? { kind: "post", passage }
      : none;
  }
  if (!isUnconfirmed(record, now)) return none;
  const window = publisher.recheckWindowMs;
  const sinceAttempt = now.getTime() - Date.parse(record.attemptedAt);
  if (!record.resent && window !== undefined && sinceAttempt <= window) {
    // The platform recognises the repeat (same idempotency key), so the one repeat is safe.
    const resent = await store.resend(where, slot.localDate, record.attemptedAt, at);
    return resent ? { kind: "post", passage } : none;
  }
  return record.status === "claimed" ? { kind: "orphaned", record } : none;
}

/** How an attempt ended: the platform's answer, its error, or no answer before the deadline or shutdown. */
type Attempt = { ok: Published } | { err: unknown } | { abandoned: string };

const platformName = (platform: Platform) => `${platform.charAt(0).toUpperCase()}${platform.slice(1)}`;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Calls the publisher with a deadline; `stopping` aborts it at shutdown's deadline. */
async function attempt(
  publisher: Publisher,
  where: ChannelRef,
  passage: Passage,
  idempotencyKey: string,
  stopping: AbortSignal,
): Promise<Attempt> {
  const controller = new AbortController();
  const onStop = () => controller.abort("shutdown");
  stopping.addEventListener("abort", onStop, { once: true });
  const timer = setTimeout(() => controller.abort("deadline"), PUBLISH_DEADLINE_MS);
  const aborted = new Promise<undefined>((resolve) =>
    controller.signal.addEventListener("abort", () => resolve(undefined), { once: true }),
  );
  try {
    const call: Promise<Attempt> = publisher
      .publish(where, dailyPostReply(passage), { idempotencyKey, signal: controller.signal })
      .then(
        (ok) => ({ ok }),
        (err: unknown) => ({ err }),
      );
    const first = await Promise.race([call, aborted]);
    if (first) return first;
    // The publisher may still say, in a moment, that it posted, or that nothing was sent (a
    // rate-limit wait it dropped); any other answer now is only the abort echoed back.
    const late = await Promise.race([call, sleep(ABORT_SETTLE_MS).then(() => undefined)]);
    if (late && ("ok" in late || ("err" in late && isBotError(late.err, "publish_transient")))) return late;
    const name = platformName(publisher.platform);
    return {
      abandoned:
        controller.signal.reason === "deadline"
          ? `${name} did not answer within ${PUBLISH_DEADLINE_MS / 1000} s`
          : `letterbot stopped before ${name} answered`,
    };
  } finally {
    clearTimeout(timer);
    stopping.removeEventListener("abort", onStop);
  }
}

/**
 * A queue per platform: at most `limit` tasks hold a place at once, and a task gives its place
 * back when it ends or after `slowMs`, whichever comes first; at most `cap` tasks run at once,
 * those past `slowMs` included. The rest wait in order.
 */
export class PlatformQueue {
  /** Tasks holding a place. */
  private placed = 0;
  /** Tasks running, with or without a place. */
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly limit: number,
    private readonly slowMs = Number.POSITIVE_INFINITY,
    private readonly cap = limit,
  ) {}

  /** Tasks running now, slow ones included. */
  get inFlight(): number {
    return this.running;
  }

  /** Runs `task` when a place is free. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.free()) this.take();
    // `next` takes the place for the waiting task, so no other task can slip in before it wakes.
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let holding = true;
    const release = () => {
      if (!holding) return;
      holding = false;
      this.placed--;
      this.next();
    };
    const slow = Number.isFinite(this.slowMs) ? setTimeout(release, this.slowMs) : undefined;
    try {
      return await task();
    } finally {
      clearTimeout(slow);
      this.running--;
      if (holding) release();
      else this.next();
    }
  }

  private free(): boolean {
    return this.placed < this.limit && this.running < this.cap;
  }

  private take(): void {
    this.placed++;
    this.running++;
  }

  private next(): void {
    while (this.waiting.length > 0 && this.free()) {
      this.take();
      this.waiting.shift()?.();
    }
  }
}

/** The state posting keeps between ticks: queues, posts in progress, and the shutdown signal. */
export interface Poster {
  /** Claims and queues every due post; `settled` resolves when each has an outcome. */
  dispatch(now: Date): Promise<{ settled: Promise<TickSummary> }>;
  /** Takes no more posts; those in flight get until `deadline` aborts, then are recorded uncertain. */
  stop(deadline: AbortSignal): Promise<void>;
}

/** Creates the poster for a daily context and its publishers. */
export function createPoster(context: DailyContext, publishers: ReadonlyMap<Platform, Publisher>): Poster {
  const { store, logger } = context;
  const queues = new Map<Platform, PlatformQueue>();
  /** Channel-days queued or being posted by this instance. */
  const pending = new Set<string>();
  const inFlight = new Set<Promise<unknown>>();
  const stopping = new AbortController();
  let stopped = false;

  const queueOf = (platform: Platform) => {
    let queue = queues.get(platform);
    if (!queue) {
      queue = new PlatformQueue(POSTS_IN_FLIGHT_PER_PLATFORM, SLOW_POST_MS, MAX_OPEN_POSTS_PER_PLATFORM);
      queues.set(platform, queue);
    }
    return queue;
  };

  const postOne = async (
    subscription: Subscription,
    slot: Slot,
    publisher: Publisher,
    now: Date,
  ): Promise<PostOutcome | undefined> => {
    // Queued posts that never started are simply not made: nothing was claimed for them.
    if (stopped) return undefined;
    const { where } = subscription;
    const decision = await plan(context, publisher, where, slot, now);
    const at = now.toISOString();
    if (decision.kind === "none") return undefined;
    if (decision.kind === "orphaned") {
      const reason = `the process posting it stopped before ${platformName(publisher.platform)} answered`;
      await store.markUncertain(where, slot.localDate, reason, at);
      logger.warn("daily quote may not have been posted: its process stopped mid-post; not repeated", {
        where,
        localDate: slot.localDate,
      });
      return {
        where,
        localDate: slot.localDate,
        passageId: decision.record.passageId,
        outcome: "uncertain",
        error: reason,
      };
    }
    const { passage } = decision;
    const base = { where, localDate: slot.localDate, passageId: passage.id };
    const idempotencyKey = `daily:${channelKey(where)}:${slot.localDate}`;
    if (stopping.signal.aborted) {
      // Claimed, never sent: a plain failure, tried again after the restart.
      await store.markFailed(where, slot.localDate, "letterbot stopped before posting.", at);
      return { ...base, outcome: "failed", error: "letterbot stopped before posting." };
    }
    const result = await attempt(publisher, where, passage, idempotencyKey, stopping.signal);
    if ("ok" in result) {
      // Once published, the claim stays: if recording the id fails the post is still never repeated.
      await store.markPosted(where, slot.localDate, result.ok.messageId, at);
      logger.info("daily quote posted", { ...base, messageId: result.ok.messageId });
      return { ...base, outcome: "posted", messageId: result.ok.messageId };
    }
    const err = "err" in result ? result.err : undefined;
    if (!("err" in result) || isBotError(err, "publish_uncertain")) {
      // The post may be in the channel already: a missed day is better than a doubled one.
      const reason = "abandoned" in result ? result.abandoned : reasonOf(err);
      await store.markUncertain(where, slot.localDate, reason, at);
      const repeat = publisher.recheckWindowMs !== undefined ? "repeated once, safely" : "not repeated";
      logger.warn(`daily quote may not have been posted; ${repeat}, so it cannot appear twice`, {
        ...base,
        reason,
        ...(err ? { err } : {}),
      });
      return { ...base, outcome: "uncertain", error: reason };
    }
    const reason = reasonOf(err);
    await store.markFailed(where, slot.localDate, reason, at);
    if (isBotError(err, "publish_permanent")) {
      await store.pauseSubscription(where, reason, at);
      logger.warn("daily quotes paused: the channel cannot be posted to", { ...base, reason, err });
      return { ...base, outcome: "paused", error: reason };
    }
    logger.warn("daily quote failed; it will be retried", { ...base, reason, err });
    return { ...base, outcome: "failed", error: reason };
  };

  return {
    async dispatch(now) {
      const summary: TickSummary = { posts: [], skipped: 0, errors: 0 };
      if (stopped) return { settled: Promise.resolve(summary) };
      let subscriptions: Subscription[];
      try {
        subscriptions = await store.listSubscriptions();
      } catch (err) {
        logger.error("daily tick could not read subscriptions", { err });
        return { settled: Promise.resolve({ ...summary, errors: 1 }) };
      }
      const tasks: Promise<void>[] = [];
      for (const subscription of subscriptions) {
        const publisher = publishers.get(subscription.where.platform);
        if (!publisher) {
          summary.skipped++;
          continue;
        }
        const slot = dueSlot(subscription, now, context.graceMinutes);
        if (!slot) continue;
        const key = `${channelKey(subscription.where)}@${slot.localDate}`;
        if (pending.has(key)) continue;
        pending.add(key);
        const task = queueOf(publisher.platform)
          .run(() => postOne(subscription, slot, publisher, now))
          .then(
            (outcome) => {
              if (outcome) summary.posts.push(outcome);
            },
            (err: unknown) => {
              summary.errors++;
              logger.error("daily post failed unexpectedly", { where: subscription.where, err });
            },
          )
          .finally(() => {
            pending.delete(key);
            inFlight.delete(task);
          });
        inFlight.add(task);
        tasks.push(task);
      }
      return { settled: Promise.all(tasks).then(() => summary) };
    },
    async stop(deadline) {
      stopped = true;
      const abort = () => stopping.abort();
      if (deadline.aborted) abort();
      else deadline.addEventListener("abort", abort, { once: true });
      await Promise.allSettled([...inFlight]);
      deadline.removeEventListener("abort", abort);
    },
  };
}
