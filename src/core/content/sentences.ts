/**
 * Splits a paragraph into sentences with their offsets. Built on `Intl.Segmenter`, which splits
 * after every period followed by a space, so abbreviations ("U.K. Border
 * Agency", "7:20 a.m. PT") are joined back to the sentence they belong to.
 */

/** Abbreviations that end in a period without ending a sentence. */
const ABBREVIATIONS = /(?:^|[\s(])(?:(?:[A-Za-z]\.)+[A-Za-z]|Mr|Mrs|Ms|Dr|St|Jr|Sr|Inc|Corp|vs|etc)\.\s*$/;

const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

/** A sentence's text (trimmed) and its offsets within the paragraph. */
export interface SentenceSpan {
  text: string;
  start: number;
  end: number;
}

export function splitSentences(paragraph: string): SentenceSpan[] {
  const raw: { start: number; end: number }[] = [];
  for (const { index, segment } of segmenter.segment(paragraph)) {
    const last = raw.at(-1);
    if (last && ABBREVIATIONS.test(paragraph.slice(last.start, last.end))) {
      last.end = index + segment.length;
    } else {
      raw.push({ start: index, end: index + segment.length });
    }
  }
  const spans: SentenceSpan[] = [];
  for (const { start, end } of raw) {
    const slice = paragraph.slice(start, end);
    const lead = slice.length - slice.trimStart().length;
    const text = slice.trim();
    if (text) spans.push({ text, start: start + lead, end: start + lead + text.length });
  }
  return spans;
}
