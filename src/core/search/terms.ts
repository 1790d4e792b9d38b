import { type Analyzer, type KeyMap, NEGATED_STRENGTH, put } from "./analyze.js";
import { type Relation, VECTOR_SCALE } from "./lexicon.js";
import { numberKeys, stemWord, type Token } from "./normalize.js";
import type { SearchIndex } from "./retrieve.js";
import { isStopWord } from "./stopwords.js";

/**
 * A question's terms: one per idea it asks about (a word, or the words naming one entity), each
 * with the keys that can match it and how much a match on each is worth, and a weight for how
 * informative the idea is in this article (rare words say more than the article's main subject).
 */

/** How much a match through each lexicon relation is worth, relative to the word itself. */
export const RELATION_QUALITY: Readonly<Record<Relation, number>> = {
  synonym: 0.85,
  derived: 0.8,
  similar: 0.5,
  narrower: 0.6,
  broader: 0.45,
  part: 0.4,
  neighbour: 0.4,
};
/** What a relation that holds only in a less common sense of a word keeps of its quality. */
export const MINOR_SENSE_QUALITY = 0.5;
/** Least cosine similarity of word vectors for a question word to match an article word it is not related to in WordNet. */
export const SIMILAR_COSINE = 0.55;
/** What a match by vector similarity is worth at `SIMILAR_COSINE`, rising to `SIMILAR_BEST` at cosine 1. */
const SIMILAR_LEAST = 0.3;
const SIMILAR_BEST = 0.7;
/** How much a passage naming an entity counts for a question naming its kind ("agencies" → the agencies it names). */
export const KIND_QUALITY = 0.75;
/** A key at least this good is the term itself, not a loose relation, for document frequency. */
const STRONG_QUALITY = 0.75;

export interface QueryTerm {
  /** The question's words for it, folded. */
  text: string;
  /** Index of its first token in the question. */
  position: number;
  /** Keys that match it, with what a match on each is worth. */
  keys: KeyMap;
  /** How informative it is: inverse document frequency of its strong keys. */
  weight: number;
  /** Whether the article says it or something close (any key found). */
  known: boolean;
  /** Whether it is an English word the lexicon knows (names and gibberish are not). */
  english: boolean;
  /** The entity it names, if it names one. */
  entity?: string;
  number: boolean;
  /** For a term a follow-up takes from its thread, what it keeps of its weight (1 when absent). */
  scale?: number;
}

/** Most words whose related and similar article keys are remembered per index. */
const NEAR_CACHE_SIZE = 5_000;
/** A word's related or similar article keys, in the order they are put, with their quality. */
type NearKeys = [key: string, quality: number][];
/**
 * Per index, what `relate` and `similar` found for each word, so a word is looked up once, and the
 * related article keys of each lemma, which the forms of one word share ("workers", "worker").
 */
const nearCaches = new WeakMap<
  SearchIndex,
  { related: Map<string, NearKeys>; similar: Map<string, NearKeys>; byLemma: Map<string, NearKeys> }
>();

/** The postings of a key no sentence carries. */
const NO_POSTINGS: readonly number[] = [];
/** The keys of what a word is said of, for a word said of nothing. */
const NO_KEYS: ReadonlySet<string> = new Set();

const idf = (n: number, df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));

/** Documents carrying any of the keys (strong ones only). */
function documentFrequency(keys: KeyMap, index: SearchIndex): number {
  // Marked by position: a sentence carrying several of the keys counts once.
  const carries = new Uint8Array(index.docs.length);
  let count = 0;
  keys.forEach((q, k) => {
    if (q < STRONG_QUALITY) return;
    for (const at of index.postings.get(k) ?? NO_POSTINGS) {
      if (carries[at]) continue;
      carries[at] = 1;
      count++;
    }
  });
  return count;
}

/** Whether the map has a key at least `least` strong that the article uses. */
function hasArticleKey(keys: KeyMap, least: number, index: SearchIndex): boolean {
  for (const k of keys.keys()) if ((keys.get(k) as number) >= least && index.vocabulary.has(k)) return true;
  return false;
}

