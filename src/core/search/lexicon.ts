/**
 * General English word knowledge: base forms and related words, read from the lexicon file that
 * `scripts/build-lexicon.ts` derives from WordNet and GloVe (see `lexicon/english.txt`). The file
 * is parsed lazily: only the lines of words actually looked up are read, so loading it costs a
 * scan for line starts, not a parse of every relation.
 */

/** How a word relates to another (codes of the lexicon file). */
export type Relation =
  /** Same meaning in some common sense ("kid", "child"). */
  | "synonym"
  /** Another form of the same idea ("militarize", "militarization"; "afraid", "fear"). */
  | "derived"
  /** Close in meaning (similar adjectives, verb groups). */
  | "similar"
  /** A broader word ("cop" → "policeman"). */
  | "broader"
  /** A narrower word ("agency" → "bureau"). */
  | "narrower"
  /** A member or part, or what it is part of ("policeman" → "police"). */
  | "part"
  /** Used in the same contexts, by word vectors ("staff" → "employee"). */
  | "neighbour";

const CODES: Readonly<Record<string, Relation>> = {
  s: "synonym",
  d: "derived",
  a: "similar",
  h: "broader",
  o: "narrower",
  m: "part",
  e: "neighbour",
};

/** A word related to another, and how. */
export interface Related {
  word: string;
  relation: Relation;
  /** True when the relation holds only in a less common sense of the word ("good" as in "a good day's walk" → "full"). */
  minor: boolean;
}

/** Read-only access to the lexicon. */
export interface Lexicon {
  /** Whether the word, or a regular or irregular form of it, is an English word the lexicon knows. */
  knows(word: string): boolean;
  /** The base forms (lemmas) a lower-case word may be a form of: "wrote" → ["write"], "fears" → ["fear"]. */
  lemmas(word: string): string[];
  /** Words related to a lemma, strongest relations first as listed. */
  related(lemma: string): readonly Related[];
  /** The word's meaning as a unit vector of bytes (GloVe, ×127), when the lexicon has one; the same for all its forms. */
  vector(word: string): Int8Array | undefined;
  /** How common a word listed as a base form is (0 the most common); undefined when not listed. */
  rank(word: string): number | undefined;
}

/** WordNet's detachment rules: per part of speech, suffixes an inflected form may drop, and what replaces them. */
const DETACH: readonly [suffix: string, ending: string, pos: string][] = [
  ["ies", "y", "nv"],
  ["ses", "s", "n"],
  ["xes", "x", "n"],
  ["zes", "z", "n"],
  ["ches", "ch", "n"],
  ["shes", "sh", "n"],
  ["men", "man", "n"],
  ["es", "e", "v"],
  ["es", "", "v"],
  ["s", "", "nv"],
  ["ed", "e", "v"],
  ["ed", "", "v"],
  ["ing", "e", "v"],
  ["ing", "", "v"],
  ["er", "", "a"],
  ["er", "e", "a"],
  ["est", "", "a"],
  ["est", "e", "a"],
];

/** Most lookups remembered per lexicon. */
const CACHE_SIZE = 20_000;

/** The empty lexicon: no word known, nothing related. The engine works without one, only less well. */
export const NO_LEXICON: Lexicon = {
  knows: () => false,
  lemmas: (w) => [w],
  related: () => [],
  vector: () => undefined,
  rank: () => undefined,
};

