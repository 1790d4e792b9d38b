/**
 * Renders a `BotReply` as Discord message payloads: embeds within Discord's limits, every string
 * escaped, and mentions disabled so nothing the bot posts pings anyone.
 */
import { type APIEmbed, type APIEmbedField, InteractionResponseType, MessageFlags } from "discord.js";
import type { BotReply, Quote, ReplyBlock } from "../../core/index.js";
import { escapeDiscord, escapeWithBold } from "./escape.js";

/** Discord's limits on embeds, in characters unless said otherwise. */
export const EMBED_LIMITS = {
  title: 256,
  description: 4096,
  footer: 2048,
  fieldName: 256,
  fieldValue: 1024,
  /** Fields per embed. */
  fields: 25,
  /** Embeds per message. */
  embeds: 10,
  /** Characters across all embeds of one message. */
  total: 6000,
} as const;

/** The accent colour of every embed. */
export const EMBED_COLOR = 0xff9900;
/** Shown when a reply had to be cut to fit in one message. */
export const SHORTENED_NOTE = "(Shortened to fit in one Discord message.)";
const ELLIPSIS = "…";

/** Mentions Discord may resolve in the bot's messages: none, not even the replied-to user. */
export const NO_MENTIONS = { parse: [], replied_user: false } as const;

/** The body of a message the bot posts (channel message, reply or interaction response data). */
export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  allowed_mentions: typeof NO_MENTIONS;
  flags?: number;
}

/** Cuts `text` to at most `max` characters at a word boundary, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = text.slice(0, max - ELLIPSIS.length);
  const space = room.search(/\s\S*$/);
  const cut = space > max / 2 ? room.slice(0, space) : room;
  // Never leave a dangling escape backslash or half of a bold marker at the end.
  return `${cut.replace(/\\+$/, "").replace(/\*+$/, "")}${ELLIPSIS}`;
}

/** Splits `text` into pieces of at most `max` characters, at line breaks or else at spaces. */
export function split(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let at = window.lastIndexOf("\n");
    if (at < max / 2) at = window.lastIndexOf(" ");
    // A hard cut must not separate an escape backslash from the character it escapes.
    if (at < max / 2) at = window.endsWith("\\") ? max - 1 : max;
    pieces.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  if (rest) pieces.push(rest);
  return pieces;
}

function quoteText(quote: Quote): string {
  return `“${escapeWithBold(quote.text, quote.matched)}”`;
}

/** One citation for a list of quotes: "the employees' letter, ¶15–18". */
function listCitation(quotes: Quote[]): string {
  const first = quotes[0];
  if (!first) return "";
  const where = first.citation.replace(/, (demand|¶).*$/, "");
  const numbers = quotes.map((q) => q.paragraph);
  const low = Math.min(...numbers);
  const high = Math.max(...numbers);
  return `${where}, ¶${low === high ? low : `${low}–${high}`}`;
}

interface Draft {
  title?: string;
  description: string[];
  fields: APIEmbedField[];
  footer?: string;
}

const emptyDraft = (): Draft => ({ description: [], fields: [] });
const isBlank = (d: Draft) => !d.title && !d.description.length && !d.fields.length && !d.footer;
const hasBody = (d: Draft) => d.description.length > 0 || d.fields.length > 0 || d.footer !== undefined;

