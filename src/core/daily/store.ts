/**
 * The daily-quote store port: subscriptions and the once-a-day ledger. The rules in this folder
 * decide what to post; a store only remembers, atomically. Implemented in `src/adapters/store/`.
 */
import type { ChannelRef } from "../types.js";

/** A channel's daily-quote subscription. */
export interface Subscription {
  where: ChannelRef;
  /** Local posting time, 24-hour "HH:MM". */
  time: string;
  /** IANA time zone the time is in, canonical spelling ("Europe/Berlin"). */
  timeZone: string;
  /** ISO instant the subscription was set up or last changed; earlier slots are never posted. */
  since: string;
  /** Set when posting failed for good (channel gone, bot removed); `daily on` clears it. */
  paused?: { reason: string; at: string } | undefined;
}

/**
 * Outcome of one day's post: claimed (being posted now, or its process died before it knew),
 * posted (confirmed), failed (refused; may be retried), or uncertain (sent, but no confirmation:
 * a timeout, a server error, abandoned at shutdown; it may or may not be in the channel).
 */
export type PostStatus = "claimed" | "posted" | "failed" | "uncertain";

/** One row of the ledger: the post of one channel on one local date. */
export interface PostRecord {
  where: ChannelRef;
  /** The channel's local date of the post, "YYYY-MM-DD". */
  localDate: string;
  /** The passage the claim chose; a retry posts the same one. */
  passageId: string;
  status: PostStatus;
  /** How many times posting was attempted under this claim. */
  attempts: number;
  /** ISO instant of the latest attempt (claim, reclaim or resend). */
  attemptedAt: string;
  /** Whether the one safe repeat of an unconfirmed post has been made. */
  resent: boolean;
  /** The platform's message id once posted. */
  messageId?: string | undefined;
  /** Why the last attempt failed. */
  error?: string | undefined;
  /** ISO instant of the last change. */
  updatedAt: string;
}

/** What a claim names: a channel, its local date, and the passage it will post. */
export interface ClaimRequest {
  where: ChannelRef;
  localDate: string;
  passageId: string;
  /** ISO instant of the claim. */
  at: string;
}

/**
 * Persistent state of daily quotes. Every method is atomic on its own; `claim` and `reclaim`
 * succeed for exactly one caller even across processes sharing the store.
 */
export interface DailyStore {
  /** The channel's subscription, if any. */
  getSubscription(where: ChannelRef): Promise<Subscription | undefined>;
  /** Every subscription, paused ones included. */
  listSubscriptions(): Promise<Subscription[]>;
  /** Creates or replaces the channel's subscription. */
  saveSubscription(subscription: Subscription): Promise<void>;
  /** Deletes the channel's subscription; false when there was none. The ledger is kept. */
  removeSubscription(where: ChannelRef): Promise<boolean>;
  /** Marks the subscription paused with a reason; nothing happens when there is none. */
  pauseSubscription(where: ChannelRef, reason: string, at: string): Promise<void>;
  /** How many posts of the channel are posted or claimed (failed ones excluded): its rotation position. */
  countPosts(where: ChannelRef): Promise<number>;
  /** The ledger row of the channel's local date, if any. */
  getPost(where: ChannelRef, localDate: string): Promise<PostRecord | undefined>;
  /** Inserts a new claim; true only for the one caller whose row is new. */
  claim(request: ClaimRequest): Promise<boolean>;
  /** Turns a failed row back into a claim if it still has `attempts`; true only for one caller. */
  reclaim(where: ChannelRef, localDate: string, attempts: number, at: string): Promise<boolean>;
  /** Records a successful post. */
  markPosted(where: ChannelRef, localDate: string, messageId: string, at: string): Promise<void>;
  /** Records a failed attempt, which makes the row eligible for `reclaim`. */
  markFailed(where: ChannelRef, localDate: string, error: string, at: string): Promise<void>;
  /** Records that the post may or may not have arrived; `attemptedAt` is kept. Only a claimed row changes. */
  markUncertain(where: ChannelRef, localDate: string, reason: string, at: string): Promise<void>;
  /**
   * Turns an unconfirmed row (claimed or uncertain, not resent yet, attempted at `attemptedAt`)
   * back into a claim for its one repeat; true only for one caller.
   */
  resend(where: ChannelRef, localDate: string, attemptedAt: string, at: string): Promise<boolean>;
  /** Confirmed posts of the channel, and its unconfirmed rows (claimed or uncertain), newest first. */
  tallyPosts(where: ChannelRef): Promise<{ posted: number; unconfirmed: PostRecord[] }>;
  /** Resolves when the store answers; rejects when it does not (readiness checks). */
  ping(): Promise<void>;
  /** Releases resources (the database connection). */
  close(): void;
}
