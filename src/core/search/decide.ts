import { type ExampleEvidence, NO_EXAMPLES } from "./examples.js";
import type { Scored } from "./rerank.js";
import type { QueryTerm } from "./terms.js";
import type { Query } from "./understand.js";

/**
 * The last stage: whether the article answers the question. It answers when a sentence covers
 * enough of what the question is about, weighted by how informative each word is, and holds the
 * kind of answer asked for. When the best sentence comes near but falls short, it is offered as
 * the closest match, marked as such, rather than hidden behind "the article doesn't say". When
 * nothing comes near (a question about the weather, a joke, an instruction to the bot), nothing
 * is quoted.
 */

/** Least weighted share of the question a sentence must cover to answer it. */
export const ANSWER_COVERAGE = 0.5;
/** Least share for a sentence to be offered as the closest match. */
export const CLOSEST_COVERAGE = 0.3;
/** Least share of the best score an extra quote needs to be worth showing. */
const EXTRA_SCORE_RATIO = 0.6;
/** Sentences sharing more than this share of their words say the same thing; only one is shown. */
const DUPLICATE_OVERLAP = 0.6;
/** How well a term must match for the sentence to be said to hold it, not merely something near it. */
const HELD = 0.75;
/** A question this much about what the article never mentions is not near any passage of it. */
const UNKNOWN_SHARE = 0.5;
/** From this many terms, a question needs two of them held by its answer. */
const MANY_TERMS = 4;
/** Least share of the question's weight whose terms must be in an answer or its paragraph. */
const THERE_SHARE = 0.34;
/** How well a term must match for a sentence to be near it. */
const NEAR = 0.5;
/** Least share of the question's weight a sentence must be near to be offered as the closest match. */
const CLOSEST_SHARE = 0.25;
/** A term below this match, in the sentence and its paragraph, is missing from it. */
const MISSING = 0.5;
/** A sentence missing a term that carries this share of the question's weight does not answer it. */
const MISSING_SHARE = 0.35;
/** A question that matches an example this well is answered by the example's sentence. */
export const EXAMPLE_ANSWER = 0.6;
/** A passage that does not hold the kind of answer asked for needs a closer match than that. */
const EXAMPLE_UNTYPED = 0.75;
/** A question that matches an example this well is near its sentence, which may be offered as the closest match. */
export const EXAMPLE_NEAR = 0.45;
/** A question that matches an example this well asks what the example asks, whatever request it looks like. */
export const EXAMPLE_DECISIVE = 0.8;
/**
 * The passage the examples point at answers with this much of the question's words (a passage needs
 * `ANSWER_COVERAGE` otherwise) when its example matches this well.
 */
const PICKED_COVERAGE = 0.4;
const PICKED_EXAMPLE = 0.5;
/** A question that matches an on-topic question the article does not answer this well, and better than any answered one, is declined. */
export const EXAMPLE_UNANSWERED = 0.7;

export type Outcome = "answer" | "closest" | "decline";

/** Why the engine answered or declined, for logs and replies. */
export type Reason = "answered" | "no-topic" | "not-covered" | "wrong-kind" | "too-little";

export interface Decision {
  outcome: Outcome;
  reason: Reason;
  /** The sentences to quote, best first: the answer and extras, or the closest matches. */
  chosen: Scored[];
}

function overlaps(a: Scored, b: Scored): boolean {
  const pa = a.doc.passage;
  const pb = b.doc.passage;
  if (pa.start < pb.end && pb.start < pa.end) return true;
  let shared = 0;
  for (const k of a.doc.stems) if (b.doc.stems.has(k)) shared++;
  return shared / Math.min(a.doc.stems.size, b.doc.stems.size) > DUPLICATE_OVERLAP;
}

/** Terms the sentence holds in its own text. */
const held = (s: Scored, terms: QueryTerm[]) => terms.filter((_, i) => (s.quality[i] ?? 0) >= HELD);

/** Whether the examples say the article does not answer the question: it is most like one it does not. */
export function unansweredByExamples(examples: ExampleEvidence): boolean {
  return examples.unanswered >= EXAMPLE_UNANSWERED && examples.unanswered > examples.answered;
}

