/**
 * One tick of daily posting: for every subscription whose slot is due, claim the day in the
 * ledger, post only if the claim is ours, then record the outcome. The claim is what makes a post
 * happen once across restarts, overlapping ticks and processes sharing a store. Every decision
 * and every recorded time uses the tick's `now`, so a tick is repeatable.
 */
import { isBotError } from "../errors.js";
import type { Publisher } from "../ports.js";
import type { ChannelRef, Passage, Platform } from "../types.js";
import type { DailyContext } from "./context.js";
import { dailyPostReply } from "./replies.js";
import { channelKey, passageAt } from "./rotation.js";
import { dueSlot, retryDue, type Slot } from "./schedule.js";
import type { Subscription } from "./store.js";

/** Longest failure reason kept in the ledger and shown by `daily status`. */
const MAX_REASON_LENGTH = 300;

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

/** Claims the slot's day for this instance; returns the passage to post, or undefined if not ours. */
async function claimSlot(context: DailyContext, where: ChannelRef, slot: Slot, now: Date) {
  const { store } = context;
  const at = now.toISOString();
  const record = await store.getPost(where, slot.localDate);
  const next = async () => passageAt(channelKey(where), await store.countPosts(where), context.passages);
  if (!record) {
    const passage = await next();
    if (!passage) return undefined;
    const claimed = await store.claim({ where, localDate: slot.localDate, passageId: passage.id, at });
    return claimed ? passage : undefined;
  }
  if (!retryDue(record, now)) return undefined;
  const passage: Passage | undefined = context.byId.get(record.passageId) ?? (await next());
  if (!passage) return undefined;
  return (await store.reclaim(where, slot.localDate, record.attempts, at)) ? passage : undefined;
}

/** Posts every due daily quote through the publishers; never throws. */
export async function runTick(
  context: DailyContext,
  publishers: ReadonlyMap<Platform, Publisher>,
  now: Date,
): Promise<TickSummary> {
  const { store, logger } = context;
  const summary: TickSummary = { posts: [], skipped: 0, errors: 0 };

  const postOne = async (subscription: Subscription, publisher: Publisher): Promise<void> => {
    const slot = dueSlot(subscription, now, context.graceMinutes);
    if (!slot) return;
    const { where } = subscription;
    const passage = await claimSlot(context, where, slot, now);
    if (!passage) return;
    const base = { where, localDate: slot.localDate, passageId: passage.id };
    const idempotencyKey = `daily:${channelKey(where)}:${slot.localDate}`;
    let messageId: string;
    try {
      ({ messageId } = await publisher.publish(where, dailyPostReply(passage), { idempotencyKey }));
    } catch (err) {
      const reason = reasonOf(err);
      if (isBotError(err, "publish_uncertain")) {
        // The post may be in the channel already: the claim stays as it is and is never retried,
        // exactly as after a crash in mid-post. A missed day is better than a doubled one.
        logger.warn("daily quote may not have been posted; not retried, so it cannot appear twice", {
          ...base,
          reason,
          err,
        });
        summary.posts.push({ ...base, outcome: "uncertain", error: reason });
        return;
      }
      const at = now.toISOString();
      await store.markFailed(where, slot.localDate, reason, at);
      if (isBotError(err, "publish_permanent")) {
        await store.pauseSubscription(where, reason, at);
        logger.warn("daily quotes paused: the channel cannot be posted to", { ...base, reason, err });
        summary.posts.push({ ...base, outcome: "paused", error: reason });
      } else {
        logger.warn("daily quote failed; it will be retried", { ...base, reason, err });
        summary.posts.push({ ...base, outcome: "failed", error: reason });
      }
      return;
    }
    // Once published, the claim stays: if recording the id fails the post is still never repeated.
    await store.markPosted(where, slot.localDate, messageId, now.toISOString());
    logger.info("daily quote posted", { ...base, messageId });
    summary.posts.push({ ...base, outcome: "posted", messageId });
  };

  let subscriptions: Subscription[];
  try {
    subscriptions = await store.listSubscriptions();
  } catch (err) {
    logger.error("daily tick could not read subscriptions", { err });
    return { ...summary, errors: 1 };
  }
  for (const subscription of subscriptions) {
    const publisher = publishers.get(subscription.where.platform);
    if (!publisher) {
      summary.skipped++;
      continue;
    }
    try {
      await postOne(subscription, publisher);
    } catch (err) {
      summary.errors++;
      logger.error("daily post failed unexpectedly", { where: subscription.where, err });
    }
  }
  return summary;
}
