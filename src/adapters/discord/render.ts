/**
 * Renders a `BotReply` as Discord message payloads: embeds within Discord's limits, the reply's
 * actions as buttons when the client handles them, every string escaped, and mentions disabled so
 * nothing the bot posts pings anyone.
 */
import {
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type APIEmbedField,
  ButtonStyle,
  ComponentType,
  InteractionResponseType,
  MessageFlags,
} from "discord.js";
import { z } from "zod";
import {
  ACTION_VERSION,
  actionLabel,
  type BotReply,
  citeQuotes,
  encodeAction,
  focusCitation,
  formatCommand,
  type Quote,
  type ReplyAction,
  type ReplyBlock,
  sharedLine,
} from "../../core/index.js";
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

/** Discord's limits on message components. */
export const COMPONENT_LIMITS = {
  /** Characters of a custom id. */
  customId: 100,
  /** Characters of a button's label. */
  label: 80,
  /** Buttons in one action row. */
  buttonsPerRow: 5,
  /** Action rows in one message. */
  rows: 5,
} as const;

/** The accent colour of every embed. */
export const EMBED_COLOR = 0xff9900;
/** The colour of the paragraphs shown around the one asked for, so that one stands out. */
export const MUTED_COLOR = 0x4f545c;
/** Shown when a reply had to be cut to fit in one message. */
export const SHORTENED_NOTE = "(Shortened to fit in one Discord message.)";
const ELLIPSIS = "…";

/** Mentions Discord may resolve in the bot's messages: none, not even the replied-to user. */
export const NO_MENTIONS = { parse: [], replied_user: false } as const;

/** A row of buttons whose custom ids are actions encoded by the core, read back with `parseAction`. */
export type ButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

/** The body of a message the bot posts (channel message, reply or interaction response data). */
export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  allowed_mentions: typeof NO_MENTIONS;
  flags?: number;
  components?: ButtonRow[];
}

