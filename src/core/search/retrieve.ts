import MiniSearch from "minisearch";
import type { Article, Passage } from "../types.js";
import { type AnalyzedText, type Analyzer, type KeyMap, put, smallWordKey } from "./analyze.js";
import type { AnswerType } from "./answer-type.js";
import { stemWord, type Token } from "./normalize.js";

/**
 * Retrieval: the searchable form of the article, one document per sentence, and the lookup of
 * the sentences a question's keys reach. The only module that knows MiniSearch. Each document
 * also records what reranking needs to know about the sentence: its numbers, dates and names.
 * The article's example questions (its FAQ) are a second index, one document per example,
 * pointing at the sentence or the front-matter fact that answers it, or at nothing for an
 * on-topic question the article does not answer.
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

/** What an example question is answered by: a sentence (by position), a front-matter fact, or nothing. */
export type ExampleTarget =
  | { kind: "passage"; at: number }
  | { kind: "fact"; key: string }
  | { kind: "unanswered" };

/** An example question: what answers it, the kind of answer it expects, and the names in it. */
export interface ExampleQuestion {
  /** As written in the examples file. */
  text: string;
  target: ExampleTarget;
  type: AnswerType;
  /** The entities it names. */
  entities: string[];
}

/**
 * The article's example questions analyzed as sentences are: each word of each as asked, by the
 * keys it carries, small words by `smallWordKey` (see `Query.wording`). Flat arrays, not an
 * object per word: example `e`'s words are `wordStart[e]` to `wordStart[e + 1]`, word `w`'s keys
 * are `wordKeys[keyStart[w]]` to `wordKeys[keyStart[w + 1]]`, each a number in `keys`, carried
 * as strongly as `keyStrength` says (1, or less: "not safe" carries "unsafe" at 0.85).
 */
export interface ExampleSet {
  /** Every key the examples carry, once. */
  keys: string[];
  examples: ExampleQuestion[];
  wordStart: Int32Array;
  keyStart: Int32Array;
  wordKeys: Int32Array;
  keyStrength: Float64Array;
}

/** No example questions. */
export const NO_EXAMPLE_SET: ExampleSet = {
  keys: [],
  examples: [],
  wordStart: Int32Array.of(0),
  keyStart: Int32Array.of(0),
  wordKeys: new Int32Array(0),
  keyStrength: new Float64Array(0),
};

/** A searchable example question. */
export interface ExampleDoc extends ExampleQuestion {
  at: number;
  /** The sum of its words' weights. */
  total: number;
}

/**
 * For every key, the examples that carry it, by position, and how strongly each carries it: one
 * list after another, key `id`'s from `start[id]` to `start[id + 1]`.
 */
export interface Postings {
  start: Int32Array;
  at: Int32Array;
  strength: Float64Array;
}

/** The example questions, the postings of every key they carry, and how informative each word is. */
export interface ExampleIndex {
  docs: ExampleDoc[];
  /** Their words, as `ExampleSet` has them. */
  set: ExampleSet;
  /** Per word of `set`, how informative it is among the examples. */
  weights: Float64Array;
  /** Per example, the position of the sentence that answers it, or -1. */
  passageOf: Int32Array;
  /** Each key's number in `set.keys`. */
  ids: Map<string, number>;
  postings: Postings;
  /** The keys of the examples' words, not of their small words. */
  content: Set<string>;
  /** How many examples carry a key. */
  frequency(key: string): number;
  /** How informative a word with these keys is among the examples: the inverse document frequency of its commonest key. */
  weigh(keys: Iterable<string>): number;
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
  /**
   * Keys a question's related and similar words may meet: those the article uses as common words,
   * not only inside names ("Harbor Point" is no harbor), and those of its example questions.
   */
  common: Set<string>;
  /**
   * The article's content words that have a vector: their keys, and their vectors in one array, row
   * by row (the lexicon's bytes as doubles, which multiply faster, and exactly); per row, the
   * squared length of its dimensions from `head` on, to bound a dot product by its first `head`
   * dimensions.
   */
  vectors: { keys: string[]; rows: Float64Array; dims: number; head: number; tails: Float64Array };
  /** Per key, the positions of the sentences whose paragraph (not own text) carries it. */
  contextPostings: Map<string, number[]>;
  /** The example questions; none when the article has no FAQ. */
  examples: ExampleIndex;
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

/** Builds the index over every sentence of the article, and over its example questions. */
export function buildIndex(
  article: Article,
  analyzer: Analyzer,
  exampleSet: ExampleSet = NO_EXAMPLE_SET,
): SearchIndex {
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
  const common = commonKeys(docs);
  for (const doc of docs) {
    doc.analyzed.keys.forEach((_, k) => {
      post(postings, k, doc.at);
      vocabulary.add(k);
    });
    doc.context.forEach((_, k) => {
      vocabulary.add(k);
    });
  }
  const examples = indexExamples(exampleSet);

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
  // Related words may meet the examples' words too: "boss" meets a question's "chief".
  for (const k of examples.content) common.add(k);
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
    vectors: { keys: vectorKeys, rows, dims, head, tails },
    contextPostings,
    examples,
  };
}

