import { numberKeys, type Token, tokenize } from "./normalize.js";
import { isStopWord } from "./stopwords.js";
import { findConcepts, isFrameConcept } from "./synonyms.js";

/**
 * Turns text into comparison keys. A key is a stem ("recognit"), a number ("2000") or a concept
 * from the synonym table ("~child"). Passages keep, for each token, the keys it carries, so the
 * words that matched can be shown as spelled; questions become terms, one per idea asked about.
 */

/** How much a match through a synonym counts, relative to the same word. */
export const SYNONYM_QUALITY = 0.9;
/** How much a passage naming an instance ("ICE") counts for a question about its kind ("agencies"). */
export const KIND_QUALITY = 0.7;

/** Most distinct terms read from one question; a longer list of words is not a question. */
export const MAX_QUERY_TERMS = 32;

/** Prefix for concept keys, so they never collide with a word's stem. */
const CONCEPT = "~";

/** Keys of a text with, per key, how strongly the text carries it (1, or `KIND_QUALITY`). */
export type KeyMap = Map<string, number>;

/** A passage's tokens and the keys each one carries. */
export interface AnalyzedText {
  tokens: Token[];
  /** Keys per token, parallel to `tokens`; stop words carry none. */
  tokenKeys: KeyMap[];
  /** Every key of the text with its best strength. */
  keys: KeyMap;
}

function put(map: KeyMap, key: string, quality: number): void {
  if ((map.get(key) ?? 0) < quality) map.set(key, quality);
}

/** Analyzes a passage: every token's own keys plus the concepts of the phrases it belongs to. */
export function analyzeText(text: string): AnalyzedText {
  const tokens = tokenize(text);
  const tokenKeys = tokens.map((t): KeyMap => {
    const map: KeyMap = new Map();
    if (t.number) for (const k of numberKeys(t)) map.set(k, 1);
    else if (!isStopWord(t.norm, t.stem)) map.set(t.stem, 1);
    return map;
  });
  for (const hit of findConcepts(tokens)) {
    for (let i = hit.from; i < hit.to; i++) {
      put(tokenKeys[i] as KeyMap, CONCEPT + hit.concept, hit.kind ? KIND_QUALITY : 1);
    }
  }
  const keys: KeyMap = new Map();
  for (const map of tokenKeys) for (const [k, q] of map) put(keys, k, q);
  return { tokens, tokenKeys, keys };
}

/** One idea in a question: the words that express it and the keys that can match it. */
export interface QueryTerm {
  /** The question's words for it, folded, e.g. "law enforcement". */
  text: string;
  /** Index of the term's first token in the question. */
  position: number;
  /** Keys with the quality a match on each is worth (1 for the word itself). */
  keys: KeyMap;
  /** True when the term names the letter's cast (employees, Bezos, Amazon, the letter). */
  frame: boolean;
  /** The concept ids the term carries, e.g. ["demand"]. */
  concepts: string[];
  number: boolean;
}

/** A question split into terms, with its tokens kept for reading its form ("how many …"). */
export interface AnalyzedQuery {
  tokens: Token[];
  terms: QueryTerm[];
}

/** Splits a question into terms: each phrase from the synonym table is one term, other words one each. */
export function analyzeQuery(question: string): AnalyzedQuery {
  const tokens = tokenize(question);
  const terms: QueryTerm[] = [];
  const phraseAt = new Map<number, { to: number; concepts: string[]; frame: boolean }>();
  const conceptsAt = new Map<number, string[]>();
  for (const hit of findConcepts(tokens)) {
    if (hit.kind) continue;
    if (hit.to - hit.from > 1)
      phraseAt.set(hit.from, { to: hit.to, concepts: [hit.concept], frame: hit.frame });
    else conceptsAt.set(hit.from, [...(conceptsAt.get(hit.from) ?? []), hit.concept]);
  }
  const seen = new Set<string>();
  const add = (term: QueryTerm) => {
    // A repeated word adds nothing to what the question is about.
    if (seen.has(term.text) || terms.length >= MAX_QUERY_TERMS) return;
    seen.add(term.text);
    terms.push(term);
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const phrase = phraseAt.get(i);
    if (phrase) {
      const words = tokens.slice(i, phrase.to).map((t) => t.norm);
      const keys: KeyMap = new Map(phrase.concepts.map((c) => [CONCEPT + c, 1]));
      add({
        text: words.join(" "),
        position: i,
        keys,
        frame: phrase.frame,
        concepts: phrase.concepts,
        number: false,
      });
      i = phrase.to - 1;
      continue;
    }
    if (!token.number && isStopWord(token.norm, token.stem)) continue;
    const concepts = conceptsAt.get(i) ?? [];
    const keys: KeyMap = new Map();
    if (token.number) for (const k of numberKeys(token)) keys.set(k, 1);
    else keys.set(token.stem, 1);
    for (const c of concepts) put(keys, CONCEPT + c, SYNONYM_QUALITY);
    add({
      text: token.norm,
      position: i,
      keys,
      frame: concepts.length > 0 && concepts.every(isFrameConcept),
      concepts,
      number: token.number,
    });
  }
  return { tokens, terms };
}

/** The concept key for an id, e.g. `conceptKey("demand")` is "~demand". */
export function conceptKey(id: string): string {
  return CONCEPT + id;
}

/** Whether a key is a concept's rather than a word's. */
export function isConceptKey(key: string): boolean {
  return key.startsWith(CONCEPT);
}
