import MiniSearch from "minisearch";
import type { Article, Passage } from "../types.js";
import { type AnalyzedText, analyzeText, conceptKey, type KeyMap } from "./analyze.js";
import type { Token } from "./normalize.js";

/**
 * The searchable form of the article: one document per sentence. MiniSearch holds three fields: `words` (spellings, for typo and prefix lookup), `keys` (stems and
 * concepts) and `context` (the keys of the rest of the paragraph, so a sentence that depends on its
 * neighbour still ranks).
 */

/** How strongly a passage of the letter is about its authors when it only says "we". */
export const SPEAKER_QUALITY = 0.8;
/** How much a key found only in a sentence's paragraph counts, relative to the sentence itself. */
export const CONTEXT_QUALITY = 0.3;

const MONTHS = new Set(
  "january february march april may june july august september october november december".split(" "),
);
const WEEKDAYS = new Set("monday tuesday wednesday thursday friday saturday sunday".split(" "));
/** Adverbs that place something in time, so a passage using one may answer "when", if less well than a date. */
const TIME_WORDS = new Set(
  "now today yesterday tomorrow recently recent currently current then soon later ago immediately".split(" "),
);

/** A searchable passage with what ranking needs to know about it. */
export interface Doc {
  id: string;
  passage: Passage;
  analyzed: AnalyzedText;
  /** Keys of the neighbouring sentences, worth `CONTEXT_QUALITY`. */
  context: KeyMap;
  /** Token positions of numbers that count something (not years, days or times). */
  counts: number[];
  /** Whether the passage says when (a date, a year, a decade, a time, a weekday). */
  temporal: boolean;
  /** Whether the passage says when, if only roughly ("now", "recently", "then"). */
  roughlyTemporal: boolean;
  /** Whether the passage names someone or some organisation. */
  named: boolean;
  /** The stems of its words, for telling passages that say the same thing apart. */
  stems: Set<string>;
}

/** The article's documents, their MiniSearch index, and how many documents hold each key. */
export interface SearchIndex {
  docs: Doc[];
  byId: Map<string, Doc>;
  mini: MiniSearch;
  /** Number of sentences whose own text carries a key. */
  docFrequency: Map<string, number>;
  /** Count of sentences, for inverse document frequency. */
  sentenceCount: number;
  /** Article stems a misspelt question word was found to stand for, remembered between questions. */
  typos: Map<string, string[]>;
  /** Per key, the positions in `docs` of the sentences whose own text carries it. */
  postings: Map<string, number[]>;
  /** Per key, the positions in `docs` of the sentences carrying it in their text or paragraph. */
  reach: Map<string, number[]>;
  /** Position in `docs` of each document id. */
  position: Map<string, number>;
  /** Per key, MiniSearch's BM25 score of each sentence (by position) for it, filled as keys are asked. */
  bm25: Map<string, Map<number, number>>;
}

function post(map: Map<string, number[]>, key: string, at: number): void {
  const list = map.get(key);
  if (!list) map.set(key, [at]);
  else if (list.at(-1) !== at) list.push(at);
}

const ENTITY_KINDS = ["person", "company", "agency", "organization", "outlet"].map(conceptKey);

function describe(id: string, passage: Passage, analyzed: AnalyzedText): Doc {
  const { tokens } = analyzed;
  // Years ("2018"), decades ("1940s"), times ("7:20") and days of a month ("June 22") say when,
  // they do not count anything.
  const isDateNumber = (t: Token, i: number) =>
    /^(?:1[89]|20)\d\d$/.test(t.surface) ||
    /^\d{3}0s$/.test(t.norm) ||
    t.norm.includes(":") ||
    MONTHS.has(tokens[i - 1]?.norm ?? "");
  const counts: number[] = [];
  let temporal = false;
  let roughlyTemporal = false;
  tokens.forEach((t, i) => {
    if (t.number && isDateNumber(t, i)) temporal = true;
    else if (t.number) counts.push(i);
    if (MONTHS.has(t.norm) || WEEKDAYS.has(t.norm)) temporal = true;
    if (TIME_WORDS.has(t.norm)) roughlyTemporal = true;
  });
  const named =
    ENTITY_KINDS.some((k) => analyzed.keys.has(k)) ||
    tokens.some((t, i) => i > 0 && t.capital && !t.number && tokens[i - 1]?.surface !== '"');
  const stems = new Set(
    tokens.filter((_, i) => analyzed.tokenKeys[i]?.has(tokens[i]?.stem ?? "")).map((t) => t.stem),
  );
  return { id, passage, analyzed, context: new Map(), counts, temporal, roughlyTemporal, named, stems };
}

