import type { AnalyzedQuery, KeyMap, QueryTerm } from "./analyze.js";
import { stemWord } from "./normalize.js";
import type { QuestionShape } from "./question.js";
import { bm25Of, CONTEXT_QUALITY, type Doc, type SearchIndex } from "./search-index.js";

/**
 * Scores every passage against a question. The core measure is coverage: the share of the
 * question's ideas a passage contains, each idea weighted by how informative it is in the article
 * (rare words say more than "Amazon"). MiniSearch's BM25 score breaks ties, the question's form adds
 * a bonus for passages of the right kind, and long passages pay a little so quotes stay focused.
 */

/** How much a word found only by typo tolerance or as a prefix counts. */
const FUZZY_QUALITY = 0.75;
/** Shortest word typo tolerance applies to; shorter words have too many near neighbours. */
const FUZZY_MIN_LENGTH = 5;
/** Words at least this long may be two edits away from the article's spelling. */
const FUZZY_TWO_EDITS_LENGTH = 8;
/** Longest word typo tolerance applies to; longer ones are not words anyone misspelt. */
const FUZZY_MAX_LENGTH = 24;
/** Most misspellings remembered per engine. */
const TYPO_CACHE_SIZE = 5000;
/** Most article words a misspelt word may stand for. */
const FUZZY_MAX_WORDS = 3;
/** How much a term naming the letter's cast (employees, Bezos, Amazon, the letter) weighs relative to its rarity. */
const FRAME_WEIGHT = 0.5;
/** Share of the final score that comes from MiniSearch's BM25 ranking. */
const BM25_WEIGHT = 0.1;
/** Bonuses for a passage of the kind the question's form asks for. */
const FORM_BONUS = { count: 0.3, when: 0.25, who: 0.1, define: 0.15 } as const;
/** Passages longer than this pay a length penalty. */
const FOCUSED_LENGTH = 220;
/** Penalty per `FOCUSED_LENGTH` characters beyond it. */
const LENGTH_PENALTY = 0.08;
/** Words between a number and the thing it counts ("2,000 children", "40 civil rights organizations"). */
const COUNT_WINDOW = 4;

/** A question term with the keys it was resolved to and how informative it is. */
export interface WeightedTerm extends QueryTerm {
  weight: number;
  /** True when nothing in the article matches it, even allowing for typos. */
  unknown: boolean;
}

/** A passage's score for a question. */
export interface Scored {
  doc: Doc;
  /** Weighted share of the question's terms the passage contains, 0 to 1. */
  coverage: number;
  score: number;
  /** Per term (parallel to the terms), the quality of the passage's match, 0 when absent. */
  quality: number[];
  /** True when a number in the passage counts what a "how many" question asks about. */
  counts: boolean;
}

/** How well a key map matches a term: the best key's query quality times its strength in the text. */
export function matchQuality(term: QueryTerm, keys: KeyMap): number {
  let best = 0;
  for (const [k, q] of term.keys) {
    const strength = keys.get(k);
    if (strength !== undefined && q * strength > best) best = q * strength;
  }
  return best;
}

/** Adds the article words a misspelt or partial word may stand for, found by MiniSearch's fuzzy search. */
function resolveTypos(term: QueryTerm, index: SearchIndex): void {
  const { text } = term;
  if (term.number || text.includes(" ") || text.length < FUZZY_MIN_LENGTH || text.length > FUZZY_MAX_LENGTH) {
    return;
  }
  let stems = index.typos.get(text);
  if (!stems) {
    const fuzzy = text.length >= FUZZY_TWO_EDITS_LENGTH ? 2 : 1;
    // Separate searches: MiniSearch combines fuzzy and prefix into a looser fuzzy-prefix match.
    const hits = [
      ...index.mini.search(text, { fields: ["words"], fuzzy }),
      ...index.mini.search(text, { fields: ["words"], prefix: true }),
    ];
    const words = new Set<string>();
    for (const hit of hits) for (const w of hit.terms) if (w !== text) words.add(w);
    stems = [...words].slice(0, FUZZY_MAX_WORDS).map(stemWord);
    if (index.typos.size >= TYPO_CACHE_SIZE) index.typos.clear();
    index.typos.set(text, stems);
  }
  for (const stem of stems) if (!term.keys.has(stem)) term.keys.set(stem, FUZZY_QUALITY);
}

/** Number of sentences whose own text carries any of the term's keys. */
function documentFrequency(term: QueryTerm, index: SearchIndex): number {
  const keys = [...term.keys.keys()].filter((k) => index.postings.has(k));
  if (keys.length === 1) return index.postings.get(keys[0] as string)?.length ?? 0;
  const docs = new Set<number>();
  for (const k of keys) for (const at of index.postings.get(k) ?? []) docs.add(at);
  return docs.size;
}

/** Gives each term its keys and weight: inverse document frequency, or the most a word can weigh if unknown. */
export function weighTerms(query: AnalyzedQuery, index: SearchIndex): WeightedTerm[] {
  const n = index.sentenceCount;
  const idf = (df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));
  return query.terms.map((term) => {
    const t: WeightedTerm = { ...term, keys: new Map(term.keys), weight: 0, unknown: false };
    let inArticle = false;
    for (const k of t.keys.keys()) if (index.docFrequency.has(k)) inArticle = true;
    if (!inArticle) resolveTypos(t, index);
    const df = documentFrequency(t, index);
    // An unknown word weighs as much as a word found in a single sentence: the question is about it.
    t.weight = idf(Math.max(df, 1)) * (t.frame ? FRAME_WEIGHT : 1);
    t.unknown = df === 0;
    return t;
  });
}

