/** How Discord errors are classified and described for logs, without tokens. */
import { BotError } from "../../core/index.js";

/**
 * Discord's JSON error codes meaning the bot can never post to that channel again: Unknown
 * Channel, Unknown Guild, Missing Access, Cannot send messages to this user, Missing Permissions,
 * Thread is archived, Thread is locked.
 */
export const PERMANENT_ERROR_CODES: ReadonlySet<number> = new Set([
  10003, 10004, 50001, 50007, 50013, 50083, 160005,
]);

interface ErrorShape {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  status?: unknown;
  method?: unknown;
}

// Interaction and webhook URLs carry a token in their path.
const TOKEN_IN_PATH = /\/(interactions|webhooks)\/(\d+)\/[^/\s?]+/g;

/** Removes interaction and webhook tokens from a URL or message. */
export function scrubTokens(text: string): string {
  return text.replace(TOKEN_IN_PATH, "/$1/$2/[token]");
}

/** Plain fields describing an error for a log line: never a token, never a request body. */
export function describeError(err: unknown): Record<string, unknown> {
  if (typeof err !== "object" || err === null) return { message: scrubTokens(String(err)) };
  const e = err as ErrorShape;
  const out: Record<string, unknown> = {};
  if (typeof e.name === "string") out.name = e.name;
  if (typeof e.message === "string") out.message = scrubTokens(e.message);
  if (typeof e.code === "string" || typeof e.code === "number") out.code = e.code;
  if (typeof e.status === "number") out.status = e.status;
  if (typeof e.method === "string") out.method = e.method;
  return out;
}

/** The Discord JSON error code of a failed REST call, if it has one. */
export function discordErrorCode(err: unknown): number | undefined {
  const code = (err as ErrorShape | null)?.code;
  return typeof code === "number" ? code : undefined;
}

/**
 * Wraps a failed post as `publish_permanent` (the channel is gone or closed to the bot),
 * `publish_uncertain` (no answer, or a server error: the post may have arrived) or
 * `publish_transient` (Discord refused it this time).
 */
export function publishError(err: unknown, channel: string): BotError {
  const code = discordErrorCode(err);
  const detail = describeError(err);
  const reason = typeof detail.message === "string" ? detail.message : "request failed";
  if (code !== undefined && PERMANENT_ERROR_CODES.has(code)) {
    return new BotError(
      "publish_permanent",
      `Discord refused posts to channel ${channel} (${code}: ${reason}); the bot was removed or lost access.`,
      { cause: err },
    );
  }
  const status = (err as ErrorShape | null)?.status;
  if (typeof status !== "number" || status >= 500) {
    return new BotError(
      "publish_uncertain",
      `Posting to Discord channel ${channel} got no clear answer (${reason}); the post may have arrived.`,
      { cause: err },
    );
  }
  return new BotError("publish_transient", `Posting to Discord channel ${channel} failed: ${reason}.`, {
    cause: err,
  });
}
