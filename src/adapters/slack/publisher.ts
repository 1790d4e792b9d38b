/**
 * The Slack `Publisher`: posts daily quotes with `chat.postMessage`, waits out rate limits within
 * bounds, and sorts failures into "never again" (permanent) and "try later" (transient).
 */
import { setTimeout as delay } from "node:timers/promises";
import type { webApi } from "@slack/bolt";
import { BotError, type ChannelRef, type Logger, type Published, type Publisher } from "../../core/index.js";
import { linkSignals } from "../signals.js";
import { renderSlack, type SlackMessage, type SlackRenderOptions } from "./render.js";

/** Slack errors after which a channel can never be posted to again without someone acting. */
export const PERMANENT_ERRORS: ReadonlySet<string> = new Set([
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "account_inactive",
  "token_revoked",
  "token_expired",
  "invalid_auth",
  "not_authed",
  "missing_scope",
  "no_permission",
  "not_allowed_token_type",
  "team_access_not_granted",
  "ekm_access_denied",
  "restricted_action",
  "restricted_action_read_only_channel",
  "restricted_action_thread_only_channel",
  "restricted_action_non_threadable_channel",
]);

/** Rate-limited attempts waited out before giving up (the daily module retries later). */
export const DEFAULT_RATE_LIMIT_RETRIES = 3;
/** Longest `Retry-After` waited out in place; a longer one fails the attempt as transient. */
export const DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS = 60;
/** Posts remembered by idempotency key, so a retried post that already went out is not repeated. */
const REMEMBERED_POSTS = 1000;

/** Waits `ms`, or rejects when `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

const realSleep: Sleep = (ms, signal) => delay(ms, undefined, signal ? { signal } : {});

/** How posting waits out rate limits. */
export interface PostOptions {
  logger: Logger;
  sleep?: Sleep | undefined;
  /** Aborts rate-limit waits when the adapter stops. */
  signal?: AbortSignal | undefined;
  rateLimitRetries?: number | undefined;
  maxRateLimitWaitSeconds?: number | undefined;
}

/**
 * What the Slack publisher needs: the one workspace's client (single-token mode), or a way to find
 * each workspace's client (installed through OAuth). Clients are created with
 * `rejectRateLimitedCalls: true`.
 */
export type SlackPublisherOptions = PostOptions & {
  /** How daily posts are rendered: with the app's buttons and citation links. */
  render?: SlackRenderOptions | undefined;
} & (
    | {
        client: webApi.WebClient;
        /** The workspace the token belongs to; other workspaces cannot be posted to. */
        teamId: string;
      }
    | {
        /** The client for the token installed in `workspace`, or undefined if none is. */
        clientFor(workspace: string): Promise<webApi.WebClient | undefined>;
      }
  );

interface SlackErrorShape {
  code?: unknown;
  data?: { error?: unknown };
  retryAfter?: unknown;
  statusCode?: unknown;
}

/** A failed call: Slack's error code, whether it is for good, whether the post may have arrived anyway. */
interface Problem {
  code: string;
  permanent: boolean;
  /** The request may have reached Slack (a timeout, a 5xx): repeating it could post twice. */
  uncertain?: boolean;
  retryAfter?: number;
}

function describe(err: unknown): Problem {
  const e = (err ?? {}) as SlackErrorShape;
  switch (e.code) {
    case "slack_webapi_platform_error": {
      const code = String(e.data?.error ?? "unknown_error");
      return { code, permanent: PERMANENT_ERRORS.has(code) };
    }
    case "slack_webapi_rate_limited_error":
      return { code: "ratelimited", permanent: false, retryAfter: Number(e.retryAfter) || 1 };
    case "slack_webapi_http_error":
      return {
        code: `http_${String(e.statusCode)}`,
        permanent: false,
        uncertain: Number(e.statusCode) >= 500,
      };
    case "slack_webapi_request_error":
      return { code: "request_failed", permanent: false, uncertain: true };
    default:
      // The Web API client's deadline can end a call after Slack began to answer it (it reads the
      // body under the same signal): the post may well be in the channel.
      if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError"))
        return { code: "timeout", permanent: false, uncertain: true };
      return { code: err instanceof Error ? err.name : "unknown_error", permanent: false };
  }
}

