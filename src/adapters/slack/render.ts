/**
 * Renders a `BotReply` as a Slack message: Block Kit blocks plus a plain-text fallback for
 * notifications, and the reply's actions as buttons when the app handles them. Pure; every string
 * from the article or a user is made inert (see `mrkdwn.ts`).
 */
import {
  actionLabel,
  type BotReply,
  encodeAction,
  focusCitation,
  type Quote,
  type ReplyAction,
  type ReplyBlock,
  sharedLine,
} from "../../core/index.js";
import { renderPlainText } from "../text.js";
import { chunkText } from "./chunk.js";
import { inert, inertWithin, truncate } from "./mrkdwn.js";

/** A mrkdwn text object; `verbatim` stops Slack from linking or parsing anything on its own. */
export interface MrkdwnText {
  type: "mrkdwn";
  text: string;
  verbatim: true;
}

/** A button; its value is an action encoded by the core, read back with `parseAction`. */
export interface SlackButton {
  type: "button";
  action_id: string;
  text: { type: "plain_text"; text: string; emoji: true };
  value: string;
  style?: "primary";
}

/** The Block Kit blocks this renderer produces. */
export type SlackBlock =
  | { type: "header"; text: { type: "plain_text"; text: string; emoji: false } }
  | { type: "section"; text: MrkdwnText; accessory?: SlackButton }
  | { type: "section"; fields: MrkdwnText[] }
  | { type: "context"; elements: MrkdwnText[] }
  | { type: "divider" }
  | { type: "actions"; block_id: string; elements: SlackButton[] };

/** How a reply is rendered beyond its content. */
export interface SlackRenderOptions {
  /**
   * Show the reply's actions as buttons. Only for an app whose interactivity is on and whose
   * `block_actions` are handled (`SLACK_ACTION_ID_PATTERN`); without it suggestions are a "Try" line.
   */
  buttons?: boolean;
  /** The web address of a quote on the article page, to link its citation; none when undefined. */
  citationUrl?: (quote: Quote) => string | undefined;
}

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
/** Longest value of a button. */
export const BUTTON_VALUE_LIMIT = 2000;
/** Most elements in one actions block. */
export const MAX_ACTION_ELEMENTS = 25;

/** Every action id starts with this, so one `app.action(SLACK_ACTION_ID_PATTERN, …)` takes them all. */
export const SLACK_ACTION_PREFIX = "letterbot.";
/** The action id of "This answers it", beside each passage of a closest match. */
export const CONFIRM_ACTION_ID = "confirm";
/** Matches the action id of every button this renderer makes. */
export const SLACK_ACTION_ID_PATTERN = /^(?:letterbot\.|confirm$)/;
/** The block ids of the two rows of buttons: what to do with the reply, and suggested commands. */
export const SLACK_BLOCK_IDS = {
  actions: "letterbot.actions",
  suggestions: "letterbot.suggestions",
} as const;

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

/** A quiet heading: a divider, then the text as a small context line. */
function subheading(text: string): SlackBlock[] {
  return [{ type: "divider" }, context(inertWithin(text.replace(/\s+/g, " ").trim(), CONTEXT_TEXT_LIMIT))];
}

