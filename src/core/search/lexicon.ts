/**
 * General English word knowledge: base forms and related words, read from the lexicon file that
 * `scripts/build-lexicon.ts` derives from WordNet and GloVe (see `lexicon/english.txt`). The file
 * is parsed lazily: a word index built with it leads to the line of a word looked up, and only
 * those lines are read, so loading it costs no parse of the words and their relations; irregular
 * forms are found by binary search over their sorted lines.
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
/** The relations by the character code of their (lower-case) code letter. */
const RELATION_BY_CODE: readonly (Relation | undefined)[] = (() => {
  const byCode: (Relation | undefined)[] = [];
  for (const [code, relation] of Object.entries(CODES)) byCode[code.charCodeAt(0)] = relation;
  return byCode;
})();
const CAPITAL_A = 65;
const CAPITAL_Z = 90;
/** What turns the character code of a capital into that of its lower case. */
const LOWER_CASE_OFFSET = 32;

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
  /** Whether a word listed as a base form is an adjective in some sense ("safe", "unsafe"). */
  isAdjective(word: string): boolean;
  /**
   * The verbs a word may be a form of, whatever else it is listed as: "turned" (also an
   * adjective) → ["turn"], "stepped" → ["step"], "gave" → ["give"].
   */
  verbs(word: string): string[];
}

/** WordNet's detachment rules: per part of speech, suffixes an inflected form may drop, and what replaces them. */
const DETACH_RULES: readonly [suffix: string, ending: string, pos: string][] = [
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
/** The same rules as objects, read by name: a tuple is unpacked through an iterator, slow before the code is optimized. */
const DETACH = DETACH_RULES.map(([suffix, ending, pos]) => ({ suffix, ending, pos }));

/** Particles that make a verb a phrasal verb with a meaning of its own ("turn down", "find out"), as the lexicon lists them ("turn_down"). */
export const PARTICLES: ReadonlySet<string> = new Set(
  "up down out off over back away in on through along around about after into apart aside forward together".split(
    " ",
  ),
);

/** The field of a word's line where its related words start. */
const RELATED_FIELD = 4;

/** Most lookups remembered per lexicon. */
const CACHE_SIZE = 20_000;

/** The empty lexicon: no word known, nothing related. The engine works without one, only less well. */
export const NO_LEXICON: Lexicon = {
  knows: () => false,
  lemmas: (w) => [w],
  related: () => [],
  vector: () => undefined,
  rank: () => undefined,
  isAdjective: () => false,
  verbs: () => [],
};

/** Where the word lines start: after "@words", to the end. Throws when the text is not a lexicon file. */
function sections(text: string): { exceptionsAt: number; first: number; end: number } {
  // The irregular forms come first and are few; the words run from "@words" to the end.
  const exceptionsAt = text.indexOf("\n@exceptions\n");
  const wordsAt = exceptionsAt < 0 ? -1 : text.indexOf("\n@words\n", exceptionsAt);
  if (wordsAt < 0) throw new Error("not a letterbot lexicon file: no @exceptions and @words sections");
  return { exceptionsAt, first: wordsAt + 8, end: text.endsWith("\n") ? text.length - 1 : text.length };
}

/** FNV-1a over a word's character codes, from `from` up to a space, a line end or `to`. */
function hashAt(text: string, from: number, to: number): number {
  let hash = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10) break;
    hash = Math.imul(hash ^ c, 0x01000193);
  }
  return hash >>> 0;
}

/** Header of the word index: "LBX1", the slot count and the length of the text it indexes (uint32 each). */
const INDEX_HEADER = 12;

/**
 * The word index of a lexicon text: a hash table from each listed word to its line, so a lookup
 * reads one or two lines instead of searching the text. The lexicon builder writes it next to the
 * text (`lexicon/index.bin`), so loading costs no scan. Slots hold a line's offset + 1, or 0.
 */
