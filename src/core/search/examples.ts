import type { KeyMap } from "./analyze.js";
import { matchQuality } from "./rerank.js";
import type { Doc, ExampleDoc, ExampleIndex, SearchIndex } from "./retrieve.js";
import type { QueryTerm } from "./terms.js";
import type { Query } from "./understand.js";

/**
 * What the article's example questions say of a question: how well it matches each example the
 * question's words reach, and so which sentence or front-matter fact answers it, or that the
 * article does not. Evidence for rerank and decide, read beside the sentences' own words.
 *
 * A question matches an example by all its words as asked, small words too ("what do they want on
 * X" is not "what does X stand for"): the harmonic mean of how much of the question the example
 * holds and how much of the example the question holds, each word weighed by how rare it is among
 * the examples, so the words that tell one question from another count most.
 */

/** What the example questions say of a question. */
export interface ExampleEvidence {
  /** Per sentence (by position), how well the question matches its best example, 0 to 1. */
  passages: Map<number, number>;
  /**
   * Per sentence, how many of its examples the question matches, as one figure: each match at
   * least `SUPPORTING` counts, the way independent votes add up (1 − ∏(1 − `VOTE` × match)).
   */
  support: Map<number, number>;
  /** Per front-matter key, how well the question matches its best example. */
  facts: Map<string, number>;
  /** How well it matches the best on-topic question the article does not answer. */
  unanswered: number;
  /** The best match among examples that are answered, by a sentence or a fact. */
  answered: number;
}

/** Evidence from no examples. */
export const NO_EXAMPLES: ExampleEvidence = {
  passages: new Map(),
  support: new Map(),
  facts: new Map(),
  unanswered: 0,
  answered: 0,
};

/** Least quality of a question's key for it to reach an example. */
const REACH = 0.4;
/** Least quality of a term's key for it to be the word itself, not a loose relation. */
const OWN_KEY = 0.75;
/** A word matched below this is not in the example. */
const ABSENT = 0.5;
/** What an example asking for another kind of answer keeps of its match ("when" against "who"). */
const OTHER_KIND = 0.7;
/** What an example about something else keeps of its match. */
const OTHER_SUBJECT = 0.6;
/** A question term carrying this share of its words' weight that neither the example nor its sentence holds makes it a question about something else. */
const MISSING_SHARE = 0.5;
/** Least match of an example that counts as a vote for its sentence. */
const SUPPORTING = 0.4;
/** What one vote of a perfect match adds to a sentence's support. */
const VOTE = 0.6;
/**
 * Least share of the question an example must hold for the match to count: below it, the harmonic
 * mean is under `SUPPORTING` whatever the example's other words.
 */
const LEAST_FORWARD = SUPPORTING / (2 - SUPPORTING);

/**
 * Scratch space per index, reused by every question: per example and term, the term's match in
 * the example (`quality[at * terms + term]`); per example, whether the question reached it and
 * the weight of the question's other words it has; per key, the question's match for it; per
 * term and sentence, the term's match in the sentence, worked out at first need.
 */
interface Scratch {
  quality: Float64Array;
  reached: Uint8Array;
  wordingSum: Float64Array;
  wordingSeen: Int32Array;
  asked: Float64Array;
  inPassage: Float64Array;
  passageDone: Uint8Array;
}
const scratches = new WeakMap<ExampleIndex, Scratch>();

function scratchFor(index: SearchIndex, of: ExampleIndex, terms: number): Scratch {
  const examples = of.docs.length;
  const sentences = index.docs.length;
  let space = scratches.get(of);
  if (!space || space.quality.length < terms * examples) {
    // Grown to the longest question so far, never shrunk.
    const room = Math.max(terms, 16);
    space = {
      quality: new Float64Array(room * examples),
      reached: new Uint8Array(examples),
      wordingSum: new Float64Array(examples),
      wordingSeen: new Int32Array(examples),
      asked: new Float64Array(of.set.keys.length),
      inPassage: new Float64Array(room * sentences),
      passageDone: new Uint8Array(sentences),
    };
    scratches.set(of, space);
  }
  return space;
}

/**
 * How well a question matches each example question its words reach (only matches that count):
 * the article's, or others of it (`of`).
 */
