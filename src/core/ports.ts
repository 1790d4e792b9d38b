/**
 * The few interfaces through which the core reaches the outside world. Adapters and the
 * composition root (`src/main.ts`) implement them; tests pass memory or fake versions.
 */
import type { BotReply, BotRequest, ChannelRef, Platform } from "./types.js";

/** Tells the time. Injected so that tests control it. */
export interface Clock {
  /** The current instant. */
  now(): Date;
}

/** The system clock. */
export const systemClock: Clock = { now: () => new Date() };

/** Structured logging. Implementations must never print secrets. */
export interface Logger {
  /** Routine events worth keeping (started, posted). */
  info(message: string, fields?: Record<string, unknown>): void;
  /** Something went wrong but the bot carries on. */
  warn(message: string, fields?: Record<string, unknown>): void;
  /** Something failed; `fields.err` may hold the error. */
  error(message: string, fields?: Record<string, unknown>): void;
}

/** A logger that drops everything (tests, the JSON CLI). */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** The result of a successful post. */
export interface Published {
  /** The platform's id of the posted message (Slack `ts`, Discord message id). */
  messageId: string;
}

/**
 * Posts a reply to a channel unprompted (the daily quote). Implemented by each adapter.
 * Throws `BotError` with code `publish_permanent` when the channel can never be posted to again
 * (deleted, bot removed), `publish_transient` when the platform refused this time and a later
 * attempt may succeed, and `publish_uncertain` when the post may have arrived (a timeout, a
 * server error): the caller must not repeat such a post, or it could appear twice.
 */
export interface Publisher {
  /** The platform whose channels this publisher posts to. */
  readonly platform: Platform;
  /**
   * For how long after an attempt the platform itself recognises a repeat with the same
   * idempotency key and posts nothing new (Discord's message nonce). Absent when it cannot: then a
   * post that may have arrived is never repeated.
   */
  readonly recheckWindowMs?: number;
  /**
   * Posts `reply` to `where`; `idempotencyKey` is stable across retries of the same post. When
   * `signal` aborts (a deadline, shutdown), the publisher stops what it can and rejects with
   * `publish_transient` if nothing was sent.
   */
  publish(where: ChannelRef, reply: BotReply, options: PublishOptions): Promise<Published>;
}

/** How one post is made. */
export interface PublishOptions {
  idempotencyKey: string;
  signal?: AbortSignal | undefined;
}

/**
 * Whether a user's request is answered: `answer` it, send the private `notice` instead (the user
 * is over their rate limit and has not been told in this window), or `drop` it without a word.
 */
export type Admission = { verdict: "answer" } | { verdict: "notice"; reply: BotReply } | { verdict: "drop" };

/** Decides, before any work is done, whether a request from a person is answered (rate limits). */
export interface RequestGate {
  admit(request: BotRequest): Admission;
}

/** A gate that answers everything (tests, the console). */
export const openGate: RequestGate = { admit: () => ({ verdict: "answer" }) };
