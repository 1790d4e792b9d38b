/** The replies of daily quotes: the public post itself and the private answers to `/letter daily`. */
import { withActions } from "../actions.js";
import { toQuote } from "../content/quote.js";
import type { BotReply, Passage, ReplyBlock } from "../types.js";

/** Heading of every daily post. */
export const DAILY_HEADING = "Quote of the day";

/** The line under the quote that opens the conversation. */
const DISCUSSION_PROMPT =
  "What do you make of it? Discuss in a thread, or ask me about it with /letter ask <question>.";

/** The public post of a passage as the quote of the day. */
export function dailyPostReply(passage: Passage): BotReply {
  const quote = toQuote(passage);
  return withActions({
    kind: "daily-post",
    visibility: "public",
    summary: `${DAILY_HEADING}: “${quote.text}”`,
    blocks: [
      { type: "heading", text: DAILY_HEADING },
      { type: "quote", quote },
      { type: "text", text: DISCUSSION_PROMPT },
    ],
    suggestions: [`/letter context ${passage.paragraph}`, "/letter demands"],
  });
}

/** A private `daily` reply made of text lines (the first one is the summary). */
export function dailyReply(lines: string[], suggestions: string[] = []): BotReply {
  return {
    kind: "daily",
    visibility: "private",
    summary: lines[0] ?? "",
    blocks: lines.map((text): ReplyBlock => ({ type: "text", text })),
    suggestions,
  };
}

/** The private preview of the channel's next daily quote. */
export function previewReply(passage: Passage, when: string | undefined): BotReply {
  const quote = toQuote(passage);
  const note = when
    ? `This channel gets it ${when}.`
    : "This channel is not getting daily quotes: turn them on with /letter daily on.";
  return {
    kind: "daily",
    visibility: "private",
    summary: `Next quote of the day: “${quote.text}”`,
    blocks: [
      { type: "heading", text: `${DAILY_HEADING}: preview` },
      { type: "quote", quote },
      { type: "text", text: note },
    ],
    suggestions: when ? ["/letter daily status"] : ["/letter daily on"],
  };
}
