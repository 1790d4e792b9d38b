import type { Article, Entity } from "../types.js";
import { type Token, tokenize } from "./normalize.js";
import { isStopWord } from "./stopwords.js";

/**
 * What the engine knows about the article's people, organisations and products beyond its
 * sentences: the names each goes by, what an acronym stands for, and what each one is. It comes
 * from the article's front matter (`entities`, `letter`); acronyms the text spells out itself
 * ("the National Labor Relations Board … NLRB") are found too, so an article without any
 * knowledge in its front matter still gets them.
 */

/** A named thing, with the token stems of every name it goes by and of every kind it is. */
export interface KnownEntity {
  /** Key under which passages mentioning it are indexed, e.g. "@ice". */
  key: string;
  name: string;
  /** What an acronym stands for, as written in the front matter or the text. */
  standsFor?: string;
  /** Stem sequences of its name, aliases and expansion. */
  names: string[][];
  /** Stems of the content words of what it is ("government agency" → "govern", "agenc"). */
  kinds: Set<string>;
  /** For kinds said of something ("CEO of Acme"): per kind stem, the keys of what it is said of. */
  of: Map<string, Set<string>>;
}

/** An entity a kind word may stand for, and what that kind is said of, if anything. */
export interface KindMatch {
  entity: KnownEntity;
  /** Keys of what the kind is said of ("CEO of Acme": Acme); empty when said of nothing. */
  of: Set<string>;
}

/** A span of tokens that names an entity. */
export interface Mention {
  entity: KnownEntity;
  from: number;
  /** One past the last token. */
  to: number;
}

/** The article's entities and who the letter's pronouns stand for. */
export interface Knowledge {
  entities: KnownEntity[];
  /** Every entity mention in a token sequence, longest name first, no overlaps. */
  mentions(tokens: Token[]): Mention[];
  /** Entities whose kinds include this stem ("agenc" → the agencies the article names). */
  ofKind(stem: string): KindMatch[];
  /** Keys the letter's "we", "you" and "our company" carry. */
  voices: { we: string[]; you: string[]; company: string[] };
}

/** Words an acronym's expansion may skip when taking initials ("Department of Labor"). */
const MINOR_WORDS = new Set(["of", "and", "the", "for", "on", "in", "to", "a", "an", "&"]);
/** An acronym as the article writes it: two to six capitals, perhaps dotted ("NASA", "U.K."). */
const ACRONYM = /^(?:[A-Z]{2,6}|(?:[A-Z]\.){2,5})$/;

