/**
 * Renders a `BotReply` as a Slack message: Block Kit blocks plus a plain-text fallback for
 * notifications. Pure; every string from the article or a user is made inert (see `mrkdwn.ts`).
 */
import type { BotReply, Quote, ReplyBlock } from "../../core/index.js";
import { renderPlainText } from "../text.js";
import { chunkText } from "./chunk.js";
import { inert, inertWithin, truncate } from "./mrkdwn.js";

/** A mrkdwn text object; `verbatim` stops Slack from linking or parsing anything on its own. */
export interface MrkdwnText {
  type: "mrkdwn";
  text: string;
  verbatim: true;
}

/** The Block Kit blocks this renderer produces. */
export type SlackBlock =
  | { type: "header"; text: { type: "plain_text"; text: string; emoji: false } }
  | { type: "section"; text: MrkdwnText }
  | { type: "section"; fields: MrkdwnText[] }
  | { type: "context"; elements: MrkdwnText[] };

/** A message ready for `chat.postMessage` or a slash-command response. */
export interface SlackMessage {
  /** Notification and fallback text. */
  text: string;
  blocks: SlackBlock[];
}

/** Most blocks Slack accepts in one message. */
export const MAX_BLOCKS = 50;
/** Longest text of a section block. */
export const SECTION_TEXT_LIMIT = 3000;
/** Longest text of a header block. */
export const HEADER_TEXT_LIMIT = 150;
/** Longest text of one field of a section. */
export const FIELD_TEXT_LIMIT = 2000;
/** Most fields in one section. */
export const MAX_FIELDS = 10;
/** Longest text of a context element. */
export const CONTEXT_TEXT_LIMIT = 3000;
/** Longest fallback text; the blocks carry the whole reply, the fallback only announces it. */
export const FALLBACK_TEXT_LIMIT = 3000;

const mrkdwn = (text: string): MrkdwnText => ({ type: "mrkdwn", text, verbatim: true });
const section = (text: string): SlackBlock => ({ type: "section", text: mrkdwn(text) });
const context = (text: string): SlackBlock => ({ type: "context", elements: [mrkdwn(text)] });

function heading(text: string): SlackBlock[] {
  const oneLine = text.replace(/\s+/g, " ").trim();
  // A header is plain text, where Slack shows `&amp;` literally: headers only for text that needs
  // no escaping, a bold section otherwise.
  if (oneLine && oneLine.length <= HEADER_TEXT_LIMIT && !/[&<>]/.test(oneLine)) {
    return [{ type: "header", text: { type: "plain_text", text: oneLine, emoji: false } }];
  }
  return [section(`*${inertWithin(oneLine, SECTION_TEXT_LIMIT - 2)}*`)];
}

function citation(text: string): SlackBlock {
  return context(inertWithin(`— ${text}`, CONTEXT_TEXT_LIMIT));
}

function quote(q: Quote): SlackBlock[] {
  const parts = chunkText(q.text, SECTION_TEXT_LIMIT, { prefix: ">", matched: q.matched });
  return [...parts.map(section), citation(q.citation)];
}

/** The list's one citation: "the employees' letter, ¶15 and demands 1–3 (¶16–18)". */
function listCitation(intro: Quote | undefined, items: Quote[], start: number): string {
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) return intro?.citation ?? "";
  const where = first.citation.replace(/, demand.*$/, "");
  const end = start + items.length - 1;
  const span =
    items.length === 1
      ? first.citation.slice(where.length + 2)
      : `demands ${start}–${end} (¶${first.paragraph}–${last.paragraph})`;
  if (!intro) return `${where}, ${span}`;
  const introWhere = intro.citation.replace(/, ¶\d+$/, "");
  return introWhere === where
    ? `${where}, ¶${intro.paragraph} and ${span}`
    : `${intro.citation}; ${where}, ${span}`;
}