/** Parses the lexicon file's text, and its word vectors when given. Throws when either is not a lexicon file. */
export function parseLexicon(text: string, vectors?: Uint8Array): Lexicon {
  const table = vectors ? readVectors(vectors) : undefined;
  // The irregular forms come first and are few; the words run from "@words" to the end and are
  // never scanned.
  const exceptionsAt = text.indexOf("\n@exceptions\n");
  const wordsAt = exceptionsAt < 0 ? -1 : text.indexOf("\n@words\n", exceptionsAt);
  if (wordsAt < 0) throw new Error("not a letterbot lexicon file: no @exceptions and @words sections");
  const wordsEnd = text.endsWith("\n") ? text.length - 1 : text.length;
  const irregular = new Map<string, string>();
  for (const line of text.slice(exceptionsAt + 13, wordsAt).split("\n")) {
    const [form, base] = line.split(" ");
    if (form && base) irregular.set(form, base);
  }

  // A word is found as look(1) finds it: a binary search over the sorted lines, each probe moved
  // to the start of its line.
  const first = wordsAt + 8;
  const lineStartAt = (offset: number) => (offset <= first ? first : text.lastIndexOf("\n", offset - 1) + 1);
  /** How the word at a line start compares with `word`: negative before it, 0 equal, positive after. */
  const compareAt = (at: number, word: string): number => {
    for (let i = 0; ; i++) {
      const c = text.charCodeAt(at + i);
      const ended = c === 32 || c === 10 || at + i >= wordsEnd;
      if (i === word.length) return ended ? 0 : 1;
      if (ended) return -1;
      const d = c - word.charCodeAt(i);
      if (d !== 0) return d;
    }
  };
  /** Offset of the word's line, or -1. */
  const lineOf = (word: string): number => {
    let lo = first;
    let hi = wordsEnd;
    while (lo < hi) {
      const at = lineStartAt((lo + hi) >> 1);
      const order = compareAt(at, word);
      if (order === 0) return at;
      if (order < 0) lo = text.indexOf("\n", at) + 1;
      else hi = at;
    }
    return -1;
  };
  /** One field of a line (0 is the word), read without splitting the rest. */
  const fieldAt = (at: number, n: number): string => {
    let from = at;
    for (let i = 0; i < n; i++) from = text.indexOf(" ", from) + 1;
    const space = text.indexOf(" ", from);
    const end = text.indexOf("\n", from);
    return text.slice(from, space < 0 || space > end ? end : space);
  };
  /** A line's fields after the word: parts of speech, frequency rank, related words. */
  const fieldsOf = (at: number) => text.slice(at, text.indexOf("\n", at)).split(" ");
  /** Whether a word is in the lexicon as one of the parts of speech (n, v, a, r) listed. */
  const isA = (word: string, pos: string): boolean => {
    const at = lineOf(word);
    if (at < 0) return false;
    const field = fieldAt(at, 1);
    for (const p of pos) if (field.includes(p)) return true;
    return false;
  };

  const relatedCache = new Map<string, Related[]>();
  const lemmaCache = new Map<string, string[]>();
  const remember = <T>(cache: Map<string, T>, key: string, value: T): T => {
    if (cache.size >= CACHE_SIZE) cache.clear();
    cache.set(key, value);
    return value;
  };

  const lemmas = (word: string): string[] => {
    const known = lemmaCache.get(word);
    if (known) return known;
    const found: string[] = [];
    const add = (w: string | undefined) => {
      if (w && !found.includes(w) && lineOf(w) >= 0) found.push(w);
    };
    add(word);
    add(irregular.get(word));
    // A word the lexicon lists is a base form itself: "offer" is not a comparative of "off".
    if (found.includes(word)) return remember(lemmaCache, word, found);
    for (const [suffix, ending, pos] of DETACH) {
      if (word.length > suffix.length + 1 && word.endsWith(suffix)) {
        const base = word.slice(0, word.length - suffix.length) + ending;
        if (isA(base, pos)) add(base);
      }
    }
    return remember(lemmaCache, word, found.length ? found : [word]);
  };

  const vectorCache = new Map<string, Int8Array | null>();
  let ranks: Map<string, number> | undefined;
  return {
    vector(word) {
      if (!table) return undefined;
      const cached = vectorCache.get(word);
      if (cached !== undefined) return cached ?? undefined;
      let found: Int8Array | undefined;
      for (const lemma of lemmas(word)) {
        const at = lineOf(lemma);
        const row = at < 0 ? Number.NaN : Number(fieldAt(at, 3));
        if (Number.isInteger(row)) {
          found = table.row(row);
          break;
        }
      }
      return remember(vectorCache, word, found ?? null) ?? undefined;
    },
    rank(word) {
      // Spelling correction asks about hundreds of near strings at a time: a table of every word's
      // rank, read once on first use, answers each without a search.
      if (!ranks) {
        ranks = new Map();
        for (let at = first; at < wordsEnd; at = text.indexOf("\n", at) + 1) {
          const space = text.indexOf(" ", at);
          const secondSpace = text.indexOf(" ", text.indexOf(" ", space + 1) + 1);
          ranks.set(text.slice(at, space), Number(text.slice(text.indexOf(" ", space + 1) + 1, secondSpace)));
        }
      }
      return ranks.get(word);
    },
    knows: (word) => irregular.has(word) || lemmas(word).some((l) => lineOf(l) >= 0),
    lemmas,
    related(lemma) {
      const cached = relatedCache.get(lemma);
      if (cached) return cached;
      const at = lineOf(lemma);
      if (at < 0) return remember(relatedCache, lemma, []);
      const list: Related[] = [];
      // Fields: word, parts of speech, frequency rank, vector row, then code-prefixed related words.
      for (const field of fieldsOf(at).slice(4)) {
        const code = field[0] ?? "";
        const relation = CODES[code.toLowerCase()];
        if (relation) list.push({ word: field.slice(1), relation, minor: code !== code.toLowerCase() });
      }
      return remember(relatedCache, lemma, list);
    },
  };
}

/** The vector table: "LBV1", dimensions (uint16), count (uint32), then rows of signed bytes. */
function readVectors(bytes: Uint8Array): { row(i: number): Int8Array | undefined } {
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== "LBV1") throw new Error("not a letterbot vector file: bad magic");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = view.getUint16(4, true);
  const count = view.getUint32(6, true);
  if (bytes.byteLength !== 10 + dims * count) throw new Error("not a letterbot vector file: wrong size");
  const all = new Int8Array(bytes.buffer, bytes.byteOffset + 10, dims * count);
  return { row: (i) => (i >= 0 && i < count ? all.subarray(i * dims, (i + 1) * dims) : undefined) };
}

/** The dot product of two byte vectors of unit length: the builder stores each component ×127. */
export const VECTOR_SCALE = 127 * 127;

/** Cosine similarity of two byte vectors made by the lexicon builder. */
export function similarity(a: Int8Array, b: Int8Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += (a[i] as number) * (b[i] as number);
  return dot / VECTOR_SCALE;
}
