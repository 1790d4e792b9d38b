/**
 * Whether the bot is in a Slack channel, asked before `daily on`: Slack accepts a slash command in
 * any channel, but a bot posts only where it was invited, so a subscription made elsewhere would
 * only fail at post time. Asked with `conversations.info` (`channels:read`, `groups:read`).
 */
import type { webApi } from "@slack/bolt";
import { parseCommand, parseDailyArgs } from "../../core/index.js";

/** Longest the check may take: a slash command's answer must reach Slack within 3 s. */
export const MEMBERSHIP_CHECK_MS = 1_500;

/** Whether command text (no `/letter`) turns daily quotes on, the one command that needs the bot there. */
export function turnsDailyOn(text: string): boolean {
  const command = parseCommand(text.replace(/^\/letter\b\s*/i, ""));
  return command.name === "daily" && parseDailyArgs(command.args).name === "on";
}

/**
 * True when the bot is a member of `channel`, false when Slack says it is not (or that it cannot
 * see the channel, as with a private channel it is not in), and undefined when it could not tell
 * in time (a missing scope after an upgrade, a direct message, a rate limit, a slow network): then
 * nothing is refused on its account.
 */
export async function isBotInChannel(
  client: webApi.WebClient,
  channel: string,
  timeoutMs = MEMBERSHIP_CHECK_MS,
): Promise<boolean | undefined> {
  // A direct message with the bot is one it is always in.
  if (channel.startsWith("D")) return undefined;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), timeoutMs);
  });
  const asked = client.conversations.info({ channel }).then(
    (result) => {
      const info = result.channel as { is_member?: unknown; is_im?: unknown } | undefined;
      if (info?.is_im === true) return undefined;
      return typeof info?.is_member === "boolean" ? info.is_member : undefined;
    },
    (err: unknown) => {
      const code = (err as { data?: { error?: unknown } } | null)?.data?.error;
      return code === "channel_not_found" ? false : undefined;
    },
  );
  try {
    return await Promise.race([asked, late]);
  } finally {
    clearTimeout(timer);
  }
}
