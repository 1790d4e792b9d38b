import { stemmer } from "stemmer";
import { expandContraction } from "./contractions.js";

/**
 * Splits text into words the way both the article and questions are read: numbers lose their
 * thousands separators ("2,000" and "2000" are one word), dotted abbreviations lose their dots
 * ("U.N." is "un"), possessives are dropped ("ACLU's" is "aclu"), contractions are read as their two
 * words ("won't" is "will not"), and every word is reduced to a stem so "selling", "sells" and
 * "sold" meet.
 */

/** One word of a text: where it is, how it was spelled, and what it is compared by. */
export interface Token {
  /** The word exactly as written, e.g. "U.N." or "2,000". */
  surface: string;
  start: number;
  end: number;
  /** Lower-case canonical spelling, e.g. "un", "2000", "children". */
  norm: string;
  /** The comparison key: a Porter stem, an irregular form's lemma, or the number itself. */
  stem: string;
  /** True for numbers (digits or number words). */
  number: boolean;
  /** True when the word starts with a capital letter as written. */
  capital: boolean;
}

// Order matters: dotted abbreviations and times before numbers, numbers before plain words.
const TOKEN =
  /[A-Za-z](?:\.[A-Za-z])+\.?(?:['’]s)?|\d{1,2}:\d{2}|\d+(?:,\d{3})*(?:\.\d+)?(?:['’]?s\b)?|[A-Za-z\u00C0-\u024F]+(?:['’][A-Za-z]+)*['’]?/g;

/** Irregular forms the Porter stemmer cannot relate to their base word. */
const LEMMAS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    wrote: "write",
    written: "write",
    sent: "send",
    tore: "tear",
    torn: "tear",
    took: "take",
    taken: "take",
    ran: "run",
    knew: "know",
    known: "know",
    understood: "understand",
    began: "begin",
    begun: "begin",
    made: "make",
    said: "say",
    told: "tell",
    thought: "think",
    brought: "bring",
    bought: "buy",
    sold: "sell",
    built: "build",
    led: "lead",
    paid: "pay",
    kept: "keep",
    left: "leave",
    gave: "give",
    given: "give",
    got: "get",
    gotten: "get",
    went: "go",
    gone: "go",
    saw: "see",
    seen: "see",
    spoke: "speak",
    spoken: "speak",
    fought: "fight",
    stood: "stand",
    chose: "choose",
    chosen: "choose",
    grew: "grow",
    grown: "grow",
    broke: "break",
    broken: "break",
    felt: "feel",
    found: "find",
    held: "hold",
    heard: "hear",
    lost: "lose",
    meant: "mean",
    won: "win",
    children: "child",
    people: "person",
    men: "man",
    women: "woman",
    employed: "employ",
    // Porter reads "engineer" as "engin", the stem of "engine".
    engineer: "engineer",
    engineers: "engineer",
  }),
);

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

/** Stems one lower-case word, using the irregular-form table first. */
export function stemWord(word: string): string {
  const lemma = LEMMAS.get(word);
  if (lemma) return lemma;
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
  const base = { surface, capital: /^[A-Z]/.test(surface) };
  let norm = fold(surface).replace(/'s$/, "").replace(/'$/, "");
  if (/^\d/.test(norm)) {
    norm = norm.replace(/,/g, "").replace(/'/g, "");
    return { ...base, norm, stem: norm, number: true };
  }
  if (norm.includes(".")) {
    norm = norm.replace(/\./g, "");
    // "U.S." and an upper-case "US" name the country; a lower-case "us" is the pronoun.
    if (norm === "us") norm = "usa";
    return { ...base, norm, stem: norm, number: false };
  }
  norm = norm.replace(/'/g, "");
  if (norm === "us" && surface.startsWith("US")) norm = "usa";
  const value = NUMBER_WORDS.get(norm);
  if (value !== undefined) return { ...base, norm: String(value), stem: String(value), number: true };
  return { ...base, norm, stem: stemWord(norm), number: false };
}

/** Splits `text` into tokens with their offsets; number words and multipliers become digits. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    for (const reading of readingsOf(m[0])) {
      const prev = tokens[tokens.length - 1];
      const multiplier = prev?.number ? MULTIPLIERS.get(reading.surface.toLowerCase()) : undefined;
      // "two thousand" and "150 k" read as one number.
      if (prev && multiplier && multiplier >= 100 && Number(prev.norm) < multiplier) {
        const value = String(Number(prev.norm) * multiplier);
        tokens[tokens.length - 1] = { ...prev, end, norm: value, stem: value };
        continue;
      }
      tokens.push({ ...reading, start, end });
    }
  }
  return tokens;
}

/** Decades such as "1940s" also answer to their first year ("1940"). */
export function numberKeys(token: Token): string[] {
  const decade = /^(\d{3}0)s$/.exec(token.norm);
  return decade?.[1] ? [token.norm, decade[1]] : [token.norm];
}
