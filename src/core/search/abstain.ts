import { answersAll, restsOnOneWeakWord } from "./evidence.js";
import type { QuestionShape } from "./question.js";
import type { Scored, WeightedTerm } from "./rank.js";

/**
 * Decides whether the article answers a question, and which passages to quote. The article
 * answers when one passage covers most of what the question is about, weighted by how
 * informative each word is: a question whose key words the article never uses ("weather",
 * "pasta") is not covered however many small words match. A "how many" question also needs a
 * number that counts the thing asked about, so "how many employees does Amazon have" is not
 * answered by "nearly 70 groups"; a "when" question needs a passage that places something in
 * time. A "what is X" question needs a passage naming all of X ("the CEO of Google" is not
 * answered by a sentence about Google), and no passage is quoted on the strength of one loosely
 * matched word while the rest of the question goes unmatched.
 */

/** Least weighted share of the question a passage must cover to be quoted as the answer. */
export const MIN_COVERAGE = 0.4;
/** Least share of the best score an extra quote needs to be worth showing. */
const EXTRA_SCORE_RATIO = 0.6;
/** Passages sharing more than this share of their words say the same thing; only one is shown. */
const DUPLICATE_OVERLAP = 0.6;

function overlaps(a: Scored, b: Scored): boolean {
  const pa = a.doc.passage;
  const pb = b.doc.passage;
  if (pa.start < pb.end && pb.start < pa.end) return true;
  const sa = a.doc.stems;
  const sb = b.doc.stems;
  let shared = 0;
  for (const k of sa) if (sb.has(k)) shared++;
  return shared / Math.min(sa.size, sb.size) > DUPLICATE_OVERLAP;
}

/** The passages to quote, best first, or none when the article does not answer the question. */
export function choose(
  ranked: Scored[],
  terms: WeightedTerm[],
  shape: QuestionShape,
  limit: number,
): Scored[] {
  if (!terms.length || terms.every((t) => t.unknown)) return [];
  // Checked lazily, best first: only the passages up to the last one quoted are looked at.
  const eligible = (s: Scored) =>
    s.coverage >= MIN_COVERAGE &&
    (shape.form !== "count" || s.counts) &&
    (shape.form !== "when" || s.doc.temporal || s.doc.roughlyTemporal) &&
    (shape.form !== "define" || answersAll(s, terms, shape.head)) &&
    !restsOnOneWeakWord(s, terms);
  const chosen: Scored[] = [];
  for (const s of ranked) {
    const best = chosen[0];
    if (best && (chosen.length >= limit || s.score < EXTRA_SCORE_RATIO * best.score)) break;
    if (!eligible(s)) continue;
    if (best && chosen.some((c) => overlaps(c, s))) continue;
    chosen.push(s);
  }
  return chosen;
}