/** In the letter, "we" are the employees, "you" is Jeff Bezos, whom it addresses, and "our company" is Amazon. */
function addSpeaker(doc: Doc): void {
  if (doc.passage.speaker !== "employees") return;
  const { keys, tokens, tokenKeys } = doc.analyzed;
  const employees = conceptKey("employees");
  if (!keys.has(employees)) keys.set(employees, SPEAKER_QUALITY);
  const company = conceptKey("company");
  tokens.forEach((t, i) => {
    let meant: string | undefined;
    if (t.norm === "you" || t.norm === "your") meant = conceptKey("bezos");
    else if (tokens[i - 1]?.norm === "our" && tokenKeys[i]?.has(company)) meant = conceptKey("amazon");
    if (!meant) return;
    tokenKeys[i]?.set(meant, 1);
    keys.set(meant, 1);
  });
}

/** Builds the index over every sentence of the article. */
export function buildIndex(article: Article): SearchIndex {
  const docs: Doc[] = article.sentences.map((s) => describe(s.id, s, analyzeText(s.text)));
  const demandKey = conceptKey("demand");
  const byParagraph = new Map<number, Doc[]>();
  for (const doc of docs) {
    const list = byParagraph.get(doc.passage.paragraph) ?? [];
    list.push(doc);
    byParagraph.set(doc.passage.paragraph, list);
    // The demands section says what its items are even though they never use the word.
    if (doc.passage.section === "demands") doc.analyzed.keys.set(demandKey, 1);
    addSpeaker(doc);
  }
  for (const doc of docs) {
    for (const other of byParagraph.get(doc.passage.paragraph) ?? []) {
      if (other === doc) continue;
      for (const [k, q] of other.analyzed.keys) {
        if (!doc.analyzed.keys.has(k)) doc.context.set(k, Math.max(doc.context.get(k) ?? 0, q));
      }
    }
  }

  const docFrequency = new Map<string, number>();
  const postings = new Map<string, number[]>();
  const reach = new Map<string, number[]>();
  docs.forEach((doc, at) => {
    for (const k of doc.analyzed.keys.keys()) {
      docFrequency.set(k, (docFrequency.get(k) ?? 0) + 1);
      post(postings, k, at);
      post(reach, k, at);
    }
    for (const k of doc.context.keys()) post(reach, k, at);
  });

  const mini = new MiniSearch({
    fields: ["words", "keys", "context"],
    storeFields: [],
    tokenize: (text) => text.split(" ").filter(Boolean),
    processTerm: (term) => term,
  });
  mini.addAll(
    docs.map((d) => ({
      id: d.id,
      words: d.analyzed.tokens.map((t) => t.norm).join(" "),
      keys: [...d.analyzed.keys.keys()].join(" "),
      context: [...d.context.keys()].join(" "),
    })),
  );
  return {
    docs,
    byId: new Map(docs.map((d) => [d.id, d])),
    mini,
    docFrequency,
    sentenceCount: docs.length,
    typos: new Map(),
    position: new Map(docs.map((d, at) => [d.id, at])),
    postings,
    reach,
    bm25: new Map(),
  };
}

/**
 * MiniSearch's BM25 score of each sentence for one key, by position in `docs`. A search for
 * several keys at once scores a sentence with the sum of these times the number of keys it
 * matches, so one search per key, remembered, gives the same figures without searching again.
 */
export function bm25Of(index: SearchIndex, key: string): Map<number, number> | undefined {
  if (!index.docFrequency.has(key)) return undefined;
  let scores = index.bm25.get(key);
  if (!scores) {
    scores = new Map();
    for (const hit of index.mini.search(key, { fields: ["keys"] })) {
      const at = index.position.get(String(hit.id));
      if (at !== undefined) scores.set(at, hit.score);
    }
    index.bm25.set(key, scores);
  }
  return scores;
}
