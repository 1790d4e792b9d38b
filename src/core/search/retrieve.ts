import MiniSearch from "minisearch";
import type { Article, Passage } from "../types.js";
import { type AnalyzedText, type Analyzer, type KeyMap, put } from "./analyze.js";
import { stemWord, type Token } from "./normalize.js";

/**
 * Retrieval: the searchable form of the article, one document per sentence, and the lookup of
 * the sentences a question's keys reach. The only module that knows MiniSearch. Each document
 * also records what reranking needs to know about the sentence: its numbers, dates and names.
 */

/** How much a key found only in a sentence's paragraph counts, relative to the sentence itself. */
export const CONTEXT_STRENGTH = 0.3;
/** How strongly a sentence of the letter carries the key of the word "letter". */
const SECTION_STRENGTH = 0.5;
/**
 * Leading dimensions of the word vectors that a similarity search sums before it bounds the rest:
 * the vectors are PCA-reduced, so the first dimensions carry most of their length.
 */
const VECTOR_HEAD_DIMS = 24;

const MONTHS = new Set(
  "january february march april may june july august september october november december".split(" "),
);
const WEEKDAYS = new Set("monday tuesday wednesday thursday friday saturday sunday".split(" "));
/** Words that place something in time only roughly, so a passage using one may answer "when", if less well than a date. */
const ROUGH_TIME = new Set(
  "now today yesterday tomorrow recently recent currently current then soon later ago".split(" "),
);

/** A searchable sentence with what reranking needs to know about it. */
export interface Doc {
  /** Position in `SearchIndex.docs`. */
  at: number;
  passage: Passage;
  analyzed: AnalyzedText;
  /** Keys of the other sentences of its paragraph, worth `CONTEXT_STRENGTH`. */
  context: KeyMap;
  /** Token positions of numbers that count something (not years, days or times). */
  counts: number[];
  /** Whether it says when: a date, a year, a decade, a time of day, a weekday. */
  dated: boolean;
  /** Whether it says when, if only roughly ("now", "recently"). */
  roughlyDated: boolean;
  /** Token positions of names: entity mentions and capitalized words inside the sentence. */
  names: number[];
  /** Stems of its words, for telling passages that say the same thing apart. */
  stems: Set<string>;
}

/** The article's documents, their MiniSearch index and the postings reranking reads. */
export interface SearchIndex {
  docs: Doc[];
  byId: Map<string, Doc>;
  /** BM25 over each sentence's keys (a field) and its paragraph's (another, worth `CONTEXT_STRENGTH`). */
  mini: MiniSearch;
  /** Per key, the positions of the sentences whose own text carries it. */
  postings: Map<string, number[]>;
  /** Every key any sentence carries, in its text or its paragraph. */
  vocabulary: Set<string>;
  /** Keys the article uses as common words, not only inside names ("Harbor Point" is no harbor). */
  common: Set<string>;
  /** Every word (folded spelling) of the article. */
  words: Set<string>;
  /**
   * The article's content words that have a vector: their keys, and their vectors in one array, row
   * by row (the lexicon's bytes as doubles, which multiply faster, and exactly); per row, the
   * squared length of its dimensions from `head` on, to bound a dot product by its first `head`
   * dimensions.
   */
  vectors: { keys: string[]; rows: Float64Array; dims: number; head: number; tails: Float64Array };
  /** Per key, the positions of the sentences whose paragraph (not own text) carries it. */
  contextPostings: Map<string, number[]>;
}

const isDateNumber = (tokens: Token[], t: Token, i: number) =>
  /^(?:1[89]|20)\d\d$/.test(t.surface) ||
  /^\d{3}0s$/.test(t.norm) ||
  t.norm.includes(":") ||
  MONTHS.has(tokens[i - 1]?.norm ?? "");

function describe(at: number, passage: Passage, analyzed: AnalyzedText): Doc {
  const { tokens } = analyzed;
  const counts: number[] = [];
  const names: number[] = [];
  let dated = false;
  let roughlyDated = false;
  tokens.forEach((t, i) => {
    if (t.number && isDateNumber(tokens, t, i)) dated = true;
    else if (t.number) counts.push(i);
    if (MONTHS.has(t.norm) || WEEKDAYS.has(t.norm)) dated = true;
    if (ROUGH_TIME.has(t.norm)) roughlyDated = true;
    const capitalizedInside = i > 0 && t.capital && !t.number && !MONTHS.has(t.norm) && !WEEKDAYS.has(t.norm);
    if (analyzed.entityAt[i] || capitalizedInside) names.push(i);
  });
  const stems = new Set(tokens.filter((_, i) => analyzed.tokenKeys[i]?.size).map((t) => t.stem));
  return { at, passage, analyzed, context: new Map(), counts, dated, roughlyDated, names, stems };
}

