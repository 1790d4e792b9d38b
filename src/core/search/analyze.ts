import type { Knowledge } from "./knowledge.js";
import { type Lexicon, PARTICLES } from "./lexicon.js";
import { numberKeys, stemWord, type Token, tokenize } from "./normalize.js";
import { isStopWord } from "./stopwords.js";

/**
 * Turns text into comparison keys, the same way for passages and questions. A key is a word's
 * stem ("recognit"), the stem of its base form ("wrote" → "write"), a number ("2000"), or an
 * entity the article knows ("@nasa", for "NASA" and "National Aeronautics and Space Administration" alike).
 * Each token keeps the keys it carries, so the words that matched can be shown as spelled.
 */

/** Keys of a text with, per key, how strongly the text carries it (1 when it says it outright). */
export type KeyMap = Map<string, number>;

/** A text's tokens and the keys each one carries. */
export interface AnalyzedText {
  tokens: Token[];
  /** Keys per token, parallel to `tokens`; stop words carry none. */
  tokenKeys: KeyMap[];
  /** Every key of the text with its best strength. */
  keys: KeyMap;
  /** Which tokens name which entity key. */
  entityAt: (string | undefined)[];
}

/** How strongly the letter's "we" or "you" carries the keys of who it stands for. */
export const VOICE_STRENGTH = 0.8;
/** How strongly "not safe" carries "unsafe": as strongly as a synonym. */
export const NEGATED_STRENGTH = 0.85;

/** Words that negate the word after them. */
const NEGATIONS = new Set(["not", "never"]);
/** Prefixes that make an adjective its opposite, and the letters the word must then start with. */
const NEGATING_PREFIXES: readonly [prefix: string, before: RegExp][] = [
  ["un", /^/],
  ["in", /^[^bmplr]/],
  ["im", /^[bmp]/],
  ["il", /^l/],
  ["ir", /^r/],
  ["dis", /^/],
  ["non", /^/],
];

/** What an analyzer needs: general English word knowledge and the article's own. */
export interface Analyzer {
  lexicon: Lexicon;
  knowledge: Knowledge;
  /** The stems a word is compared by: its own and its base forms'. */
  wordKeys(norm: string, stem: string): string[];
  /** Analyzes a text; `voice` says whether its "we" and "you" are the letter's. */
  analyze(text: string, voice?: boolean): AnalyzedText;
  /** Analyzes a text already split into tokens. */
  analyzeTokens(tokens: Token[], voice?: boolean): AnalyzedText;
  /**
   * The keys of what token `i` says when a negation comes before it: "not safe" says "unsafe",
   * "never fair" says "unfair". None for a token no negation comes before.
   */
  negatedKeys(tokens: Token[], i: number): string[];
  /** The phrasal verb token `i` and the particle after it make ("turned down" → "turn_down"), if any. */
  phraseAt(tokens: Token[], i: number): string | undefined;
}

/** The key a small word ("not", "other", "who") is compared by when questions are compared with questions; no passage carries it. */
export const smallWordKey = (norm: string) => `~${norm}`;

export function put(map: KeyMap, key: string, strength: number): void {
  if ((map.get(key) ?? 0) < strength) map.set(key, strength);
}

const WE = new Set(["we", "us", "our", "ours", "ourselves"]);
const YOU = new Set(["you", "your", "yours", "yourself"]);

export function createAnalyzer(lexicon: Lexicon, knowledge: Knowledge): Analyzer {
  const wordKeys = (norm: string, stem: string): string[] => {
    const keys = [stem];
    const lemmas = lexicon.lemmas(norm);
    // Indexed loops here and below: they run for every word at start-up, before the code is optimized.
    for (let i = 0; i < lemmas.length; i++) {
      const s = stemWord(lemmas[i] as string);
      if (!keys.includes(s)) keys.push(s);
    }
    return keys;
  };

  /** The adjectives a word's base forms become with a negating prefix ("safe" → "unsafe"), as keys. */
  const opposites = (norm: string): string[] => {
    const keys: string[] = [];
    for (const lemma of lexicon.lemmas(norm)) {
      if (!lexicon.isAdjective(lemma)) continue;
      for (const [prefix, before] of NEGATING_PREFIXES) {
        const opposite = prefix + lemma;
        if (before.test(lemma) && lexicon.isAdjective(opposite)) keys.push(stemWord(opposite));
      }
    }
    return keys;
  };
  const negatedKeys = (tokens: Token[], i: number): string[] => {
    const t = tokens[i];
    const before = tokens[i - 1];
    if (!t || !before || !NEGATIONS.has(before.norm) || t.number || isStopWord(t.norm, t.stem)) return [];
    return opposites(t.norm);
  };

  const phraseAt = (tokens: Token[], i: number): string | undefined => {
    const t = tokens[i];
    const next = tokens[i + 1];
    if (!t || !next || !PARTICLES.has(next.norm) || t.number) return undefined;
    for (const verb of lexicon.verbs(t.norm)) {
      const phrase = `${verb}_${next.norm}`;
      if (lexicon.rank(phrase) !== undefined) return phrase;
    }
    return undefined;
  };

  const analyze = (text: string, voice = false): AnalyzedText => analyzeTokens(tokenize(text), voice);
  const analyzeTokens = (tokens: Token[], voice = false): AnalyzedText => {
    const tokenKeys = tokens.map((t, at): KeyMap => {
      const map: KeyMap = new Map();
      const keys = t.number ? numberKeys(t) : isStopWord(t.norm, t.stem) ? [] : wordKeys(t.norm, t.stem);
      for (let i = 0; i < keys.length; i++) map.set(keys[i] as string, 1);
      const negated = negatedKeys(tokens, at);
      for (let i = 0; i < negated.length; i++) put(map, negated[i] as string, NEGATED_STRENGTH);
      return map;
    });
    const entityAt: (string | undefined)[] = new Array(tokens.length).fill(undefined);
    for (const m of knowledge.mentions(tokens)) {
      for (let i = m.from; i < m.to; i++) {
        put(tokenKeys[i] as KeyMap, m.entity.key, 1);
        entityAt[i] = m.entity.key;
      }
    }
    if (voice) {
      const { we, you, company } = knowledge.voices;
      tokens.forEach((t, i) => {
        const map = tokenKeys[i] as KeyMap;
        const next = tokens[i + 1];
        if (t.norm === "our" && next && company.length && stemWord(next.norm) === "compani") {
          for (const k of company) put(tokenKeys[i + 1] as KeyMap, k, VOICE_STRENGTH);
        }
        const stands = WE.has(t.norm) ? we : YOU.has(t.norm) ? you : [];
        for (const k of stands) put(map, k, VOICE_STRENGTH);
      });
    }
    const keys: KeyMap = new Map();
    for (const map of tokenKeys)
      map.forEach((q, k) => {
        put(keys, k, q);
      });
    return { tokens, tokenKeys, keys, entityAt };
  };

  return { lexicon, knowledge, wordKeys, analyze, analyzeTokens, negatedKeys, phraseAt };
}