export function decide(
  query: Query,
  ranked: Scored[],
  limit: number,
  examples: ExampleEvidence = NO_EXAMPLES,
): Decision {
  const { terms } = query;
  // Words the article never uses may still be how people ask for one of its passages.
  if (!terms.length || (terms.every((t) => !t.known) && examples.answered < EXAMPLE_NEAR))
    return { outcome: "decline", reason: "no-topic", chosen: [] };
  if (unansweredByExamples(examples)) return { outcome: "decline", reason: "not-covered", chosen: [] };
  let total = 0;
  for (const t of terms) total += t.weight;
  // A claim may name what is not so ("addressed to someone else"); the passage that settles it still answers.
  const lacksKeyTerm = (s: Scored) =>
    !query.expect.claim &&
    terms.some((t, i) => t.weight / total >= MISSING_SHARE && (s.reach[i] ?? 0) < MISSING);
  // A question of several ideas needs more than one of them in the passage.
  const enoughHeld = (s: Scored) => held(s, terms).length >= (terms.length >= MANY_TERMS ? 2 : 1);
  // Most of the question, by weight, must be in the passage or its paragraph, not merely near it.
  const mostlyThere = (s: Scored) =>
    terms.reduce((sum, t, i) => sum + ((s.reach[i] ?? 0) >= MISSING ? t.weight : 0), 0) / total >=
    THERE_SHARE;
  const answers = (s: Scored) =>
    (s.example >= EXAMPLE_ANSWER && (s.typed || s.example >= EXAMPLE_UNTYPED)) ||
    (s.coverage >= ANSWER_COVERAGE &&
      s.typed &&
      enoughHeld(s) &&
      !lacksKeyTerm(s) &&
      (query.expect.claim || mostlyThere(s)));
  const chosen: Scored[] = [];
  // The passage the example questions point at, when it ranks first: no lower passage answers in
  // its place, and it answers with less of the question's own words than another would need.
  const picked = ranked[0] && ranked[0].example >= EXAMPLE_NEAR ? ranked[0] : undefined;
  const pickedAnswers = (s: Scored) =>
    s === picked && s.typed && s.coverage >= PICKED_COVERAGE && s.example >= PICKED_EXAMPLE;
  for (const s of ranked) {
    const best = chosen[0];
    if (best && (chosen.length >= limit || s.score < EXTRA_SCORE_RATIO * best.score)) break;
    // After the answer, a passage an example question points at is worth showing too.
    const related = best !== undefined && s.example >= EXAMPLE_NEAR;
    if (!answers(s) && !pickedAnswers(s) && !related) {
      if (s === picked) break;
      continue;
    }
    if (best && chosen.some((c) => overlaps(c, s))) continue;
    chosen.push(s);
  }
  if (chosen.length) return { outcome: "answer", reason: "answered", chosen };
  // A question mostly about a thing neither the article nor the lexicon knows ("css"), or half about
  // things the article never mentions, gets no passage at all.
  const unknown = terms.filter((t) => !t.known && !t.number).reduce((sum, t) => sum + t.weight, 0);
  const foreign = terms.some((t) => !t.known && !t.english && !t.number && t.weight / total >= MISSING_SHARE);
  // A claim may name what the article never mentions: that is what it gets wrong.
  // Unless an example question worded like it says which passage it asks about.
  const worded = examples.answered >= EXAMPLE_NEAR;
  if (!query.expect.claim && !worded && (foreign || unknown / total >= UNKNOWN_SHARE)) {
    return { outcome: "decline", reason: "not-covered", chosen: [] };
  }
  // The closest match holds the kind of answer asked for when any near passage does.
  // Near enough to offer: half the question's weight in the passage or its paragraph.
  const reached = (s: Scored) =>
    terms.reduce((sum, t, i) => sum + ((s.reach[i] ?? 0) >= NEAR ? t.weight : 0), 0) / total;
  const near = ranked.filter(
    (s) => s.example >= EXAMPLE_NEAR || (s.coverage >= CLOSEST_COVERAGE && reached(s) >= CLOSEST_SHARE),
  );
  const nearest = picked ?? near.find((s) => s.typed) ?? near[0];
  if (!nearest)
    return { outcome: "decline", reason: ranked.length ? "too-little" : "not-covered", chosen: [] };
  const reason: Reason = nearest.coverage >= ANSWER_COVERAGE ? "wrong-kind" : "too-little";
  // Other near passages that score almost as well come after it: one of them may be what was meant.
  const offered = [nearest];
  for (const s of near) {
    if (offered.length >= limit) break;
    if (s.score < EXTRA_SCORE_RATIO * nearest.score || offered.some((c) => c === s || overlaps(c, s)))
      continue;
    offered.push(s);
  }
  return { outcome: "closest", reason, chosen: offered };
}