function quoteList(block: Extract<ReplyBlock, { type: "quote-list" }>): SlackBlock[] {
  const start = block.start ?? 1;
  const numbered = block.items.map((q, i) => `${start + i}. ${q.text}`).join("\n");
  const matched = block.items.flatMap((q) => q.matched);
  const intro = block.intro
    ? chunkText(block.intro.text, SECTION_TEXT_LIMIT, { prefix: ">", matched: block.intro.matched })
    : [];
  const list = chunkText(numbered, SECTION_TEXT_LIMIT, { prefix: ">", matched });
  return [...[...intro, ...list].map(section), citation(listCitation(block.intro, block.items, start))];
}

function fields(block: Extract<ReplyBlock, { type: "fields" }>): SlackBlock[] {
  const texts = block.fields.map((f) => {
    const label = `*${inertWithin(f.label, FIELD_TEXT_LIMIT / 4)}*\n`;
    return mrkdwn(label + inertWithin(f.value, FIELD_TEXT_LIMIT - label.length));
  });
  const out: SlackBlock[] = [];
  for (let i = 0; i < texts.length; i += MAX_FIELDS) {
    out.push({ type: "section", fields: texts.slice(i, i + MAX_FIELDS) });
  }
  return out;
}

/** The Slack blocks for one reply block, kept together when the message is too long. */
export function renderBlock(block: ReplyBlock): SlackBlock[] {
  switch (block.type) {
    case "heading":
      return heading(block.text);
    case "text":
      return chunkText(block.text, SECTION_TEXT_LIMIT).map(section);
    case "quote":
      return quote(block.quote);
    case "quote-list":
      return quoteList(block);
    case "list":
      return chunkText(block.items.map((item) => `• ${item}`).join("\n"), SECTION_TEXT_LIMIT).map(section);
    case "fields":
      return fields(block);
  }
}

function suggestions(reply: BotReply): SlackBlock[] {
  // A reply that already lists its suggestions (the "Try" list) needs no second copy.
  const listed = new Set(reply.blocks.flatMap((b) => (b.type === "list" ? b.items : [])));
  const fresh = reply.suggestions.filter((s) => !listed.has(s));
  if (!fresh.length) return [];
  return [context(inertWithin(`Try: ${fresh.join("  ·  ")}`, CONTEXT_TEXT_LIMIT))];
}

/**
 * Renders `reply` as Block Kit: a section per quote (a block quote, matched words in bold) with
 * its citation in a context block, the demands as a numbered list, headings as headers. Parts
 * that do not fit in Slack's 50 blocks are left out whole, and a last line says so.
 */
export function renderSlack(reply: BotReply): SlackMessage {
  const groups = reply.blocks.map(renderBlock);
  const blocks: SlackBlock[] = [];
  let shown = 0;
  for (const group of groups) {
    const roomLeft = MAX_BLOCKS - blocks.length - (shown < groups.length - 1 ? 1 : 0);
    if (group.length > roomLeft) break;
    blocks.push(...group);
    shown++;
  }
  if (shown < groups.length) {
    const left = groups.length - shown;
    blocks.push(
      context(`…and ${left} more part${left === 1 ? "" : "s"} not shown here: ask a narrower question.`),
    );
  } else {
    const more = suggestions(reply);
    if (blocks.length + more.length <= MAX_BLOCKS) blocks.push(...more);
  }
  const text = inert(truncate(renderPlainText(reply), FALLBACK_TEXT_LIMIT)) || inert(reply.summary);
  return { text: text || " ", blocks };
}

/** Rendered messages a cache keeps: far more than the distinct answers people ask for at once. */
export const RENDER_CACHE_SIZE = 256;

/**
 * `renderSlack` remembering its last results by content: most requests ask for the same few
 * answers, and laying out Block Kit costs more than comparing two replies. Rendering is pure, so
 * an equal reply always gets the same message.
 */
export function createRenderCache(capacity = RENDER_CACHE_SIZE): (reply: BotReply) => SlackMessage {
  const cache = new Map<string, SlackMessage>();
  return (reply) => {
    const key = JSON.stringify(reply);
    const hit = cache.get(key);
    if (hit) {
      // Most recently used last, so the oldest is the first key.
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    const message = renderSlack(reply);
    cache.set(key, message);
    if (cache.size > capacity) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    return message;
  };
}
