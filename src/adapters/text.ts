import {
  type BotReply,
  citeQuotes,
  focusCitation,
  formatCommand,
  type Platform,
  type Quote,
  type ReplyBlock,
  sharedLine,
} from "../core/index.js";

/** Plain-text form of a quote: the verbatim text in curly quotes, then its citation. */
export function quoteLine(quote: Quote): string {
  return `“${quote.text}” (${quote.citation})`;
}

/** How `renderPlainText` lays text out. */
export interface PlainTextOptions {
  /** Write headings in capitals, to stand out in a terminal. */
  loudHeadings?: boolean;
  /**
   * End with the reply's suggestions ("Try: /letter demands · …"), written as commands are typed
   * on this platform. Left out of notification fallbacks, where buttons or a context line show them.
   */
  suggestionsFor?: Platform;
}

function blockLines(block: ReplyBlock, options: PlainTextOptions): string[] {
  switch (block.type) {
    case "heading":
      return [options.loudHeadings ? block.text.toUpperCase() : block.text];
    case "subheading":
      return [block.text];
    case "text":
      return [block.text];
    case "quote":
      return [
        `> ${block.quote.text}`,
        `  — ${block.focus ? focusCitation(block.quote) : block.quote.citation}`,
      ];
    case "quote-list": {
      const start = block.start ?? 1;
      return [
        ...(block.intro ? [`> ${block.intro.text}`] : []),
        ...block.items.map((q, i) => `  ${start + i}. ${q.text}`),
        `  — ${citeQuotes(block.intro ? [block.intro, ...block.items] : block.items)}`,
      ];
    }
    case "list":
      return block.items.map((item) => `  • ${item}`);
    case "fields":
      return block.fields.map((f) => `${f.label}: ${f.value}`);
    case "link":
      return [`${block.text}: ${block.url}`];
  }
}

/**
 * Renders a reply as plain text: the console adapter's output and the notification fallback of
 * richer renderers. Contains exactly the article's words for every quote.
 */
export function renderPlainText(reply: BotReply, options: PlainTextOptions = {}): string {
  const platform = options.suggestionsFor;
  const tries =
    platform && reply.suggestions.length
      ? [`Try: ${reply.suggestions.map((s) => formatCommand(s, platform)).join("  ·  ")}`]
      : [];
  return [
    ...(reply.sharedBy ? [sharedLine(reply.sharedBy)] : []),
    ...reply.blocks.flatMap((block) => blockLines(block, options)),
    ...tries,
  ].join("\n");
}
