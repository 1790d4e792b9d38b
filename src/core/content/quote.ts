import type { Passage, Quote } from "../types.js";

/** How a passage is cited: "the employees' letter, ¶9" or "the employees' letter, demand 2 (¶17)". */
export function citationFor(passage: Passage): string {
  if (passage.demand !== undefined) {
    return `${passage.source}, demand ${passage.demand} (¶${passage.paragraph})`;
  }
  return `${passage.source}, ¶${passage.paragraph}`;
}

/** Turns a passage into a quote; `matched` lists the words of its text that matched the query. */
export function toQuote(passage: Passage, matched: string[] = []): Quote {
  return {
    id: passage.id,
    text: passage.text,
    paragraph: passage.paragraph,
    section: passage.section,
    speaker: passage.speaker,
    start: passage.start,
    end: passage.end,
    citation: citationFor(passage),
    matched,
  };
}

/** The part of a citation that names the source: "the employees' letter". */
const sourceOf = (quote: Quote) => quote.citation.replace(/, (?:demand|¶).*$/, "");

/** Paragraph numbers as runs: [15, 16, 18] → "¶15–16 and ¶18". */
function paragraphRuns(numbers: number[]): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] ?? 0) + 1) j++;
    runs.push(i === j ? `¶${sorted[i]}` : `¶${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  return runs.length > 1 ? `${runs.slice(0, -1).join(", ")} and ${runs.at(-1)}` : (runs[0] ?? "");
}

/**
 * One citation for a list of quotes: "the employees' letter, ¶15–18". A single quote keeps its
 * own citation, and paragraphs that are not shown are never spanned: "¶15 and ¶17", not "¶15–17".
 */
export function citeQuotes(quotes: readonly Quote[]): string {
  const [only] = quotes;
  if (!only) return "";
  if (quotes.length === 1) return only.citation;
  const bySource = new Map<string, number[]>();
  for (const q of quotes) bySource.set(sourceOf(q), [...(bySource.get(sourceOf(q)) ?? []), q.paragraph]);
  return [...bySource].map(([source, numbers]) => `${source}, ${paragraphRuns(numbers)}`).join("; ");
}

/** What marks the quote asked for among its neighbours (`/letter context 11`). */
export const FOCUS_NOTE = "asked for";

/** The citation of a quote shown as the one asked for: "the employees' letter, ¶11 (asked for)". */
export function focusCitation(quote: Quote): string {
  return `${quote.citation} (${FOCUS_NOTE})`;
}