/** How a reply is rendered beyond its content. */
export interface DiscordRenderOptions {
  /**
   * Show the reply's actions as buttons. Only for a client that handles their interactions; without
   * it suggestions are not shown, as before buttons.
   */
  buttons?: boolean;
  /** The web address of a quote on the article page, to link its citation; none when undefined. */
  citationUrl?: (quote: Quote) => string | undefined;
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

interface Draft {
  title?: string;
  description: string[];
  fields: APIEmbedField[];
  footer?: string;
  color?: number;
}

/** A masked link `[label](url)` for http(s) URLs, or undefined; the label is escaped. */
function maskedLink(label: string, url: string | undefined): string | undefined {
  if (url === undefined || !/^https?:\/\//i.test(url)) return undefined;
  // Parentheses and spaces would end the link early.
  const target = url.replace(
    /[()\s<>]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
  return `[${escapeDiscord(label)}](${target})`;
}

const emptyDraft = (): Draft => ({ description: [], fields: [] });
const isBlank = (d: Draft) => !d.title && !d.description.length && !d.fields.length && !d.footer;
const hasBody = (d: Draft) => d.description.length > 0 || d.fields.length > 0 || d.footer !== undefined;

/**
 * Groups blocks into embed drafts: a heading titles the next embed, each quote gets its own. A
 * quote whose citation links to the article page ends its description with the link instead of a
 * footer, which cannot hold links.
 */
function drafts(blocks: readonly ReplyBlock[], options: DiscordRenderOptions = {}): Draft[] {
  const focused = blocks.some((b) => b.type === "quote" && b.focus);
  const out: Draft[] = [];
  let current = emptyDraft();
  const start = () => {
    if (!isBlank(current)) out.push(current);
    current = emptyDraft();
  };
  for (const block of blocks) {
    switch (block.type) {
      case "heading":
      case "subheading":
        start();
        current.title = escapeDiscord(block.text);
        break;
      case "link": {
        if (current.footer !== undefined || current.fields.length) start();
        current.description.push(
          maskedLink(block.text, block.url) ?? escapeDiscord(`${block.text}: ${block.url}`),
        );
        break;
      }
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
      case "quote": {
        if (hasBody(current)) start();
        const cited = block.focus ? focusCitation(block.quote) : block.quote.citation;
        const linked = maskedLink(cited, options.citationUrl?.(block.quote));
        current.description.push(quoteText(block.quote));
        if (linked) current.description.push(`— ${linked}`);
        else current.footer = cited;
        if (focused && !block.focus) current.color = MUTED_COLOR;
        // A linked quote has no footer to close its embed; the next block starts a new one.
        if (linked) start();
        break;
      }
      case "quote-list": {
        if (hasBody(current)) start();
        const first = block.start ?? 1;
        const items = block.items.map((q, i) => `${first + i}. ${escapeWithBold(q.text, q.matched)}`);
        current.description.push(...(block.intro ? [quoteText(block.intro)] : []), items.join("\n"));
        current.footer = citeQuotes([...(block.intro ? [block.intro] : []), ...block.items]);
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
    const embed: APIEmbed = { color: draft.color ?? EMBED_COLOR };
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
export function renderEmbeds(
  reply: BotReply,
  options: DiscordRenderOptions = {},
): { embeds: APIEmbed[]; shortened: boolean } {
  // Without buttons, suggestions are listed on private replies only (help, "doesn't say", errors),
  // where they guide; a public post stays as it is.
  const tries: Draft[] =
    !options.buttons && reply.visibility === "private" && reply.suggestions.length
      ? [
          {
            title: "Try",
            description: [
              reply.suggestions.map((s) => `• ${escapeDiscord(formatCommand(s, "discord"))}`).join("\n"),
            ],
            fields: [],
          },
        ]
      : [];
  const all = [...drafts(reply.blocks, options), ...tries].flatMap(toEmbeds);
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

const button = (action: ReplyAction): APIButtonComponentWithCustomId | undefined => {
  const customId = encodeAction(action, COMPONENT_LIMITS.customId);
  // An action too big for a custom id is left out rather than cut, which would change what it does.
  if (customId === undefined) return undefined;
  return {
    type: ComponentType.Button,
    style: action.kind === "share" ? ButtonStyle.Primary : ButtonStyle.Secondary,
    label: truncate(actionLabel(action, "discord"), COMPONENT_LIMITS.label),
    custom_id: customId,
  };
};

/**
 * The reply's actions as rows of buttons: what to do with the reply first (share, context, votes),
 * then the suggested commands, five to a row and at most five rows. Share is offered only on an
 * ephemeral message, the only kind that needs sharing.
 */
export function renderButtons(reply: BotReply, ephemeral: boolean): ButtonRow[] {
  const actions = (reply.actions ?? []).filter((a) => a.kind !== "share" || ephemeral);
  const seen = new Set<string>();
  const unique = (buttons: (APIButtonComponentWithCustomId | undefined)[]) =>
    buttons.filter((b): b is APIButtonComponentWithCustomId => {
      if (!b || seen.has(b.custom_id)) return false;
      seen.add(b.custom_id);
      return true;
    });
  const own = unique(actions.filter((a) => a.kind !== "suggest").map(button));
  const suggested = unique(actions.filter((a) => a.kind === "suggest").map(button));
  const rows: APIButtonComponentWithCustomId[][] = [];
  for (const group of [own, suggested]) {
    for (let i = 0; i < group.length; i += COMPONENT_LIMITS.buttonsPerRow) {
      rows.push(group.slice(i, i + COMPONENT_LIMITS.buttonsPerRow));
    }
  }
  return rows
    .slice(0, COMPONENT_LIMITS.rows)
    .map((components): ButtonRow => ({ type: ComponentType.ActionRow, components }));
}

/** The line above a reply someone shared: "Shared by @ana", escaped so it cannot ping. */
export function sharedContent(name: string): string {
  return escapeDiscord(sharedLine(name));
}

function message(reply: BotReply, options: DiscordRenderOptions, ephemeral: boolean): DiscordMessage {
  const { embeds, shortened } = renderEmbeds(reply, options);
  const body: DiscordMessage = { embeds, allowed_mentions: NO_MENTIONS };
  const lines = [
    ...(reply.sharedBy ? [sharedContent(reply.sharedBy)] : []),
    // Discord rejects a message with neither content nor embeds.
    ...(!embeds.length ? [escapeDiscord(reply.summary || ELLIPSIS)] : shortened ? [SHORTENED_NOTE] : []),
  ];
  if (lines.length) body.content = lines.join("\n");
  if (options.buttons) {
    const components = renderButtons(reply, ephemeral);
    if (components.length) body.components = components;
  }
  return body;
}

/** A reply as a channel message body (a daily post, or the answer to a mention or DM). */
export function renderMessage(reply: BotReply, options: DiscordRenderOptions = {}): DiscordMessage {
  return message(reply, options, false);
}

/** A reply as the response to a slash command: private replies are ephemeral. */
export function renderInteractionResponse(
  reply: BotReply,
  options: DiscordRenderOptions = {},
): {
  type: InteractionResponseType.ChannelMessageWithSource;
  data: DiscordMessage;
} {
  const ephemeral = reply.visibility === "private";
  const data = message(reply, options, ephemeral);
  if (ephemeral) data.flags = MessageFlags.Ephemeral;
  return { type: InteractionResponseType.ChannelMessageWithSource, data };
}

/** The parts of an embed a message may be posted with; Discord adds others when it sends one back. */
const receivedEmbed = z
  .object({
    title: z.string().optional(),
    description: z.string().optional(),
    url: z.string().optional(),
    color: z.number().int().optional(),
    footer: z.object({ text: z.string() }).optional(),
    fields: z
      .array(z.object({ name: z.string(), value: z.string(), inline: z.boolean().optional() }))
      .optional(),
  })
  .transform((e) => {
    const embed: APIEmbed = {};
    if (e.title !== undefined) embed.title = e.title;
    if (e.description !== undefined) embed.description = e.description;
    if (e.url !== undefined) embed.url = e.url;
    if (e.color !== undefined) embed.color = e.color;
    if (e.footer) embed.footer = { text: e.footer.text };
    if (e.fields)
      embed.fields = e.fields.map((f) => ({ name: f.name, value: f.value, inline: f.inline ?? false }));
    return embed;
  });

const receivedButton = z.object({
  type: z.literal(ComponentType.Button),
  custom_id: z.string().max(COMPONENT_LIMITS.customId).optional(),
  label: z.string().max(COMPONENT_LIMITS.label).optional(),
});
const receivedRow = z.object({ type: z.literal(ComponentType.ActionRow), components: z.array(z.unknown()) });

/** The message a button was pressed on, as Discord sends it with the press: its embeds and components. */
export interface ReceivedMessage {
  embeds?: readonly unknown[] | undefined;
  components?: readonly unknown[] | undefined;
}

/** The message's own buttons other than Share, rebuilt from what Discord sent back. */
function keptButtons(components: readonly unknown[]): ButtonRow[] {
  const buttons: APIButtonComponentWithCustomId[] = [];
  for (const row of components) {
    const parsedRow = receivedRow.safeParse(row);
    if (!parsedRow.success) continue;
    for (const component of parsedRow.data.components) {
      const b = receivedButton.safeParse(component);
      if (!b.success) continue;
      const id = b.data.custom_id;
      // Only this bot's buttons are kept, and never a second Share.
      if (!id?.startsWith(`${ACTION_VERSION}:`) || id.startsWith(SHARE_PREFIX)) continue;
      buttons.push({
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: b.data.label ?? "…",
        custom_id: id,
      });
    }
  }
  const rows: ButtonRow[] = [];
  for (
    let i = 0;
    i < buttons.length && rows.length < COMPONENT_LIMITS.rows;
    i += COMPONENT_LIMITS.buttonsPerRow
  ) {
    rows.push({
      type: ComponentType.ActionRow,
      components: buttons.slice(i, i + COMPONENT_LIMITS.buttonsPerRow),
    });
  }
  return rows;
}

/** How every Share custom id starts. */
const SHARE_PREFIX = `${ACTION_VERSION}:s`;

/**
 * A private answer shared to the channel from its own message, which Discord sends with the press
 * (so Share needs no text in its custom id): the same embeds, marked with who shared it, and the
 * message's buttons other than Share. Only the parts of embeds and buttons a message is posted
 * with are copied; `content` is made here, and mentions stay off.
 */
export function renderShared(original: ReceivedMessage, sharedBy: string): DiscordMessage {
  const embeds = (original.embeds ?? []).flatMap((e) => {
    const parsed = receivedEmbed.safeParse(e);
    return parsed.success ? [parsed.data] : [];
  });
  const body: DiscordMessage = {
    content: sharedContent(sharedBy),
    embeds: embeds.slice(0, EMBED_LIMITS.embeds),
    allowed_mentions: NO_MENTIONS,
  };
  const components = keptButtons(original.components ?? []);
  if (components.length) body.components = components;
  return body;
}
