/**
 * Replying through a `response_url`, the address Slack gives with a slash command, a button press
 * or a message shortcut: a reply there can be private (ephemeral) or posted in the channel, and
 * needs no membership in the channel, where `chat.postMessage` does.
 */
import type { SlackMessage } from "./render.js";

/** What is posted to a response URL. */
export interface ResponsePayload extends SlackMessage {
  response_type: "ephemeral" | "in_channel";
  /** False: the reply is a new message, and the message that was pressed stays as it is. */
  replace_original: false;
  thread_ts?: string;
}

/**
 * Posts `payload` to `responseUrl` within `signal`'s deadline; throws when Slack refuses it (an
 * expired URL, a rate limit). The URL holds a credential of the interaction, so no error names it.
 */
export async function respondTo(
  responseUrl: string,
  payload: ResponsePayload,
  signal: AbortSignal,
): Promise<void> {
  let response: Response;
  try {
    response = await fetch(responseUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(payload),
      signal,
    });
  } catch (err) {
    throw new Error(`Could not reach Slack's response URL: ${err instanceof Error ? err.name : "error"}`);
  }
  // The body is Slack's word on it ("ok", or why not); it is read so the connection is freed.
  const said = (await response.text().catch(() => "")).slice(0, 100);
  if (!response.ok)
    throw new Error(`Slack refused a reply to an interaction: HTTP ${response.status} ${said}`);
}