export function indexLexicon(text: string): Uint8Array {
  const { first, end } = sections(text);
  const starts: number[] = [];
  for (let at = first; at < end; at = text.indexOf("\n", at) + 1 || end) starts.push(at);
  // A power of two at least twice the words: probes stay short.
  let size = 1024;
  while (size < starts.length * 2) size *= 2;
  const bytes = new Uint8Array(INDEX_HEADER + size * 4);
  const view = new DataView(bytes.buffer);
  bytes.set([76, 66, 88, 49], 0); // "LBX1"
  view.setUint32(4, size, true);
  view.setUint32(8, text.length, true);
  const slots = new Uint32Array(bytes.buffer, INDEX_HEADER, size);
  for (const at of starts) {
    let slot = hashAt(text, at, end) & (size - 1);
    while (slots[slot]) slot = (slot + 1) & (size - 1);
    slots[slot] = at + 1;
  }
  return bytes;
}

/** Reads a word index, checking that it was made from this text. */
function readIndex(bytes: Uint8Array, text: string): Uint32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== "LBX1") throw new Error("not a letterbot word index: bad magic");
  const size = view.getUint32(4, true);
  if (bytes.byteLength !== INDEX_HEADER + size * 4 || (size & (size - 1)) !== 0)
    throw new Error("not a letterbot word index: wrong size");
  if (view.getUint32(8, true) !== text.length)
    throw new Error(
      "the word index was made from another lexicon text: rebuild it with npm run build:lexicon",
    );
  // A typed array needs its start aligned to its element size; a file's bytes may not be.
  const aligned = (bytes.byteOffset + INDEX_HEADER) % 4 === 0 ? bytes : bytes.slice();
  return new Uint32Array(aligned.buffer, aligned.byteOffset + INDEX_HEADER, size);
}

/**
 * Parses the lexicon file's text, with its word vectors and its word index when given (without
 * an index, one is made, which scans the text). Throws when any of them is not a lexicon file or
 * does not belong to the text.
 */