/** A URL as it may stand inside Slack's `<url|label>`: only http(s), with its control characters escaped. */
function linkTarget(url: string): string | undefined {
  if (!/^https?:\/\//i.test(url)) return undefined;
  return url.replace(/&/g, "&amp;").replace(/</g, "%3C").replace(/>/g, "%3E").replace(/\|/g, "%7C");
}

/** `label` linked to `url`, or just the inert label when the URL cannot be linked. */
function link(label: string, url: string | undefined, max: number): string {
  const target = url === undefined ? undefined : linkTarget(url);
  if (!target) return inertWithin(label, max);
  return `<${target}|${inertWithin(label, Math.max(1, max - target.length - 3))}>`;
}

function citation(text: string, url?: string, emphasis = false): SlackBlock {
  if (emphasis) return context(`*— ${link(text, url, CONTEXT_TEXT_LIMIT - 4)}*`);
  return context(`— ${link(text, url, CONTEXT_TEXT_LIMIT - 2)}`);
}

function quote(q: Quote, options: SlackRenderOptions, focus = false): SlackBlock[] {
  const parts = chunkText(q.text, SECTION_TEXT_LIMIT, { prefix: ">", matched: q.matched });
  const url = options.citationUrl?.(q);
  return [...parts.map(section), citation(focus ? focusCitation(q) : q.citation, url, focus)];
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
export function renderBlock(block: ReplyBlock, options: SlackRenderOptions = {}): SlackBlock[] {
  switch (block.type) {
    case "heading":
      return heading(block.text);
    case "subheading":
      return subheading(block.text);
    case "text":
      return chunkText(block.text, SECTION_TEXT_LIMIT).map(section);
    case "quote":
      return quote(block.quote, options, block.focus);
    case "link":
      return [section(link(block.text, block.url, SECTION_TEXT_LIMIT))];
    case "quote-list":
      return quoteList(block);
    case "list":
      return chunkText(block.items.map((item) => `• ${item}`).join("\n"), SECTION_TEXT_LIMIT).map(section);
    case "fields":
      return fields(block);
  }
}

/** The action id of a button: its kind, and its place among the suggestions, which share a kind. */
function actionId(action: ReplyAction, index: number): string {
  if (action.kind === "confirm") return CONFIRM_ACTION_ID;
  if (action.kind === "vote") return `${SLACK_ACTION_PREFIX}vote.${action.vote}`;
  if (action.kind === "suggest") return `${SLACK_ACTION_PREFIX}suggest.${index}`;
  return `${SLACK_ACTION_PREFIX}${action.kind}`;
}

function buttons(actions: readonly ReplyAction[]): SlackButton[] {
  const out: SlackButton[] = [];
  for (const [index, action] of actions.entries()) {
    const value = encodeAction(action, BUTTON_VALUE_LIMIT);
    // An action too big for a button is left out rather than cut, which would change what it does.
    if (value === undefined || out.length === MAX_ACTION_ELEMENTS) continue;
    out.push({
      type: "button",
      action_id: actionId(action, index),
      text: { type: "plain_text", text: actionLabel(action, "slack"), emoji: true },
      value,
      ...(action.kind === "share" ? { style: "primary" as const } : {}),
    });
  }
  return out;
}

/** The row of what a reader can do with the reply itself: share, context, votes. */
function replyButtons(reply: BotReply, options: SlackRenderOptions): SlackBlock[] {
  if (!options.buttons) return [];
  // Sharing is for private replies; a public one is already in the channel. A confirmation sits beside its passage.
  const own = (reply.actions ?? []).filter(
    (a) =>
      a.kind !== "suggest" && a.kind !== "confirm" && (a.kind !== "share" || reply.visibility === "private"),
  );
  const elements = buttons(own);
  return elements.length ? [{ type: "actions", block_id: SLACK_BLOCK_IDS.actions, elements }] : [];
}

/**
 * Each offered passage with its "This answers it" button beside it: on the last section of its
 * quote, as the quote's place among the reply's quotes says.
 */
function withConfirmations(
  reply: BotReply,
  groups: SlackBlock[][],
  options: SlackRenderOptions,
): SlackBlock[][] {
  if (!options.buttons) return groups;
  const confirms = new Map<number, SlackButton>();
  for (const action of reply.actions ?? []) {
    if (action.kind !== "confirm") continue;
    const [button] = buttons([action]);
    if (button) confirms.set(action.pick.index, button);
  }
  if (!confirms.size) return groups;
  let quoteAt = -1;
  return groups.map((group, i) => {
    if (reply.blocks[i]?.type !== "quote") return group;
    const button = confirms.get(++quoteAt);
    const last = group.findLastIndex((b) => b.type === "section" && "text" in b);
    const target = group[last];
    if (!button || !target || target.type !== "section" || !("text" in target)) return group;
    return group.map((b, j) => (j === last ? { ...target, accessory: button } : b));
  });
}

/** Suggested commands: buttons under a quiet "Try", or a "Try" line when there are no buttons. */
function suggestions(reply: BotReply, options: SlackRenderOptions): SlackBlock[] {
  if (options.buttons) {
    const elements = buttons((reply.actions ?? []).filter((a) => a.kind === "suggest"));
    if (!elements.length) return [];
    return [...subheading("Try"), { type: "actions", block_id: SLACK_BLOCK_IDS.suggestions, elements }];
  }
  const fresh = [...new Set(reply.suggestions)];
  if (!fresh.length) return [];
  return [{ type: "divider" }, context(inertWithin(`Try: ${fresh.join("  ·  ")}`, CONTEXT_TEXT_LIMIT))];
}

/**
 * Renders `reply` as Block Kit: a section per quote (a block quote, matched words in bold) with
 * its citation in a context block, the demands as a numbered list, headings as headers and quiet
 * headings as a divider and a context line, then the reply's buttons or its "Try" line. Parts
 * that do not fit in Slack's 50 blocks are left out whole, and a line says so.
 */
export function renderSlack(reply: BotReply, options: SlackRenderOptions = {}): SlackMessage {
  const groups = withConfirmations(
    reply,
    reply.blocks.map((block) => renderBlock(block, options)),
    options,
  );
  const head = reply.sharedBy ? [context(inertWithin(sharedLine(reply.sharedBy), CONTEXT_TEXT_LIMIT))] : [];
  const own = replyButtons(reply, options);
  const blocks: SlackBlock[] = [...head];
  let shown = 0;
  for (const group of groups) {
    const roomLeft = MAX_BLOCKS - own.length - blocks.length - (shown < groups.length - 1 ? 1 : 0);
    if (group.length > roomLeft) break;
    blocks.push(...group);
    shown++;
  }
  if (shown < groups.length) {
    const left = groups.length - shown;
    blocks.push(
      context(`…and ${left} more part${left === 1 ? "" : "s"} not shown here: ask a narrower question.`),
    );
    blocks.push(...own);
  } else {
    blocks.push(...own);
    const more = suggestions(reply, options);
    if (blocks.length + more.length <= MAX_BLOCKS) blocks.push(...more);
  }
  const fallback = renderPlainText(reply);
  const text = inert(truncate(fallback, FALLBACK_TEXT_LIMIT)) || inert(reply.summary);
  return { text: text || " ", blocks };
}

/** Rendered messages a cache keeps: far more than the distinct answers people ask for at once. */
export const RENDER_CACHE_SIZE = 256;

/**
 * `renderSlack` remembering its last results by content: most requests ask for the same few
 * answers, and laying out Block Kit costs more than comparing two replies. Rendering is pure, so
 * an equal reply always gets the same message.
 */
export function createRenderCache(
  capacity = RENDER_CACHE_SIZE,
  options: SlackRenderOptions = {},
): (reply: BotReply) => SlackMessage {
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
    const message = renderSlack(reply, options);
    cache.set(key, message);
    if (cache.size > capacity) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    return message;
  };
}
