import { createHash } from "node:crypto";
import { Routes } from "discord.js";
import {
  BotError,
  type BotReply,
  type ChannelRef,
  type Published,
  type Publisher,
  type PublishOptions,
} from "../../core/index.js";
import { publishError } from "./errors.js";
import { type DiscordRenderOptions, renderMessage } from "./render.js";

/** Longest nonce Discord accepts on a message. */
export const MAX_NONCE_LENGTH = 25;
/**
 * How long Discord recognises a repeated nonce: "the past few minutes", so two minutes to be sure.
 * Within it, a post whose answer was lost may be sent once more without appearing twice.
 */
export const NONCE_WINDOW_MS = 2 * 60_000;

/** The one REST call the publisher makes; `client.rest` of discord.js fits. */
export interface RestPoster {
  post(route: `/${string}`, options: { body: unknown; signal?: AbortSignal | undefined }): Promise<unknown>;
}

/**
 * The message nonce for an idempotency key: a stable hash, so that Discord (with `enforce_nonce`)
 * returns the first message instead of posting again when a post is retried.
 */
export function nonceFor(idempotencyKey: string): string {
  return createHash("sha256").update(idempotencyKey).digest("hex").slice(0, MAX_NONCE_LENGTH);
}

/** Posts daily quotes to Discord channels through `rest`, rendered with `render` (buttons, citation links). */
export function createDiscordPublisher(rest: RestPoster, render: DiscordRenderOptions = {}): Publisher {
  return {
    platform: "discord",
    recheckWindowMs: NONCE_WINDOW_MS,
    async publish(where: ChannelRef, reply: BotReply, options: PublishOptions): Promise<Published> {
      if (where.platform !== "discord" || !/^\d+$/.test(where.channel)) {
        throw new BotError("publish_permanent", `Not a Discord channel: ${where.platform}/${where.channel}.`);
      }
      const body = {
        ...renderMessage(reply, render),
        nonce: nonceFor(options.idempotencyKey),
        enforce_nonce: true,
      };
      let posted: unknown;
      try {
        posted = await rest.post(Routes.channelMessages(where.channel), { body, signal: options.signal });
      } catch (err) {
        throw publishError(err, where.channel);
      }
      const id = (posted as { id?: unknown } | null)?.id;
      if (typeof id !== "string") {
        throw new BotError(
          "publish_transient",
          `Discord did not return a message id for channel ${where.channel}.`,
        );
      }
      return { messageId: id };
    },
  };
}