/**
 * Posts `message` to `channel` (in a thread when `threadTs` is given) and returns its `ts`. Waits
 * out short rate limits; throws `publish_permanent`, `publish_transient` or, when the post may
 * have arrived all the same, `publish_uncertain`.
 */
export async function postMessage(
  client: webApi.WebClient,
  target: { channel: string; threadTs?: string | undefined },
  message: SlackMessage,
  options: PostOptions,
): Promise<string> {
  const sleep = options.sleep ?? realSleep;
  const retries = options.rateLimitRetries ?? DEFAULT_RATE_LIMIT_RETRIES;
  const maxWait = options.maxRateLimitWaitSeconds ?? DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS;
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await client.chat.postMessage({
        channel: target.channel,
        ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
        unfurl_media: false,
      });
      return String(result.ts ?? "");
    } catch (err) {
      const problem = describe(err);
      const waitable = problem.retryAfter !== undefined && problem.retryAfter <= maxWait;
      if (waitable && attempt < retries && !options.signal?.aborted) {
        options.logger.warn("Slack rate-limited a post; waiting", {
          channel: target.channel,
          retryAfterSeconds: problem.retryAfter,
        });
        try {
          await sleep((problem.retryAfter ?? 1) * 1000, options.signal);
          continue;
        } catch {
          // Stopped while waiting: the post is not done, and may be tried again later.
        }
      }
      if (problem.uncertain) {
        throw new BotError(
          "publish_uncertain",
          `Slack may or may not have taken the post to channel ${target.channel}: ${problem.code}.`,
          { cause: err },
        );
      }
      throw new BotError(
        problem.permanent ? "publish_permanent" : "publish_transient",
        `Slack did not take the post to channel ${target.channel}: ${problem.code}.`,
        { cause: err },
      );
    }
  }
}

/** Creates the publisher for the workspace of `options.client`'s token, or for every installed one. */
export function createSlackPublisher(options: SlackPublisherOptions): Publisher {
  const posted = new Map<string, Published>();
  const clientFor = async (where: ChannelRef): Promise<webApi.WebClient> => {
    if ("client" in options) {
      if (where.platform === "slack" && where.workspace === options.teamId) return options.client;
      throw new BotError(
        "publish_permanent",
        `This Slack bot is installed in workspace ${options.teamId}, not ${where.platform} workspace ${where.workspace}.`,
      );
    }
    const client = where.platform === "slack" ? await options.clientFor(where.workspace) : undefined;
    if (client) return client;
    throw new BotError(
      "publish_permanent",
      `letterbot is not installed in Slack workspace ${where.workspace} (it was uninstalled, or never installed there).`,
    );
  };

  const remember = (key: string, result: Published) => {
    posted.set(key, result);
    const oldest = posted.keys().next().value;
    if (posted.size > REMEMBERED_POSTS && oldest !== undefined) posted.delete(oldest);
  };

  return {
    platform: "slack",
    async publish(where: ChannelRef, reply, { idempotencyKey, signal }) {
      const client = await clientFor(where);
      const earlier = posted.get(idempotencyKey);
      if (earlier) return earlier;
      const message = renderSlack(reply, options.render);
      // The post's own deadline ends a rate-limit wait as surely as the adapter stopping does.
      const stop = linkSignals([signal, options.signal]);
      let ts: string;
      try {
        ts = await postMessage(client, { channel: where.channel }, message, {
          ...options,
          signal: stop.signal,
        });
      } finally {
        stop.release();
      }
      const published = { messageId: ts };
      remember(idempotencyKey, published);
      return published;
    },
  };
}