/** A word of the text, for finding acronyms and their expansions. */
const WORD = /[A-Za-z][A-Za-z.'’-]*/g;
/** A capitalized word, as an expansion's words are: "National", not "NASA" nor "of". */
const CAPITALIZED = /^[A-Z][a-z]/;

const stemsOf = (text: string) => tokenize(text).map((t) => t.stem);

/** A key for an entity: "@" and its name's stems, so "Ada Lovelace" is "@ada-lovelac". */
const keyFor = (name: string) => `@${stemsOf(name).join("-") || name.toLowerCase()}`;

/** A word of a text, where it starts, and whether it is capitalized. */
interface TextWord {
  word: string;
  at: number;
  capitalized: boolean;
}

/**
 * Expansions the text gives for its acronyms: a run of capitalized words whose initials spell an
 * acronym the text uses ("National Labor Relations Board" for "NLRB").
 */
export function spelledOutAcronyms(text: string): Map<string, string> {
  const words: TextWord[] = [];
  // One pass of `exec`: a whole article read through `matchAll` and spread costs an iterator step a word.
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) {
    const word = m[0].replace(/['’]s$/, "");
    words.push({ word, at: m.index, capitalized: CAPITALIZED.test(word) });
  }
  const acronyms = new Set(words.map((w) => w.word).filter((w) => ACRONYM.test(w)));
  /** The end (exclusive) of a run from word `i` spelling `letters`; small words may be skipped or spelled. */
  const spell = (i: number, letters: string): number | undefined => {
    if (!letters) return i;
    const at = words[i];
    if (!at?.word) return undefined;
    const w = at.word;
    const minor = MINOR_WORDS.has(w.toLowerCase());
    if ((at.capitalized || minor) && w[0]?.toUpperCase() === letters[0]) {
      const end = spell(i + 1, letters.slice(1));
      if (end !== undefined) return end;
    }
    return minor ? spell(i + 1, letters) : undefined;
  };
  const found = new Map<string, string>();
  for (const acronym of acronyms) {
    const letters = acronym.replace(/\./g, "");
    for (let i = 0; i < words.length && !found.has(acronym); i++) {
      const first = words[i] as TextWord;
      if (!first.capitalized || first.word[0] !== letters[0]) continue;
      const end = spell(i, letters);
      if (end === undefined || end - i < 2) continue;
      const last = words[end - 1] as TextWord;
      found.set(acronym, text.slice(first.at, last.at + last.word.length));
    }
  }
  return found;
}

const contentStems = (text: string) =>
  tokenize(text)
    .filter((t) => !t.number && !isStopWord(t.norm, t.stem))
    .map((t) => t.stem);

function toKnown(entity: Entity): KnownEntity {
  const names = [entity.name, ...entity.aliases, ...(entity.standsFor ? [entity.standsFor] : [])]
    .map(stemsOf)
    .filter((s) => s.length > 0);
  const kinds = new Set<string>();
  const of = new Map<string, Set<string>>();
  for (const kind of entity.is) {
    // "CEO of Acme": the kind is "CEO", said of Acme.
    const [what = "", whose] = kind.split(/\s+of\s+/i);
    for (const stem of contentStems(what)) {
      kinds.add(stem);
      if (whose) of.set(stem, new Set([...(of.get(stem) ?? []), ...contentStems(whose), keyFor(whose)]));
    }
  }
  return {
    key: keyFor(entity.name),
    name: entity.name,
    ...(entity.standsFor ? { standsFor: entity.standsFor } : {}),
    names,
    kinds,
    of,
  };
}

/** Builds the knowledge of an article from its front matter and its text. */
export function buildKnowledge(article: Article): Knowledge {
  const declared = article.meta.entities.map(toKnown);
  const entities = [...declared];
  for (const [acronym, expansion] of spelledOutAcronyms(article.text)) {
    const stems = stemsOf(acronym).join(" ");
    const existing = entities.find((e) => e.names.some((n) => n.join(" ") === stems));
    if (existing) {
      existing.standsFor ??= expansion;
      if (!existing.names.some((n) => n.join(" ") === stemsOf(expansion).join(" "))) {
        existing.names.push(stemsOf(expansion));
      }
    } else {
      entities.push(toKnown({ name: acronym, aliases: [], standsFor: expansion, is: [] }));
    }
  }

  // Names by their first stem, longest first, for mention finding.
  const byFirst = new Map<string, { stems: string[]; entity: KnownEntity }[]>();
  for (const entity of entities) {
    for (const stems of entity.names) {
      const list = byFirst.get(stems[0] as string) ?? [];
      list.push({ stems, entity });
      list.sort((a, b) => b.stems.length - a.stems.length);
      byFirst.set(stems[0] as string, list);
    }
  }
  const kindIndex = new Map<string, KindMatch[]>();
  for (const entity of entities) {
    for (const stem of entity.kinds) {
      kindIndex.set(stem, [...(kindIndex.get(stem) ?? []), { entity, of: entity.of.get(stem) ?? new Set() }]);
    }
  }

  const mentions = (tokens: Token[]): Mention[] => {
    const found: Mention[] = [];
    for (let i = 0; i < tokens.length; ) {
      const candidates = byFirst.get((tokens[i] as Token).stem);
      const hit = candidates?.find((c) => c.stems.every((s, k) => tokens[i + k]?.stem === s));
      if (!hit) {
        i++;
        continue;
      }
      found.push({ entity: hit.entity, from: i, to: i + hit.stems.length });
      i += hit.stems.length;
    }
    return found;
  };

  const keysOf = (phrase: string | undefined): string[] => {
    if (!phrase) return [];
    const tokens = tokenize(phrase);
    const named = mentions(tokens);
    const covered = new Set(named.flatMap((m) => range(m.from, m.to)));
    return [
      ...named.map((m) => m.entity.key),
      ...tokens
        .filter((t, i) => !covered.has(i) && !t.number && !isStopWord(t.norm, t.stem))
        .map((t) => t.stem),
    ];
  };
  const { from, to, company } = article.meta.letter;
  return {
    entities,
    mentions,
    ofKind: (stem) => kindIndex.get(stem) ?? [],
    voices: {
      we: keysOf(from ?? lettersWriters(article)),
      you: keysOf(to ?? lettersAddressee(article)),
      company: keysOf(company),
    },
  };
}

/** What comes before "wrote" in a report sentence: who wrote ("Bakers from the market wrote to …"). */
const WROTE =
  /^(.{2,80}?)\s+(?:\w+ly\s+)?(?:have |has |had )?(?:wrote|written|sent|signed|penned|published)\b/;

/**
 * Who writes the letter, when the front matter does not say: the subject of the report's first
 * "… wrote to" sentence, up to its first preposition ("Nurses at Meridian Health" → "Nurses").
 */
function lettersWriters(article: Article): string | undefined {
  for (const s of article.sentences) {
    if (s.speaker !== "reporter") continue;
    const subject = WROTE.exec(s.text)?.[1];
    if (subject) return subject.split(/\s+(?:at|from|of|in|for|with|who|,)\s+|,/)[0];
  }
  return undefined;
}

/** Whom the letter addresses, when the front matter does not say: the name its salutation greets. */
function lettersAddressee(article: Article): string | undefined {
  const salutation = article.sentences.find((s) => s.speaker === "employees" && /^Dear\s/.test(s.text));
  return salutation?.text
    .replace(/^Dear\s+/, "")
    .replace(/\b(?:Mr|Mrs|Ms|Dr|Mx|Prof)\.?\s/g, "")
    .replace(/[,:]\s*$/, "");
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}