/** A word capitalized as a name is: "Harbor", not "US" (an acronym English knows as a word). */
const NAME_CASE = /^[A-Z][a-z]/;

/**
 * The keys the article uses as common words. A word is a name's when the article mentions a known
 * entity with it, or capitalizes it inside a sentence and never writes it in lower case: then
 * "Harbor" opening a sentence is the Harbor of "Harbor Point" too.
 */
function commonKeys(docs: Doc[]): Set<string> {
  const named = new Set<string>();
  const lower = new Set<string>();
  for (const { analyzed } of docs)
    analyzed.tokens.forEach((t, i) => {
      if (i > 0 && NAME_CASE.test(t.surface)) named.add(t.norm);
      else if (!t.capital) lower.add(t.norm);
    });
  const common = new Set<string>();
  for (const { analyzed } of docs)
    analyzed.tokens.forEach((t, i) => {
      const name =
        analyzed.entityAt[i] || (NAME_CASE.test(t.surface) && named.has(t.norm) && !lower.has(t.norm));
      if (!name) for (const k of analyzed.tokenKeys[i]?.keys() ?? []) common.add(k);
    });
  return common;
}

const post = (map: Map<string, number[]>, key: string, at: number) => {
  const list = map.get(key);
  if (!list) map.set(key, [at]);
  else if (list.at(-1) !== at) list.push(at);
};

/** Builds the index over every sentence of the article. */
export function buildIndex(article: Article, analyzer: Analyzer): SearchIndex {
  const demandKey = stemWord("demand");
  const letterKey = stemWord("letter");
  const docs = article.sentences.map((s, at) => {
    const speaksAsLetter = s.speaker === "employees";
    const doc = describe(at, s, analyzer.analyze(s.text, speaksAsLetter));
    // A demand never says "demand"; a letter sentence never says "letter". Both are what they are.
    if (s.section === "demands") put(doc.analyzed.keys, demandKey, 1);
    if (speaksAsLetter) put(doc.analyzed.keys, letterKey, SECTION_STRENGTH);
    return doc;
  });

  const byParagraph = new Map<number, Doc[]>();
  for (const doc of docs) {
    const list = byParagraph.get(doc.passage.paragraph);
    if (list) list.push(doc);
    else byParagraph.set(doc.passage.paragraph, [doc]);
  }
  for (const doc of docs) {
    for (const other of byParagraph.get(doc.passage.paragraph) ?? []) {
      if (other === doc) continue;
      other.analyzed.keys.forEach((q, k) => {
        if (!doc.analyzed.keys.has(k)) put(doc.context, k, q);
      });
    }
  }

  const postings = new Map<string, number[]>();
  const vocabulary = new Set<string>();
  const words = new Set<string>();
  const common = commonKeys(docs);
  for (const doc of docs) {
    doc.analyzed.keys.forEach((_, k) => {
      post(postings, k, doc.at);
      vocabulary.add(k);
    });
    doc.context.forEach((_, k) => {
      vocabulary.add(k);
    });
    doc.analyzed.tokens.forEach((t) => {
      words.add(t.norm);
    });
  }

  const vectorKeys: string[] = [];
  const vectorRows: Int8Array[] = [];
  const withVector = new Set<string>();
  for (const doc of docs) {
    doc.analyzed.tokens.forEach((t, i) => {
      const keys = doc.analyzed.tokenKeys[i];
      if (t.number || !keys?.has(t.stem) || withVector.has(t.stem) || !common.has(t.stem)) return;
      withVector.add(t.stem);
      const vector = analyzer.lexicon.vector(t.norm);
      if (!vector) return;
      vectorKeys.push(t.stem);
      vectorRows.push(vector);
    });
  }
  const dims = vectorRows[0]?.length ?? 0;
  const rows = new Float64Array(vectorRows.length * dims);
  vectorRows.forEach((v, i) => {
    rows.set(v, i * dims);
  });
  const head = Math.min(VECTOR_HEAD_DIMS, dims);
  const tails = new Float64Array(vectorRows.length);
  for (let w = 0, at = 0; w < vectorRows.length; w++, at += dims) {
    let sum = 0;
    for (let d = head; d < dims; d++) sum += (rows[at + d] as number) * (rows[at + d] as number);
    tails[w] = sum;
  }
  const contextPostings = new Map<string, number[]>();
  for (const doc of docs)
    doc.context.forEach((_, k) => {
      post(contextPostings, k, doc.at);
    });

  const mini = new MiniSearch({
    fields: ["keys", "context"],
    storeFields: [],
    tokenize: (text) => text.split(" ").filter(Boolean),
    processTerm: (term) => term,
  });
  for (const d of docs) {
    // Every key as often as the sentence says it, so BM25 sees how often a word comes back.
    const keys: string[] = [];
    d.analyzed.tokenKeys.forEach((map) => {
      map.forEach((_, k) => {
        keys.push(k);
      });
    });
    d.analyzed.keys.forEach((_, k) => {
      keys.push(k);
    });
    const context: string[] = [];
    d.context.forEach((_, k) => {
      context.push(k);
    });
    mini.add({ id: d.at, keys: keys.join(" "), context: context.join(" ") });
  }
  return {
    docs,
    byId: new Map(docs.map((d) => [d.passage.id, d])),
    mini,
    postings,
    vocabulary,
    common,
    words,
    vectors: { keys: vectorKeys, rows, dims, head, tails },
    contextPostings,
  };
}