const idf = (n: number, df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));

/**
 * The example questions' index: per key, the examples that carry it. Each word of an example
 * weighs by how rare it is among the examples, so the words that tell one question from another
 * count most: among these, or, given a `reference` index, among its examples and these together
 * (a few examples alone say nothing of which words are common).
 */
export function indexExamples(set: ExampleSet, reference?: ExampleIndex): ExampleIndex {
  const { keys, examples, wordStart, keyStart, wordKeys, keyStrength } = set;
  // Per key, how many examples carry it (each example once), then where its list starts.
  const counts = new Int32Array(keys.length);
  const seenIn = new Int32Array(keys.length).fill(-1);
  for (let e = 0; e < examples.length; e++)
    for (
      let k = keyStart[wordStart[e] as number] as number;
      k < (keyStart[wordStart[e + 1] as number] as number);
      k++
    ) {
      const id = wordKeys[k] as number;
      if (seenIn[id] === e) continue;
      seenIn[id] = e;
      counts[id] = (counts[id] as number) + 1;
    }
  const start = new Int32Array(keys.length + 1);
  for (let id = 0; id < keys.length; id++) start[id + 1] = (start[id] as number) + (counts[id] as number);
  const postings: Postings = {
    start,
    at: new Int32Array(start[keys.length] as number),
    strength: new Float64Array(start[keys.length] as number),
  };
  const next = start.slice(0, keys.length);
  seenIn.fill(-1);
  for (let e = 0; e < examples.length; e++)
    for (
      let k = keyStart[wordStart[e] as number] as number;
      k < (keyStart[wordStart[e + 1] as number] as number);
      k++
    ) {
      const id = wordKeys[k] as number;
      const strength = keyStrength[k] as number;
      // A key two words of one example carry is listed once, at its strongest.
      if (seenIn[id] === e) {
        const last = (next[id] as number) - 1;
        if (strength > (postings.strength[last] as number)) postings.strength[last] = strength;
        continue;
      }
      seenIn[id] = e;
      postings.at[next[id] as number] = e;
      postings.strength[next[id] as number] = strength;
      next[id] = (next[id] as number) + 1;
    }
  const n = examples.length + (reference?.docs.length ?? 0);
  const ids = new Map(keys.map((k, id) => [k, id]));
  // How many examples carry a key, the reference's too.
  const frequency = (key: string): number => {
    const id = ids.get(key);
    return (id === undefined ? 0 : (counts[id] as number)) + (reference?.frequency(key) ?? 0);
  };
  // A word as common as its most common key: "workers" weighs as little as "worker" does.
  const weigh = (words: Iterable<string>) => {
    let most = 1;
    for (const k of words) most = Math.max(most, frequency(k));
    return idf(n, most);
  };
  const weights = new Float64Array(wordStart[examples.length] as number);
  for (let w = 0; w < weights.length; w++) {
    let most = 1;
    for (let k = keyStart[w] as number; k < (keyStart[w + 1] as number); k++)
      most = Math.max(most, frequency(keys[wordKeys[k] as number] as string));
    weights[w] = idf(n, most);
  }
  const docs = examples.map((example, at): ExampleDoc => {
    let total = 0;
    for (let w = wordStart[at] as number; w < (wordStart[at + 1] as number); w++)
      total += weights[w] as number;
    // Field by field: a spread of each of thousands of objects costs start-up milliseconds.
    const { text, target, type, entities } = example;
    return { text, target, type, entities, at, total };
  });
  const small = smallWordKey("");
  const content = new Set<string>();
  for (const k of keys) if (!k.startsWith(small)) content.add(k);
  const passageOf = Int32Array.from(examples, (e) => (e.target.kind === "passage" ? e.target.at : -1));
  return {
    docs,
    set,
    weights,
    passageOf,
    ids,
    postings,
    content,
    frequency,
    weigh,
  };
}

