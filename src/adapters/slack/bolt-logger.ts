/** Bolt's logger interface, fed into letterbot's logger so that Bolt's messages are masked like ours. */
import { type Logger as BoltLogger, LogLevel } from "@slack/bolt";
import type { Logger } from "../../core/index.js";

function text(parts: unknown[]): string {
  return parts
    .map((part) => (part instanceof Error ? `${part.name}: ${part.message}` : String(part)))
    .join(" ");
}

/**
 * Wraps `logger` for Bolt and the Slack SDK. Debug output is dropped: it echoes request bodies and
 * headers, which is more than letterbot needs and more than it should keep.
 */
export function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO;
  return {
    debug() {},
    info: (...parts: unknown[]) => logger.info(text(parts), { source: "slack-sdk" }),
    warn: (...parts: unknown[]) => logger.warn(text(parts), { source: "slack-sdk" }),
    error: (...parts: unknown[]) => logger.error(text(parts), { source: "slack-sdk" }),
    setLevel(next) {
      level = next;
    },
    getLevel: () => level,
    setName() {},
  };
}
