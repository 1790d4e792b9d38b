/** Machine-readable error codes; each names one thing that went wrong. */
export type ErrorCode =
  | "content_invalid"
  | "config_invalid"
  | "input_invalid"
  | "publish_permanent"
  | "publish_transient"
  | "publish_uncertain"
  | "store_failed";

/**
 * The one error type letterbot throws on purpose. `message` says what is wrong and how to fix it,
 * and never contains a secret; `cause` keeps the underlying error for logs.
 */
export class BotError extends Error {
  override readonly name = "BotError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** True when `err` is a `BotError`, optionally with the given code. */
export function isBotError(err: unknown, code?: ErrorCode): err is BotError {
  return err instanceof BotError && (code === undefined || err.code === code);
}