/** Analyzes example questions as read: each word's keys (a small word by its own key), and the names in it. */
export function analyzeExamples(
  read: { text: string; target: ExampleTarget; type: AnswerType; wording: Token[] }[],
  analyzer: Analyzer,
): ExampleSet {
  const ids = new Map<string, number>();
  const idOf = (key: string) => {
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
    }
    return id;
  };
  const wordStart = [0];
  const keyStart = [0];
  const wordKeys: number[] = [];
  const keyStrength: number[] = [];
  const examples = read.map(({ text, target, type, wording }): ExampleQuestion => {
    const { tokens, tokenKeys, entityAt } = analyzer.analyzeTokens(wording);
    tokens.forEach((t, i) => {
      const map = tokenKeys[i] as KeyMap;
      if (map.size) {
        map.forEach((strength, k) => {
          wordKeys.push(idOf(k));
          keyStrength.push(strength);
        });
      } else if (!t.number) {
        // A small word is compared as itself, for telling questions apart ("any other …", "… not …").
        wordKeys.push(idOf(smallWordKey(t.norm)));
        keyStrength.push(1);
      } else return;
      keyStart.push(wordKeys.length);
    });
    wordStart.push(keyStart.length - 1);
    const entities = [...new Set(entityAt.filter((e): e is string => e !== undefined))];
    return { text, target, type, entities };
  });
  return {
    keys: [...ids.keys()],
    examples,
    wordStart: Int32Array.from(wordStart),
    keyStart: Int32Array.from(keyStart),
    wordKeys: Int32Array.from(wordKeys),
    keyStrength: Float64Array.from(keyStrength),
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
/** Per MiniSearch index, each key's scores, searched for once: they do not change once it is built. */
const keyScores = new WeakMap<MiniSearch, Map<string, KeyScores>>();

/** A key's BM25 score in each document, as MiniSearch scores a query of that key alone. */
function scoresOf(mini: MiniSearch, key: string): KeyScores {
  let cache = keyScores.get(mini);
  if (!cache) {
    cache = new Map();
    keyScores.set(mini, cache);
  }
  let found = cache.get(key);
  if (!found) {
    found = { at: [], score: [] };
    for (const hit of mini.search(key, { boost: { context: CONTEXT_STRENGTH } })) {
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
  bm25Shares(index.mini, strong, index.docs.length).forEach((share, at) => {
    reached.set(at, share);
  });
  return reached;
}

/**
 * MiniSearch's BM25 score for an OR query of `keys`, per document, as a share of the best; built from
 * each key's own scores: a document's per-key scores summed in the keys' order, times the number
 * of keys it matches.
 */
function bm25Shares(mini: MiniSearch, keys: string[], size: number): Map<number, number> {
  // Per document (by position), its summed scores and how many keys it matches; `found` keeps the
  // order in which documents were first scored.
  const sum = new Float64Array(size);
  const matched = new Uint32Array(size);
  const found: number[] = [];
  for (const k of keys) {
    const { at, score } = scoresOf(mini, k);
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
  const shares = new Map<number, number>();
  for (const doc of found) shares.set(doc, top > 0 ? (sum[doc] as number) / top : 0);
  return shares;
}