export function matchExamples(
  query: Query,
  index: SearchIndex,
  of: ExampleIndex = index.examples,
): { example: ExampleDoc; match: number }[] {
  const { docs, weigh, ids, postings, weights, set, passageOf } = of;
  const { wordStart, keyStart, wordKeys, keyStrength } = set;
  const found: { example: ExampleDoc; match: number }[] = [];
  const { terms, wording } = query;
  if (!docs.length || !terms.length) return found;
  const space = scratchFor(index, of, terms.length);
  const { quality, reached: isReached, wordingSum, wordingSeen, asked, inPassage, passageDone } = space;

  // The question's keys the examples carry, by number: per term, and per other word.
  const termKeys = terms.map((t) => keyIds(t.keys, ids));
  const unitKeys = wording.map((unit) => keyIds(unit, ids));
  // Each word weighs by how rare it is among the examples: what tells one question from another.
  const termWeights = termKeys.map((keys, i) => weigh(keys.own) * ((terms[i] as QueryTerm).scale ?? 1));
  const unitWeights = unitKeys.map((keys) => weigh(keys.own));
  let termTotal = 0;
  for (const w of termWeights) termTotal += w;
  let total = termTotal;
  for (const w of unitWeights) total += w;
  if (total <= 0) return found;

  // The question's terms, through the examples' postings: per example, each term's best match.
  const reached: number[] = [];
  const t = terms.length;
  termKeys.forEach(({ all }, i) => {
    for (let p = 0; p < all.length; p += 2) {
      const id = all[p] as number;
      const q = all[p + 1] as number;
      if (q < REACH) continue;
      const { start, at: list, strength } = postings;
      for (let e = start[id] as number, end = start[id + 1] as number; e < end; e++) {
        const at = list[e] as number;
        const v = q * (strength[e] as number);
        if (v <= (quality[at * t + i] as number)) continue;
        if (!isReached[at]) {
          isReached[at] = 1;
          reached.push(at);
        }
        quality[at * t + i] = v;
      }
    }
  });
  // The question's other words (small words, words asking for a kind of answer), through their
  // postings too: per example, the weight of those it has, each word once.
  wordingSeen.fill(-1);
  unitKeys.forEach(({ all }, u) => {
    for (let p = 0; p < all.length; p += 2) {
      const id = all[p] as number;
      for (let e = postings.start[id] as number, end = postings.start[id + 1] as number; e < end; e++) {
        const at = postings.at[e] as number;
        if (wordingSeen[at] === u) continue;
        wordingSeen[at] = u;
        wordingSum[at] = (wordingSum[at] as number) + (unitWeights[u] as number);
      }
    }
  });
  // Every key of the question, its other words' too, for how much of an example it holds.
  const askedIds: number[] = [];
  for (const { all } of [...termKeys, ...unitKeys])
    for (let p = 0; p < all.length; p += 2) {
      const id = all[p] as number;
      if (asked[id] === 0) askedIds.push(id);
      asked[id] = Math.max(asked[id] as number, all[p + 1] as number);
    }

  const named = new Set<string>();
  for (const t of terms) if (t.entity) named.add(t.entity);
  passageDone.fill(0);
  /** Term `i`'s match in the sentence at `at`, worked out once per question. */
  const heldBy = (i: number, at: number): number => {
    if (!passageDone[at]) {
      passageDone[at] = 1;
      const keys = (index.docs[at] as Doc).analyzed.keys;
      for (let t = 0; t < terms.length; t++)
        inPassage[t * index.docs.length + at] = matchQuality(terms[t] as QueryTerm, keys);
    }
    return inPassage[i * index.docs.length + at] as number;
  };

  for (const at of reached) {
    // An example's term matches lie side by side: read in one run, then cleared for the next question.
    const row = at * t;
    let sum = wordingSum[at] as number;
    for (let i = 0; i < t; i++) sum += (termWeights[i] as number) * (quality[row + i] as number);
    const share = sum / total;
    if (share < LEAST_FORWARD) {
      quality.fill(0, row, row + t);
      continue;
    }
    let missing = 0;
    const passage = passageOf[at] as number;
    for (let i = 0; i < t; i++) {
      // A term neither the example nor its sentence holds.
      if ((quality[row + i] as number) < ABSENT && (passage < 0 || heldBy(i, passage) < ABSENT))
        missing = Math.max(missing, termWeights[i] as number);
    }
    quality.fill(0, row, row + t);
    const example = docs[at] as ExampleDoc;
    if (example.total <= 0) continue;
    let held = 0;
    for (let w = wordStart[at] as number; w < (wordStart[at + 1] as number); w++) {
      let top = 0;
      for (let k = keyStart[w] as number; k < (keyStart[w + 1] as number); k++) {
        const q = (asked[wordKeys[k] as number] as number) * (keyStrength[k] as number);
        if (q > top) top = q;
      }
      held += (weights[w] as number) * top;
    }
    const back = held / example.total;
    if (back <= 0) continue;
    const match =
      ((2 * share * back) / (share + back)) *
      penalty(query, named, missing / termTotal, example, passage < 0 ? undefined : index.docs[passage]);
    if (match > 0) found.push({ example, match });
  }
  for (const at of reached) isReached[at] = 0;
  wordingSum.fill(0);
  for (const id of askedIds) asked[id] = 0;
  return found;
}

