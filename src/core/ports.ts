/**
 * The few interfaces through which the core reaches the outside world. Adapters and the
 * composition root (`src/main.ts`) implement them; tests pass memory or fake versions.
 */
import type { BotReply, ChannelRef, Platform } from "./types.js";

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
  /** Posts `reply` to `where`; `idempotencyKey` is stable across retries of the same post. */
  publish(where: ChannelRef, reply: BotReply, options: { idempotencyKey: string }): Promise<Published>;
}