export function parseLexicon(text: string, vectors?: Uint8Array, index?: Uint8Array): Lexicon {
  const table = vectors ? readVectors(vectors) : undefined;
  const { exceptionsAt, first, end: wordsEnd } = sections(text);
  const exceptionsStart = exceptionsAt + 13;
  const exceptionsEnd = first - 8;
  /** How `word` compares with the form of the exception line at `at`, as strings compare. */
  const compareForm = (word: string, at: number): number => {
    for (let i = 0; ; i++) {
      const c = text.charCodeAt(at + i);
      const form = c === 32 || c === 10 || at + i >= exceptionsEnd ? -1 : c;
      const w = i < word.length ? word.charCodeAt(i) : -1;
      if (w !== form || w < 0) return w - form;
    }
  };
  /**
   * The base of an irregular form ("wrote" → "write"): a binary search over the "<form> <base>"
   * lines, which the builder writes sorted by form, so start-up reads none of them.
   */
  const irregularBase = (word: string): string | undefined => {
    let low = exceptionsStart;
    let high = exceptionsEnd;
    while (low < high) {
      // The line holding the middle offset.
      const start = Math.max(low, text.lastIndexOf("\n", ((low + high) >>> 1) - 1) + 1);
      let end = text.indexOf("\n", start);
      if (end < 0 || end > exceptionsEnd) end = exceptionsEnd;
      const order = compareForm(word, start);
      if (order === 0) {
        const space = start + word.length;
        const second = text.indexOf(" ", space + 1);
        return text.slice(space + 1, second < 0 || second > end ? end : second) || undefined;
      }
      if (order > 0) low = end + 1;
      else high = start;
    }
    return undefined;
  };
  const slots = readIndex(index ?? indexLexicon(text), text);
  const mask = slots.length - 1;

  /** Whether the word at a line start is `word`. */
  const isAt = (at: number, word: string): boolean => {
    for (let i = 0; i < word.length; i++) if (text.charCodeAt(at + i) !== word.charCodeAt(i)) return false;
    const after = text.charCodeAt(at + word.length);
    return after === 32 || after === 10 || at + word.length >= wordsEnd;
  };
  /** Offset of the word's line, or -1. */
  const lineOf = (word: string): number => {
    for (let slot = hashAt(word, 0, word.length) & mask; ; slot = (slot + 1) & mask) {
      const at = slots[slot] as number;
      if (at === 0) return -1;
      if (isAt(at - 1, word)) return at - 1;
    }
  };
  /** One field of a line (0 is the word), read without splitting the rest. */
  const fieldAt = (at: number, n: number): string => {
    let from = at;
    for (let i = 0; i < n; i++) from = text.indexOf(" ", from) + 1;
    const space = text.indexOf(" ", from);
    const end = text.indexOf("\n", from);
    return text.slice(from, space < 0 || space > end ? end : space);
  };
  /** Where the line at `at` ends (its last character when no line break follows). */
  const lineEnd = (at: number): number => {
    const end = text.indexOf("\n", at);
    return end < 0 ? text.length - 1 : end;
  };
  /** Whether a word is in the lexicon as one of the parts of speech (n, v, a, r) listed. */
  const isA = (word: string, pos: string): boolean => {
    const at = lineOf(word);
    if (at < 0) return false;
    const field = fieldAt(at, 1);
    for (let i = 0; i < pos.length; i++) if (field.includes(pos[i] as string)) return true;
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
    add(irregularBase(word));
    // A word the lexicon lists is a base form itself: "offer" is not a comparative of "off".
    if (found.includes(word)) return remember(lemmaCache, word, found);
    // Indexed: this runs for every new word at start-up, before it is optimized.
    for (let i = 0; i < DETACH.length; i++) {
      const { suffix, ending, pos } = DETACH[i] as (typeof DETACH)[number];
      if (word.length > suffix.length + 1 && word.endsWith(suffix)) {
        const base = word.slice(0, word.length - suffix.length) + ending;
        if (isA(base, pos)) add(base);
      }
    }
    return remember(lemmaCache, word, found.length ? found : [word]);
  };

  const vectorCache = new Map<string, Int8Array | null>();
  const knownCache = new Map<string, boolean>();
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
      const at = lineOf(word);
      return at < 0 ? undefined : Number(fieldAt(at, 2));
    },
    isAdjective: (word) => isA(word, "a"),
    verbs(word) {
      const found: string[] = [];
      const add = (w: string | undefined) => {
        if (w && !found.includes(w) && isA(w, "v")) found.push(w);
      };
      add(word);
      add(irregularBase(word));
      for (const { suffix, ending, pos } of DETACH)
        if (pos.includes("v") && word.length > suffix.length + 1 && word.endsWith(suffix))
          add(word.slice(0, word.length - suffix.length) + ending);
      return found;
    },
    knows(word) {
      const cached = knownCache.get(word);
      if (cached !== undefined) return cached;
      return remember(
        knownCache,
        word,
        irregularBase(word) !== undefined || lemmas(word).some((l) => lineOf(l) >= 0),
      );
    },
    lemmas,
    related(lemma) {
      const cached = relatedCache.get(lemma);
      if (cached) return cached;
      const at = lineOf(lemma);
      if (at < 0) return remember(relatedCache, lemma, []);
      const list: Related[] = [];
      // Fields: word, parts of speech, frequency rank, vector row, then code-prefixed related words,
      // read in place rather than split.
      const end = lineEnd(at);
      for (let from = at, field = 0; from <= end; field++) {
        let to = text.indexOf(" ", from);
        if (to < 0 || to > end) to = end;
        if (field >= RELATED_FIELD && to > from) {
          // The code by its character code: a capital (A to Z) marks a less common sense.
          const code = text.charCodeAt(from);
          const minor = code >= CAPITAL_A && code <= CAPITAL_Z;
          const relation = RELATION_BY_CODE[minor ? code + LOWER_CASE_OFFSET : code];
          if (relation) list.push({ word: text.slice(from + 1, to), relation, minor });
        }
        from = to + 1;
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
