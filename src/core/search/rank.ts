import type { AnalyzedQuery, KeyMap, QueryTerm } from "./analyze.js";
import { stemWord } from "./normalize.js";
import type { QuestionShape } from "./question.js";
import { CONTEXT_QUALITY, type Doc, type SearchIndex } from "./search-index.js";

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
    if (strength !== undefined) best = Math.max(best, q * strength);
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

/** Gives each term its keys and weight: inverse document frequency, or the most a word can weigh if unknown. */
export function weighTerms(query: AnalyzedQuery, index: SearchIndex): WeightedTerm[] {
  const n = index.sentenceCount;
  const idf = (df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));
  return query.terms.map((term) => {
    const t = { ...term, keys: new Map(term.keys) };
    const inArticle = [...t.keys.keys()].some((k) => index.docFrequency.has(k));
    if (!inArticle) resolveTypos(t, index);
    const df = index.docs.filter((d) => matchQuality(t, d.analyzed.keys) > 0).length;
    // An unknown word weighs as much as a word found in a single sentence: the question is about it.
    const weight = idf(Math.max(df, 1)) * (t.frame ? FRAME_WEIGHT : 1);
    return { ...t, weight, unknown: df === 0 };
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

/** Scores every document for the weighted terms, best first. */
export function rankDocs(index: SearchIndex, terms: WeightedTerm[], shape: QuestionShape): Scored[] {
  const total = terms.reduce((sum, t) => sum + t.weight, 0);
  if (total <= 0) return [];
  const keys = [...new Set(terms.flatMap((t) => [...t.keys.keys()]))];
  const bm25 = new Map<string, number>();
  if (keys.length) {
    const hits = index.mini.search(keys.join(" "), { fields: ["keys"], combineWith: "OR" });
    const top = hits[0]?.score ?? 1;
    for (const h of hits) bm25.set(String(h.id), h.score / top);
  }
  const scored = index.docs.map((doc): Scored => {
    const quality = terms.map((t) =>
      Math.max(matchQuality(t, doc.analyzed.keys), CONTEXT_QUALITY * matchQuality(t, doc.context)),
    );
    const coverage = terms.reduce((sum, t, i) => sum + t.weight * (quality[i] ?? 0), 0) / total;
    const counts = shape.form === "count" && countsWhatIsAsked(doc, shape);
    const overLength = Math.max(0, doc.passage.text.length - FOCUSED_LENGTH) / FOCUSED_LENGTH;
    const score =
      coverage +
      BM25_WEIGHT * (bm25.get(doc.id) ?? 0) +
      (coverage > 0 ? formBonus(doc, shape, terms, counts) : 0) -
      LENGTH_PENALTY * overLength;
    return { doc, coverage, score, quality, counts };
  });
  return scored.filter((s) => s.coverage > 0).sort((a, b) => b.score - a.score);
}