/** Groups blocks into embed drafts: a heading titles the next embed, each quote gets its own. */
function drafts(blocks: readonly ReplyBlock[]): Draft[] {
  const out: Draft[] = [];
  let current = emptyDraft();
  const start = () => {
    if (!isBlank(current)) out.push(current);
    current = emptyDraft();
  };
  for (const block of blocks) {
    switch (block.type) {
      case "heading":
        start();
        current.title = escapeDiscord(block.text);
        break;
      case "text":
      case "list":
        if (current.footer !== undefined || current.fields.length) start();
        current.description.push(
          block.type === "text"
            ? escapeDiscord(block.text)
            : block.items.map((item) => `• ${escapeDiscord(item)}`).join("\n"),
        );
        break;
      case "fields":
        if (current.footer !== undefined) start();
        current.fields.push(
          ...block.fields.map((f) => ({
            name: escapeDiscord(f.label),
            value: escapeDiscord(f.value),
            inline: true,
          })),
        );
        break;
      case "quote":
        if (hasBody(current)) start();
        current.description.push(quoteText(block.quote));
        current.footer = block.quote.citation;
        break;
      case "quote-list": {
        if (hasBody(current)) start();
        const first = block.start ?? 1;
        const items = block.items.map((q, i) => `${first + i}. ${escapeWithBold(q.text, q.matched)}`);
        current.description.push(...(block.intro ? [quoteText(block.intro)] : []), items.join("\n"));
        current.footer = listCitation([...(block.intro ? [block.intro] : []), ...block.items]);
        break;
      }
    }
  }
  start();
  return out;
}

/** Turns one draft into embeds within the per-field limits (a long description continues). */
function toEmbeds(draft: Draft): APIEmbed[] {
  const pieces = split(draft.description.join("\n\n"), EMBED_LIMITS.description);
  const fieldChunks: APIEmbedField[][] = [];
  const fields = draft.fields.map((f) => ({
    ...f,
    name: truncate(f.name, EMBED_LIMITS.fieldName),
    value: truncate(f.value, EMBED_LIMITS.fieldValue),
  }));
  for (let i = 0; i < fields.length; i += EMBED_LIMITS.fields) {
    fieldChunks.push(fields.slice(i, i + EMBED_LIMITS.fields));
  }
  const count = Math.max(pieces.length, fieldChunks.length, 1);
  return Array.from({ length: count }, (_, i): APIEmbed => {
    const embed: APIEmbed = { color: EMBED_COLOR };
    if (i === 0 && draft.title) embed.title = truncate(draft.title, EMBED_LIMITS.title);
    const description = pieces[i];
    if (description) embed.description = description;
    const chunk = fieldChunks[i];
    if (chunk?.length) embed.fields = chunk;
    if (i === count - 1 && draft.footer) embed.footer = { text: truncate(draft.footer, EMBED_LIMITS.footer) };
    return embed;
  });
}

/** Characters of an embed that count towards Discord's 6,000 total. */
export function embedSize(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

/** The reply's embeds, and whether some had to be left out to fit one message. */
export function renderEmbeds(reply: BotReply): { embeds: APIEmbed[]; shortened: boolean } {
  const all = drafts(reply.blocks).flatMap(toEmbeds);
  const embeds: APIEmbed[] = [];
  let total = 0;
  for (const embed of all) {
    const size = embedSize(embed);
    if (embeds.length === EMBED_LIMITS.embeds || total + size > EMBED_LIMITS.total) break;
    embeds.push(embed);
    total += size;
  }
  return { embeds, shortened: embeds.length < all.length };
}

/** A reply as a channel message body (a daily post, or the answer to a mention or DM). */
export function renderMessage(reply: BotReply): DiscordMessage {
  const { embeds, shortened } = renderEmbeds(reply);
  const message: DiscordMessage = { embeds, allowed_mentions: NO_MENTIONS };
  // Discord rejects a message with neither content nor embeds.
  if (!embeds.length) message.content = escapeDiscord(reply.summary || ELLIPSIS);
  else if (shortened) message.content = SHORTENED_NOTE;
  return message;
}

/** A reply as the response to a slash command: private replies are ephemeral. */
export function renderInteractionResponse(reply: BotReply): {
  type: InteractionResponseType.ChannelMessageWithSource;
  data: DiscordMessage;
} {
  const data = renderMessage(reply);
  if (reply.visibility === "private") data.flags = MessageFlags.Ephemeral;
  return { type: InteractionResponseType.ChannelMessageWithSource, data };
}