/**
 * The keys of a key map that the examples carry, by number, as pairs of number and quality; and
 * the keys that are the word itself, not a loose relation of it, carried or not.
 */
function keyIds(keys: KeyMap, ids: Map<string, number>): { all: number[]; own: string[] } {
  const all: number[] = [];
  const own: string[] = [];
  keys.forEach((q, k) => {
    if (q >= OWN_KEY) own.push(k);
    const id = ids.get(k);
    if (id !== undefined) all.push(id, q);
  });
  return { all, own };
}

/**
 * What a match keeps when the example asks something else than the question, whatever words they
 * share; `missing` is the largest share of the question's term weight neither the example nor its
 * sentence holds.
 */
function penalty(
  query: Query,
  named: ReadonlySet<string>,
  missing: number,
  example: ExampleDoc,
  passage: Doc | undefined,
): number {
  let keep = 1;
  const { type } = query.expect;
  // "When" against "who": another kind of answer.
  if (type !== "any" && example.type !== "any" && example.type !== type) keep *= OTHER_KIND;
  // "How old is the universe" is not "how old is this article": most of what it asks is in
  // neither the example nor the sentence it is filed under.
  if (missing >= MISSING_SHARE) keep *= OTHER_SUBJECT;
  // "Who is the CEO of another company" is another question than "who is the CEO": it names what neither
  // the example nor its sentence mentions.
  for (const entity of named) {
    if (example.entities.includes(entity) || passage?.analyzed.keys.has(entity)) continue;
    keep *= OTHER_SUBJECT;
    break;
  }
  // "Who is the CEO of <another company>" is a question the article does not answer; "who is the
  // CEO" is not that question: an unanswered example about someone the question does not name.
  if (example.target.kind === "unanswered" && example.entities.some((e) => !named.has(e)))
    keep *= OTHER_SUBJECT;
  return keep;
}

/**
 * Weighs the example questions a question matches: per sentence, per fact, and for the unanswered;
 * each match counts for `weight` of itself.
 */
export function weighExamples(
  query: Query,
  index: SearchIndex,
  of: ExampleIndex = index.examples,
  weight = 1,
): ExampleEvidence {
  if (!of.docs.length) return NO_EXAMPLES;
  const evidence: ExampleEvidence = {
    passages: new Map(),
    support: new Map(),
    facts: new Map(),
    unanswered: 0,
    answered: 0,
  };
  for (const found of matchExamples(query, index, of)) {
    const { example } = found;
    const match = found.match * weight;
    const { target } = example;
    if (target.kind === "unanswered") {
      evidence.unanswered = Math.max(evidence.unanswered, match);
      continue;
    }
    evidence.answered = Math.max(evidence.answered, match);
    if (target.kind === "fact") {
      if (match > (evidence.facts.get(target.key) ?? 0)) evidence.facts.set(target.key, match);
      continue;
    }
    if (match > (evidence.passages.get(target.at) ?? 0)) evidence.passages.set(target.at, match);
    if (match >= SUPPORTING)
      evidence.support.set(target.at, 1 - (1 - (evidence.support.get(target.at) ?? 0)) * (1 - VOTE * match));
  }
  return evidence;
}

/**
 * What a learned example's match counts for: below the article's own examples, so the examples
 * file, written and reviewed with the article, keeps the last word where both speak.
 */
export const LEARNED_WEIGHT = 0.85;

/**
 * The article's example evidence with a workspace's learned examples added: per sentence the
 * better match, their votes together. Only for sentences already candidates (`candidates`), and
 * never as evidence that the question is on topic (`answered`): a learned example can raise one
 * passage over another, never make the bot quote for a question it would otherwise decline as
 * off-topic. The article's evidence itself when they add nothing to it.
 */
export function withLearned(
  filed: ExampleEvidence,
  learned: ExampleEvidence,
  candidates: ReadonlyMap<number, number>,
): ExampleEvidence {
  let lifts = false;
  learned.passages.forEach((_, at) => {
    if (candidates.has(at)) lifts = true;
  });
  if (!lifts) return filed;
  const passages = new Map(filed.passages);
  const support = new Map(filed.support);
  learned.passages.forEach((match, at) => {
    if (!candidates.has(at)) return;
    if (match > (passages.get(at) ?? 0)) passages.set(at, match);
    const votes = learned.support.get(at) ?? 0;
    if (votes) support.set(at, 1 - (1 - (support.get(at) ?? 0)) * (1 - votes));
  });
  return { ...filed, passages, support };
}
