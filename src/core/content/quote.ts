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