/** The terms of a question's tokens (already cleaned and corrected). */
export function termsOf(tokens: Token[], analyzer: Analyzer, index: SearchIndex): QueryTerm[] {
  const { lexicon, knowledge } = analyzer;
  const n = index.docs.length;
  const terms: QueryTerm[] = [];
  const seen = new Set<string>();
  const inArticle = (k: string) => index.vocabulary.has(k);

  const near = nearCaches.get(index) ?? { related: new Map(), similar: new Map(), byLemma: new Map() };
  nearCaches.set(index, near);
  /** Puts a word's near keys, found once per word by `find`. */
  const putNear = (
    keys: KeyMap,
    norm: string,
    cache: Map<string, NearKeys>,
    find: (norm: string) => NearKeys,
  ) => {
    let found = cache.get(norm);
    if (!found) {
      if (cache.size >= NEAR_CACHE_SIZE) cache.clear();
      found = find(norm);
      cache.set(norm, found);
    }
    for (const [k, q] of found) put(keys, k, q);
  };
  /** A lemma's related article keys (shared: not to be changed). */
  const relatedToLemma = (lemma: string): NearKeys => {
    let found = near.byLemma.get(lemma);
    if (found) return found;
    if (near.byLemma.size >= NEAR_CACHE_SIZE) near.byLemma.clear();
    found = [];
    // Related words are base forms already: their stem is their key.
    for (const { word, relation, minor } of lexicon.related(lemma)) {
      const k = stemWord(word);
      // A related word meets the article's common words, not its names: "nurse" may mean "harbor", but not "Harbor Point".
      if (index.common.has(k))
        found.push([k, RELATION_QUALITY[relation] * (minor ? MINOR_SENSE_QUALITY : 1)]);
    }
    near.byLemma.set(lemma, found);
    return found;
  };
  const related = (norm: string): NearKeys => {
    const lemmas = lexicon.lemmas(norm);
    if (lemmas.length === 1) return relatedToLemma(lemmas[0] as string);
    const found: NearKeys = [];
    for (const lemma of lemmas) found.push(...relatedToLemma(lemma));
    return found;
  };
  const relate = (keys: KeyMap, norm: string) => putNear(keys, norm, near.related, related);
  /** Article words whose vectors are close to the word's: "disclosure" near "transparency". */
  const similarTo = (norm: string): NearKeys => {
    const found: NearKeys = [];
    const bytes = lexicon.vector(norm);
    const { keys: words, rows, dims, head, tails } = index.vectors;
    if (!bytes || bytes.length !== dims) return found;
    // As doubles, like the rows: the products and their sums are whole numbers, exact either way.
    const vector = new Float64Array(bytes);
    // One pass over the article's vectors, row by row: byte products summed, then scaled to a cosine.
    const least = SIMILAR_COSINE * VECTOR_SCALE;
    let tail = 0;
    for (let d = head; d < dims; d++) tail += (vector[d] as number) * (vector[d] as number);
    for (let w = 0, at = 0; w < words.length; w++, at += dims) {
      let dot = 0;
      for (let d = 0; d < head; d++) dot += (vector[d] as number) * (rows[at + d] as number);
      // The rest of the sum is at most the product of the two tails' lengths (Cauchy–Schwarz), and
      // the sums are of whole numbers: a row that cannot reach `least` even so is skipped.
      if (dot + Math.sqrt(tail * (tails[w] as number)) < least) continue;
      for (let d = head; d < dims; d++) dot += (vector[d] as number) * (rows[at + d] as number);
      if (dot < least) continue;
      const cos = dot / VECTOR_SCALE;
      found.push([
        words[w] as string,
        SIMILAR_LEAST + ((SIMILAR_BEST - SIMILAR_LEAST) * (cos - SIMILAR_COSINE)) / (1 - SIMILAR_COSINE),
      ]);
    }
    return found;
  };
  const similar = (keys: KeyMap, norm: string) => putNear(keys, norm, near.similar, similarTo);
  const add = (term: Omit<QueryTerm, "weight" | "known" | "english">) => {
    if (seen.has(term.text)) return;
    seen.add(term.text);
    let known = false;
    for (const k of term.keys.keys()) {
      if (inArticle(k)) {
        known = true;
        break;
      }
    }
    const df = documentFrequency(term.keys, index);
    // A word the article never uses weighs as much as one it uses once: the question is about it.
    const english = term.text.split(" ").every((w) => lexicon.knows(w));
    const weight = idf(n, Math.max(df, 1));
    // Field by field, in the order a spread would give: spreading terms of two shapes is slow.
    const { text, position, keys, entity, number } = term;
    terms.push(
      entity === undefined
        ? { text, position, keys, number, known, english, weight }
        : { text, position, keys, entity, number, known, english, weight },
    );
  };

  const mentions = new Map(knowledge.mentions(tokens).map((m) => [m.from, m]));
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const mention = mentions.get(i);
    if (mention) {
      const words = tokens.slice(i, mention.to);
      const keys: KeyMap = new Map([[mention.entity.key, 1]]);
      for (const t of words)
        if (!isStopWord(t.norm, t.stem)) for (const k of analyzer.wordKeys(t.norm, t.stem)) put(keys, k, 1);
      add({
        text: words.map((t) => t.norm).join(" "),
        position: i,
        keys,
        entity: mention.entity.key,
        number: false,
      });
      i = mention.to - 1;
      continue;
    }
    if (token.number) {
      add({
        text: token.norm,
        position: i,
        keys: new Map(numberKeys(token).map((k) => [k, 1])),
        number: true,
      });
      continue;
    }
    if (isStopWord(token.norm, token.stem)) continue;
    const keys: KeyMap = new Map();
    const owner = possessor(tokens, i, analyzer);
    for (const k of analyzer.wordKeys(token.norm, token.stem)) {
      put(keys, k, 1);
      for (const { entity, of } of knowledge.ofKind(k)) {
        // "Globex's CEO" is not the CEO the article knows as "CEO of Acme".
        if (owner.size && of.size && !someIn(owner, of)) continue;
        put(keys, entity.key, KIND_QUALITY);
      }
    }
    // "not safe" asks about what is unsafe.
    for (const k of analyzer.negatedKeys(tokens, i)) put(keys, k, NEGATED_STRENGTH);
    relate(keys, token.norm);
    // "turned down" asks about what was refused: the phrasal verb's related words too.
    const phrase = analyzer.phraseAt(tokens, i);
    if (phrase) for (const [k, q] of relatedToLemma(phrase)) put(keys, k, q);
    // A word the article uses is matched as itself; only the others look for near words by vector.
    if (!hasArticleKey(keys, 1, index)) similar(keys, token.norm);
    add({ text: token.norm, position: i, keys, number: false });
  }
  return terms;
}

/** Keys of what a word is said of in the question: "X's word" or "word of (the) X". */
function possessor(tokens: Token[], i: number, analyzer: Analyzer): ReadonlySet<string> {
  const before = tokens[i - 1];
  let owner: Token[] = [];
  if (
    before &&
    /['’]s?$/.test(before.surface) &&
    !/^(?:it|that|what|who|there|here)['’]s$/i.test(before.surface)
  )
    owner = [before];
  else if (tokens[i + 1]?.norm === "of")
    owner = tokens.slice(i + 2, i + 4).filter((t) => !isStopWord(t.norm, t.stem));
  if (!owner.length) return NO_KEYS;
  const keys = new Set<string>();
  for (const m of analyzer.knowledge.mentions(owner)) keys.add(m.entity.key);
  for (const t of owner) for (const k of analyzer.wordKeys(t.norm, t.stem)) keys.add(k);
  return keys;
}

/** Whether any of `keys` is in `set`. */
function someIn(keys: ReadonlySet<string>, set: ReadonlySet<string>): boolean {
  for (const k of keys) if (set.has(k)) return true;
  return false;
}
