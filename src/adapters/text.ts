import type { BotReply, Quote, ReplyBlock } from "../core/index.js";

/** Plain-text form of a quote: the verbatim text in curly quotes, then its citation. */
export function quoteLine(quote: Quote): string {
  return `“${quote.text}” (${quote.citation})`;
}

/** One citation for a run of quotes: "the employees' letter, ¶15–18". */
function listCitation(quotes: Quote[]): string {
  const first = quotes[0];
  const last = quotes.at(-1);
  if (!first || !last) return "";
  const where = first.citation.replace(/,.*$/, "");
  return first.paragraph === last.paragraph
    ? first.citation
    : `${where}, ¶${first.paragraph}–${last.paragraph}`;
}

/** How `renderPlainText` lays text out. */
export interface PlainTextOptions {
  /** Write headings in capitals, to stand out in a terminal. */
  loudHeadings?: boolean;
}

function blockLines(block: ReplyBlock, options: PlainTextOptions): string[] {
  switch (block.type) {
    case "heading":
      return [options.loudHeadings ? block.text.toUpperCase() : block.text];
    case "text":
      return [block.text];
    case "quote":
      return [`> ${block.quote.text}`, `  — ${block.quote.citation}`];
    case "quote-list": {
      const start = block.start ?? 1;
      return [
        ...(block.intro ? [`> ${block.intro.text}`] : []),
        ...block.items.map((q, i) => `  ${start + i}. ${q.text}`),
        `  — ${listCitation(block.intro ? [block.intro, ...block.items] : block.items)}`,
      ];
    }
    case "list":
      return block.items.map((item) => `  • ${item}`);
    case "fields":
      return block.fields.map((f) => `${f.label}: ${f.value}`);
  }
}

/**
 * Renders a reply as plain text: the console adapter's output and the notification fallback of
 * richer renderers. Contains exactly the article's words for every quote.
 */
export function renderPlainText(reply: BotReply, options: PlainTextOptions = {}): string {
  return reply.blocks.flatMap((block) => blockLines(block, options)).join("\n");
}