/** The postings of a key no sentence carries. */
const NO_POSTINGS: readonly number[] = [];

/** Least quality a key needs to count in BM25 ranking; weaker ones only make a sentence a candidate. */
const BM25_QUALITY = 0.5;

/** A key's BM25 score in each sentence that has it: positions and scores, in parallel. */
interface KeyScores {
  at: number[];
  score: number[];
}
/** Per index, each key's scores, searched for once: they do not change once the index is built. */
const keyScores = new WeakMap<SearchIndex, Map<string, KeyScores>>();

/** A key's BM25 score in each sentence, as MiniSearch scores a query of that key alone. */
function scoresOf(index: SearchIndex, key: string): KeyScores {
  let cache = keyScores.get(index);
  if (!cache) {
    cache = new Map();
    keyScores.set(index, cache);
  }
  let found = cache.get(key);
  if (!found) {
    found = { at: [], score: [] };
    for (const hit of index.mini.search(key, { boost: { context: CONTEXT_STRENGTH } })) {
      found.at.push(Number(hit.id));
      found.score.push(hit.score);
    }
    cache.set(key, found);
  }
  return found;
}

/**
 * The sentences a question's keys reach (in their text or their paragraph), each with
 * MiniSearch's BM25 score for the question's stronger keys as a share of the best, or 0.
 */
export function retrieve(index: SearchIndex, keys: Map<string, number>): Map<number, number> {
  const reached = new Map<number, number>();
  const strong: string[] = [];
  keys.forEach((q, k) => {
    if (!index.vocabulary.has(k)) return;
    for (const at of index.postings.get(k) ?? NO_POSTINGS) reached.set(at, 0);
    for (const at of index.contextPostings.get(k) ?? NO_POSTINGS) reached.set(at, 0);
    if (q >= BM25_QUALITY) strong.push(k);
  });
  if (!strong.length) return reached;
  // MiniSearch's OR query over the strong keys, from each key's own scores:
  // a sentence's per-key scores summed in the keys' order, times the number of keys it matches.
  // Per sentence (by position), its summed scores and how many keys it matches; `found` keeps the
  // order in which sentences were first scored.
  const sum = new Float64Array(index.docs.length);
  const matched = new Uint32Array(index.docs.length);
  const found: number[] = [];
  for (const k of strong) {
    const { at, score } = scoresOf(index, k);
    for (let i = 0; i < at.length; i++) {
      const doc = at[i] as number;
      if (matched[doc]) sum[doc] = (sum[doc] as number) + (score[i] as number);
      else {
        sum[doc] = score[i] as number;
        found.push(doc);
      }
      matched[doc] = (matched[doc] as number) + 1;
    }
  }
  let top = 0;
  for (const doc of found) {
    const total = (sum[doc] as number) * (matched[doc] as number);
    sum[doc] = total;
    if (total > top) top = total;
  }
  for (const doc of found) reached.set(doc, top > 0 ? (sum[doc] as number) / top : 0);
  return reached;
}