function countsWhatIsAsked(doc: Doc, shape: QuestionShape): boolean {
  if (!doc.counts.length) return false;
  if (!shape.counted.length) return true;
  const { tokenKeys } = doc.analyzed;
  return doc.counts.some((at) => {
    for (let i = at + 1; i <= at + COUNT_WINDOW && i < tokenKeys.length; i++) {
      if (shape.counted.some((term) => matchQuality(term, tokenKeys[i] as KeyMap) > 0)) return true;
    }
    return false;
  });
}

// An appositive or relative clause right after the subject ("AWS Rekognition, a powerful …",
// "Palantir, which is …") or a category noun before it ("company Palantir") defines it.
const DEFINITION_AFTER = /^\s*(?:,\s*(?:a|an|the|which|who)\b|\s(?:is|are|was|were)\s+(?:a|an|the)\b)/i;
const DEFINITION_BEFORE = /\b(?:company|organization|agency|ceo|firm|group|department)\s+$/i;

function defines(doc: Doc, terms: WeightedTerm[]): boolean {
  const { tokens, tokenKeys } = doc.analyzed;
  const text = doc.passage.text;
  return tokens.some((t, i) => {
    if (!terms.some((term) => !term.frame && matchQuality(term, tokenKeys[i] as KeyMap) > 0)) return false;
    return DEFINITION_AFTER.test(text.slice(t.end)) || DEFINITION_BEFORE.test(text.slice(0, t.start));
  });
}

function formBonus(doc: Doc, shape: QuestionShape, terms: WeightedTerm[], counts: boolean): number {
  switch (shape.form) {
    case "count":
      return counts ? FORM_BONUS.count : 0;
    case "when":
      return doc.temporal ? FORM_BONUS.when : 0;
    case "who":
      return doc.named ? FORM_BONUS.who : 0;
    case "define":
      return (defines(doc, terms) ? FORM_BONUS.define : 0) + (doc.named ? FORM_BONUS.who / 2 : 0);
    default:
      return 0;
  }
}

/** Each sentence's BM25 score for the terms' keys, as a share of the best, by position in `docs`. */
function bm25Shares(index: SearchIndex, terms: WeightedTerm[]): Map<number, number> {
  const keys = new Set<string>();
  for (const t of terms) for (const k of t.keys.keys()) keys.add(k);
  const sums = new Map<number, number>();
  const matched = new Map<number, number>();
  for (const k of keys) {
    for (const [at, score] of bm25Of(index, k) ?? []) {
      sums.set(at, (sums.get(at) ?? 0) + score);
      matched.set(at, (matched.get(at) ?? 0) + 1);
    }
  }
  // MiniSearch multiplies a sentence's summed score by the number of keys it matches.
  let top = 0;
  for (const [at, sum] of sums) {
    const score = sum * (matched.get(at) ?? 1);
    sums.set(at, score);
    if (score > top) top = score;
  }
  if (top > 0) for (const [at, score] of sums) sums.set(at, score / top);
  return sums;
}

/** Positions in `docs` of the sentences that carry any of the terms' keys, in text or paragraph. */
function reachable(index: SearchIndex, terms: WeightedTerm[]): boolean[] {
  const reached: boolean[] = new Array(index.docs.length).fill(false);
  for (const t of terms)
    for (const k of t.keys.keys()) for (const at of index.reach.get(k) ?? []) reached[at] = true;
  return reached;
}

/** Scores every document for the weighted terms, best first. */
export function rankDocs(index: SearchIndex, terms: WeightedTerm[], shape: QuestionShape): Scored[] {
  let total = 0;
  for (const t of terms) total += t.weight;
  if (total <= 0) return [];
  const bm25 = bm25Shares(index, terms);
  const reached = reachable(index, terms);
  const scored: Scored[] = [];
  index.docs.forEach((doc, at) => {
    // A sentence carrying none of the keys covers nothing.
    if (!reached[at]) return;
    const quality = new Array<number>(terms.length);
    let covered = 0;
    terms.forEach((t, i) => {
      const own = matchQuality(t, doc.analyzed.keys);
      // The paragraph can only add what is worth more than the sentence's own match.
      const q = own >= CONTEXT_QUALITY ? own : Math.max(own, CONTEXT_QUALITY * matchQuality(t, doc.context));
      quality[i] = q;
      covered += t.weight * q;
    });
    const coverage = covered / total;
    if (coverage <= 0) return;
    const counts = shape.form === "count" && countsWhatIsAsked(doc, shape);
    const overLength = Math.max(0, doc.passage.text.length - FOCUSED_LENGTH) / FOCUSED_LENGTH;
    const score =
      coverage +
      BM25_WEIGHT * (bm25.get(at) ?? 0) +
      formBonus(doc, shape, terms, counts) -
      LENGTH_PENALTY * overLength;
    scored.push({ doc, coverage, score, quality, counts });
  });
  return scored.sort((a, b) => b.score - a.score);
}
