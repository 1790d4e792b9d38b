import { stemmer } from "stemmer";
import { expandContraction } from "./contractions.js";

/**
 * Splits text into words the way both the article and questions are read: numbers lose their
 * thousands separators ("2,000" and "2000" are one word), dotted abbreviations lose their dots
 * ("U.K." is "uk"), possessives are dropped ("NASA's" is "nasa"), contractions are read as their two
 * words ("won't" is "will not"), and every word is reduced to a Porter stem so "selling" and
 * "sells" meet (irregular forms such as "sold" meet "sell" through the lexicon).
 */

/** One word of a text: where it is, how it was spelled, and what it is compared by. */
export interface Token {
  /** The word exactly as written, e.g. "U.K." or "2,000". */
  surface: string;
  start: number;
  end: number;
  /** Lower-case canonical spelling, e.g. "un", "2000", "children". */
  norm: string;
  /** The comparison key: a Porter stem, or the number itself. */
  stem: string;
  /** True for numbers (digits or number words). */
  number: boolean;
  /** True when the word starts with a capital letter as written. */
  capital: boolean;
}

// Order matters: dotted abbreviations and times before numbers, numbers before plain words.
const TOKEN =
  /[A-Za-z](?:\.[A-Za-z])+\.?(?:['’]s)?|\d{1,2}:\d{2}|\d+(?:st|nd|rd|th)\b|\d+(?:,\d{3})*(?:\.\d+)?(?:['’]?s\b)?|[A-Za-z\u00C0-\u024F]+(?:['’][A-Za-z]+)*['’]?/g;

/** Number words a question may use instead of digits. */
const NUMBER_WORDS: ReadonlyMap<string, number> = new Map(
  Object.entries({
    one: 1,
    two: 2,
    three: 3,
    four: 4,
    five: 5,
    six: 6,
    seven: 7,
    eight: 8,
    nine: 9,
    ten: 10,
    twenty: 20,
    thirty: 30,
    forty: 40,
    fifty: 50,
    sixty: 60,
    seventy: 70,
    eighty: 80,
    ninety: 90,
    hundred: 100,
    thousand: 1000,
    million: 1_000_000,
  }),
);

/** Multipliers written after a number: "2 thousand", "150k". */
const MULTIPLIERS: ReadonlyMap<string, number> = new Map([
  ["hundred", 100],
  ["thousand", 1000],
  ["k", 1000],
  ["million", 1_000_000],
]);

/** Most stems remembered; the stemmer is the slowest step of reading text. */
const STEM_CACHE_SIZE = 10_000;
const stemCache = new Map<string, string>();

const ASCII = /^[\x20-\x7E]*$/;

/** Lower-cases, folds accents and curly apostrophes. */
export function fold(text: string): string {
  if (ASCII.test(text)) return text.toLowerCase();
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[’‘]/g, "'")
    .toLowerCase();
}

/** Porter-stems one lower-case word. */
export function stemWord(word: string): string {
  let stem = stemCache.get(word);
  if (stem === undefined) {
    if (stemCache.size >= STEM_CACHE_SIZE) stemCache.clear();
    stem = stemmer(word);
    stemCache.set(word, stem);
  }
  return stem;
}

/** Most distinct spellings whose reading is remembered. */
const WORD_CACHE_SIZE = 10_000;
type Reading = Omit<Token, "start" | "end">;
/** Per spelling, the words it reads as: one, or two for a contraction. */
const readings = new Map<string, Reading[]>();

function readingsOf(surface: string): Reading[] {
  let found = readings.get(surface);
  if (!found) {
    if (readings.size >= WORD_CACHE_SIZE) readings.clear();
    found = readAll(surface);
    readings.set(surface, found);
  }
  return found;
}

/** Both words of a contraction keep the contraction's spelling and span, so it is shown whole. */
function readAll(surface: string): Reading[] {
  const words = expandContraction(fold(surface));
  if (!words) return [read(surface)];
  const capital = /^[A-Z]/.test(surface);
  return words.map((w) => ({ ...read(w), surface, capital }));
}

function read(surface: string): Reading {
  const capital = /^[A-Z]/.test(surface);
  let norm = fold(surface);
  // Only a word with an apostrophe has one to drop.
  const apostrophe = norm.includes("'");
  if (apostrophe) norm = norm.replace(/'s$/, "").replace(/'$/, "");
  // "2nd" and "40th" name a place in order, not an amount.
  if (/^\d+(?:st|nd|rd|th)$/.test(norm)) return { surface, capital, norm, stem: norm, number: false };
  if (/^\d/.test(norm)) {
    norm = norm.replace(/,/g, "").replace(/'/g, "");
    return { surface, capital, norm, stem: norm, number: true };
  }
  if (norm.includes(".")) {
    norm = norm.replace(/\./g, "");
    // "U.S." and an upper-case "US" name the country; a lower-case "us" is the pronoun.
    if (norm === "us") norm = "usa";
    return { surface, capital, norm, stem: norm, number: false };
  }
  if (apostrophe) norm = norm.replace(/'/g, "");
  if (norm === "us" && surface.startsWith("US")) norm = "usa";
  const value = NUMBER_WORDS.get(norm);
  if (value !== undefined)
    return { surface, capital, norm: String(value), stem: String(value), number: true };
  return { surface, capital, norm, stem: stemWord(norm), number: false };
}

/** Splits `text` into tokens with their offsets; number words and multipliers become digits. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  // `exec` over the one pattern, rather than `matchAll`, which copies the pattern for every text.
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    const found = readingsOf(m[0]);
    for (let r = 0; r < found.length; r++) {
      const reading = found[r] as Reading;
      const prev = tokens[tokens.length - 1];
      const multiplier = prev?.number ? MULTIPLIERS.get(reading.surface.toLowerCase()) : undefined;
      // "two thousand" and "150 k" read as one number.
      if (prev && multiplier && multiplier >= 100 && Number(prev.norm) < multiplier) {
        const value = String(Number(prev.norm) * multiplier);
        tokens[tokens.length - 1] = { ...prev, end, norm: value, stem: value };
        continue;
      }
      tokens.push({
        surface: reading.surface,
        start,
        end,
        norm: reading.norm,
        stem: reading.stem,
        number: reading.number,
        capital: reading.capital,
      });
    }
  }
  return tokens;
}

/** Decades such as "1940s" also answer to their short form ("40s") and their first year ("1940"). */
export function numberKeys(token: Token): string[] {
  const decade = /^(\d{1,2})(\d0)s$/.exec(token.norm);
  // "the 1940s" is also "the 40s"; either answers to its first year's number.
  if (decade?.[1] && decade[2])
    return decade[1].length === 2 ? [token.norm, `${decade[2]}s`, decade[1] + decade[2]] : [token.norm];
  return [token.norm];
}
