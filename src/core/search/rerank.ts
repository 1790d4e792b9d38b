import type { KeyMap } from "./analyze.js";
import type { ExampleEvidence } from "./examples.js";
import type { Knowledge } from "./knowledge.js";
import { fold, stemWord, type Token } from "./normalize.js";
import { CONTEXT_STRENGTH, type Doc, type SearchIndex } from "./retrieve.js";
import type { QueryTerm } from "./terms.js";
import type { Query } from "./understand.js";

/**
 * The third stage: scores the retrieved sentences. The core measure is coverage, the share of
 * the question's ideas a sentence holds, each weighted by how informative it is. Then the
 * evidence for the kind of answer asked for: a "how many" question needs a number that counts
 * the thing asked about, a "when" question a date, a "who" question a name the question does
 * not already give, "what does X stand for" the words X stands for. BM25 breaks ties, and long
 * sentences pay a little so quotes stay focused.
 */

/** Share of the score that comes from MiniSearch's BM25 ranking. */
const BM25_WEIGHT = 0.1;
/** Bonus for a sentence that holds the kind of answer asked for. */
const TYPE_BONUS = 0.2;
/** Bonus for a sentence of the section a question's hint points to (the demands). */
const HINT_BONUS = 0.15;
/** Sentences longer than this pay a length penalty. */
const FOCUSED_LENGTH = 220;
/** Penalty per `FOCUSED_LENGTH` characters beyond it. */
const LENGTH_PENALTY = 0.08;
/** How well a word must match to be said to be in the sentence. */
const HELD = 0.75;
/** Tokens between a number and the thing it counts ("2,000 children", "40 civil rights organizations"). */
const COUNT_WINDOW = 4;
/** Words that may stand between "by" and the number it introduces: "by nearly 70 groups". */
const APPROXIMATELY = new Set(
  "about almost around nearly over roughly some more than at least just".split(" "),
);
/** An amount of money or a share. */
const AMOUNT = /[$€£]\s?\d|\d\s?(?:%|percent\b|per cent\b)|\b(?:million|billion|trillion)\b|\bdollars?\b/i;
/** How old someone or something is. */
const AGE = /\b\d+[- ]years?[- ]old\b|\baged? \d+\b|\b\d+[- ]year[- ]history\b/i;
/** How long something has lasted. */
const DURATION =
  /\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|several|many)[- ](?:years?|months?|weeks?|days?|decades?|hours?)\b|\bsince\b/i;
/** Tokens between a name and the word it is said of ("software company Acme"). */
const NAME_WINDOW = 4;

export interface Scored {
  doc: Doc;
  /** Weighted share of the question's terms the sentence holds, 0 to 1. */
  coverage: number;
  /** Per term, parallel to the query's terms, how well the sentence's own text matches it. */
  quality: number[];
  /** Per term, how well the sentence or its paragraph matches it. */
  reach: number[];
  /** Whether it holds the kind of answer the question expects (always true when any kind will do). */
  typed: boolean;
  /** How well the question matches the best example question filed under this sentence, 0 to 1. */
  example: number;
  /** How many of its example questions the question matches, as one figure (`ExampleEvidence.support`). */
  support: number;
  score: number;
}

/** How well a key map matches a term: the best key's quality times its strength in the text. */
export function matchQuality(term: QueryTerm, keys: KeyMap): number {
  let best = 0;
  // Walk the smaller map: a token has a key or two, a term may have dozens.
  // Keys only, not entries: no pair is made per key.
  if (keys.size < term.keys.size) {
    for (const k of keys.keys()) {
      const q = term.keys.get(k);
      const strength = keys.get(k) as number;
      if (q !== undefined && q * strength > best) best = q * strength;
    }
    return best;
  }
  for (const k of term.keys.keys()) {
    const strength = keys.get(k);
    const q = term.keys.get(k) as number;
    if (strength !== undefined && q * strength > best) best = q * strength;
  }
  return best;
}

/** Token positions in the sentence that hold any of the terms (not merely something near them). */
function positionsOf(doc: Doc, terms: QueryTerm[]): number[] {
  const at: number[] = [];
  const { tokenKeys } = doc.analyzed;
  // Plain loops: a closure per token made garbage for every sentence weighed.
  for (let i = 0; i < tokenKeys.length; i++) {
    const keys = tokenKeys[i] as KeyMap;
    for (const t of terms) {
      if (matchQuality(t, keys) >= HELD) {
        at.push(i);
        break;
      }
    }
  }
  return at;
}

/** The terms read from some of the question's words (its focus). */
function focusTerms(query: Query): QueryTerm[] {
  const focus = new Set(query.expect.focus.map(fold));
  return query.terms.filter((t) => t.text.split(" ").some((w) => focus.has(w)));
}

/** A value made at its first use and kept. */
function once<T>(make: () => T): () => T {
  let made = false;
  let value: T | undefined;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value as T;
  };
}

/**
 * What the evidence checks read from the question, the same for every sentence weighed: each
 * part is worked out at its first need, once per ranking.
 */
interface Asked {
  query: Query;
  knowledge: Knowledge;
  /** Entities the question names itself. */
  named: () => Set<string>;
  /** Stems of the question's words. */
  stems: () => Set<string>;
  /** The terms read from the question's focus. */
  focus: () => QueryTerm[];
  /** Kinds of the entities the focus names ("company" for "Acme"). */
  focusKinds: () => Set<string>;
  /** Entities of the kind a "which"/"name" question asks for, by what the article knows they are. */
  ofKindAsked: () => Set<string>;
  /** The terms naming who a question asks to have said something. */
  speakerTerms: () => QueryTerm[];
  /** What the acronym asked about stands for, when the article says. */
  standsFor: () => string | undefined;
}

function askedOf(query: Query, knowledge: Knowledge): Asked {
  const focus = once(() => focusTerms(query));
  return {
    query,
    knowledge,
    named: once(() => new Set(query.terms.flatMap((t) => (t.entity ? [t.entity] : [])))),
    stems: once(() => new Set(query.tokens.map((t) => t.stem))),
    focus,
    focusKinds: once(
      () =>
        new Set(
          focus().flatMap((t) =>
            knowledge.entities.filter((e) => e.key === t.entity).flatMap((e) => [...e.kinds]),
          ),
        ),
    ),
    ofKindAsked: once(() => {
      // Walked in place: spreading every term's keys and every entity's kinds made arrays per question.
      const kinds = new Set<string>();
      for (const t of focus())
        t.keys.forEach((q, k) => {
          if (q >= 0.75) kinds.add(k);
        });
      const found = new Set<string>();
      if (!kinds.size) return found;
      for (const e of knowledge.entities) {
        for (const k of e.kinds) {
          if (kinds.has(k)) {
            found.add(e.key);
            break;
          }
        }
      }
      return found;
    }),
    speakerTerms: once(() => {
      const who = new Set(query.expect.speaker);
      return query.terms.filter((t) => t.text.split(" ").some((w) => who.has(w)));
    }),
    standsFor: once(() => {
      const acronym = fold(query.expect.focus[0] ?? "").replace(/\./g, "");
      const entity = knowledge.entities.find((e) => fold(e.name).replace(/\./g, "") === acronym);
      return entity?.standsFor;
    }),
  };
}

/** Nouns for things known by their names: "which agency" asks for a name, "which children" does not. */
const NAMED_KINDS = new Set(
  `person people man woman figure official leader executive company companies firm business organization
  organisation group agency department bureau government country state city town place outlet newspaper
  paper site website publication magazine network university school court party team brand product
  hospital clinic union council committee board bank store airline app platform software program
  project campaign law bill`
    .split(/\s+/)
    .filter(Boolean)
    .map(stemWord),
);

/** Whether a term names a kind of thing known by name, in general English or in the article's knowledge. */
function namesThings(term: QueryTerm, knowledge: Knowledge): boolean {
  return [...term.keys].some(([k, q]) => q >= 0.75 && (NAMED_KINDS.has(k) || knowledge.ofKind(k).length > 0));
}

/** Names in the sentence the question does not give itself (a name it only describes, "the CEO", is new). */
function newNamesIn(doc: Doc, asked: Asked): number[] {
  const { tokens, entityAt } = doc.analyzed;
  const named = asked.named();
  const stems = asked.stems();
  return doc.names.filter((i) => {
    const entity = entityAt[i];
    if (entity) return !named.has(entity);
    return !stems.has((tokens[i] as Token).stem);
  });
}

/** Whether any key of a token's key map is among `keys`. */
function anyKeyIn(map: KeyMap, keys: Set<string>): boolean {
  for (const k of map.keys()) if (keys.has(k)) return true;
  return false;
}

/** Whether the sentence holds the kind of answer the question expects. */
function holdsAnswer(doc: Doc, asked: Asked): boolean {
  const { query, knowledge } = asked;
  const { type } = query.expect;
  const { tokens, entityAt } = doc.analyzed;
  switch (type) {
    case "count":
      // The number must count the thing asked about: "nearly 2,000 children", not "70 groups and shareholders".
      return doc.counts.some((at) => {
        if (!query.head.size) return true;
        const counted = (i: number) => anyKeyIn(doc.analyzed.tokenKeys[i] as KeyMap, query.head);
        for (let i = at + 1; i <= at + COUNT_WINDOW && i < tokens.length; i++) {
          if (counted(i)) return true;
          // "and", "of", "to": the phrase the number counts has ended.
          if (!doc.analyzed.tokenKeys[i]?.size) break;
        }
        // "signed by 1,312 nurses" counts signatures: the deed, then "by" and how many did it.
        let i = at - 1;
        while (i > 0 && APPROXIMATELY.has((tokens[i] as Token).norm)) i--;
        return tokens[i]?.norm === "by" && counted(i - 1);
      });
    case "amount":
      return AMOUNT.test(doc.passage.text);
    case "number":
      return doc.counts.length > 0 || doc.dated;
    case "date":
      return doc.dated || doc.roughlyDated;
    case "person": {
      const focus = asked.focus();
      if (!focus.length) return newNamesIn(doc, asked).length > 0;
      // "Who is <a name>": the passage that names them says who they are.
      if (focus.every((t) => t.entity || !t.english))
        return focus.every((t) => matchQuality(t, doc.analyzed.keys) >= 0.75);
      // "Who are the <people described>": the passage that says who they are ("X, who …").
      if (defines(doc, asked)) return true;
      // "Who is the CEO of X": a name beside the words that describe the one asked about.
      const near = positionsOf(doc, focus);
      return newNamesIn(doc, asked).some((n) => near.some((p) => Math.abs(p - n) <= NAME_WINDOW));
    }
    case "age":
      return AGE.test(doc.passage.text);
    case "duration":
      return DURATION.test(doc.passage.text) || doc.dated;
    case "name":
    case "instance": {
      const focus = asked.focus();
      // "Which children": any passage about them may say which; "which agency": one must be named.
      if (type === "instance" && !focus.some((t) => namesThings(t, knowledge))) return true;
      if (!focus.length) return newNamesIn(doc, asked).length > 0;
      // One of the kind asked for, by what the article knows it is, or a name beside the kind's word.
      const ofKind = asked.ofKindAsked();
      if (entityAt.some((e) => e !== undefined && ofKind.has(e) && !query.terms.some((t) => t.entity === e)))
        return true;
      const near = positionsOf(doc, focus);
      return newNamesIn(doc, asked).some((n) => near.some((p) => Math.abs(p - n) <= NAME_WINDOW && p !== n));
    }
    case "expansion": {
      const standsFor = asked.standsFor();
      return !!standsFor && fold(doc.passage.text).includes(fold(standsFor));
    }
    default:
      return true;
  }
}

// An appositive or relative clause after a name ("X, a powerful …", "X -- who …") defines it.
// Sticky: it is tried where a word ends (`lastIndex`), with no copy of the rest of the sentence.
const DEFINES_AFTER =
  /\s*(?:(?:,|\(|--|—|–)\s*(?:a|an|the|which|who|whose)\b|\s(?:is|are|was|were)\s+(?:a|an|the)\b)/iy;
/** Words that give a reason or a purpose. */
const BECAUSE =
  /\b(?:because|since|so that|in order to|given that|as a result|therefore|due to|which is why)\b/i;

/** Whether the sentence says what the question's focus is: "X, a …", "X, who …", "the <kind> X". */
function defines(doc: Doc, asked: Asked): boolean {
  const kinds = asked.focusKinds();
  const { tokens } = doc.analyzed;
  return positionsOf(doc, asked.focus()).some((i) => {
    DEFINES_AFTER.lastIndex = (tokens[i] as Token).end;
    if (DEFINES_AFTER.test(doc.passage.text)) return true;
    // "the <kind> X": the kind among the three words before.
    for (let b = Math.max(0, i - 3); b < i; b++) if (kinds.has((tokens[b] as Token).stem)) return true;
    return false;
  });
}

/** Words that report what someone said, or that they said nothing. */
const SPEECH =
  /\b(?:said|says|say|told|tells|statement|comment|commented|declined|respond|responded|response|replied|reply|spokesperson|spokesman|spokeswoman|added|according to|defended|argued|confirmed|denied)\b/i;

/** Evidence beyond the kind of answer: a sentence that defines what is asked about, gives reasons, or says what the one asked about said. */
function bonusFor(doc: Doc, asked: Asked): number {
  const { query } = asked;
  const { type, speaker } = query.expect;
  // "How did Acme respond": a sentence that names Acme and reports what it said, or that it said nothing.
  if (speaker && SPEECH.test(doc.passage.text)) {
    const terms = asked.speakerTerms();
    if (terms.length && positionsOf(doc, terms).length) return TYPE_BONUS;
  }
  if (type === "person" && query.expect.focus.length) {
    // "Who is the CEO of X": a name right beside the words that describe the one asked about.
    const near = positionsOf(doc, asked.focus());
    const named = asked.named();
    const beside = doc.names.some(
      (n) => !named.has(doc.analyzed.entityAt[n] ?? "") && near.some((p) => Math.abs(p - n) <= 2 && p !== n),
    );
    if (beside) return TYPE_BONUS;
  }
  if (type === "definition" || (type === "person" && query.expect.focus.length)) {
    return defines(doc, asked) ? TYPE_BONUS : 0;
  }
  if (type === "reason") {
    const reasoning = doc.passage.speaker === "employees" && doc.passage.section !== "demands";
    return (reasoning ? TYPE_BONUS / 2 : 0) + (BECAUSE.test(doc.passage.text) ? TYPE_BONUS / 2 : 0);
  }
  return 0;
}

/** The postings of a key no sentence carries. */
const NO_POSTINGS: readonly number[] = [];

/**
 * Per term, each sentence's match in its own text and in its paragraph, through the postings:
 * term `i`'s match for the sentence at `at` is at `i * docs + at` (one array for all terms).
 */
function matches(terms: QueryTerm[], index: SearchIndex): { own: Float64Array; context: Float64Array } {
  const n = index.docs.length;
  const own = new Float64Array(terms.length * n);
  const context = new Float64Array(terms.length * n);
  terms.forEach((t, i) => {
    const row = i * n;
    t.keys.forEach((q, k) => {
      for (const at of index.postings.get(k) ?? NO_POSTINGS) {
        const v = q * ((index.docs[at] as Doc).analyzed.keys.get(k) ?? 0);
        if (v > (own[row + at] as number)) own[row + at] = v;
      }
      for (const at of index.contextPostings.get(k) ?? NO_POSTINGS) {
        const v = q * ((index.docs[at] as Doc).context.get(k) ?? 0);
        if (v > (context[row + at] as number)) context[row + at] = v;
      }
    });
  });
  return { own, context };
}

/**
 * How much a sentence's place in the article counts, from nothing for the first to this for the
 * last: a news report puts its main facts first, so of two sentences that answer alike, the
 * earlier is the one the report stands behind ("signed by 1,312 nurses", not a campaign it recalls).
 */
const READING_ORDER_WEIGHT = 0.05;

/** How many of the best-covering sentences are weighed for the kind of answer and its evidence. */
const WEIGHED = 12;

/** How much the best example filed under a sentence adds to its score, at a perfect match. */
const EXAMPLE_WEIGHT = 1.5;
/** How much the support of a sentence's examples adds to its score, at full support. */
const SUPPORT_WEIGHT = 2;

/** Scores the retrieved sentences, best first, with what the examples filed under each say. */
export function rerank(
  query: Query,
  index: SearchIndex,
  bm25: Map<number, number>,
  knowledge: Knowledge,
  examples: ExampleEvidence,
): Scored[] {
  const { terms } = query;
  let total = 0;
  for (const t of terms) total += t.weight;
  if (total <= 0) return [];
  const hint = query.intent.kind === "question" ? query.intent.hint : undefined;
  const { own, context } = matches(terms, index);
  const n = index.docs.length;
  const covered: Scored[] = [];
  for (const at of bm25.keys()) {
    const doc = index.docs[at] as Doc;
    // Sized up front: an array grown by pushing keeps room for many more terms than a question has.
    const quality = new Array<number>(terms.length);
    const reach = new Array<number>(terms.length);
    let sum = 0;
    for (let i = 0; i < terms.length; i++) {
      const q = own[i * n + at] as number;
      const r = Math.max(q, CONTEXT_STRENGTH * (context[i * n + at] as number));
      quality[i] = q;
      reach[i] = r;
      sum += (terms[i] as QueryTerm).weight * r;
    }
    const coverage = sum / total;
    const example = examples.passages.get(at) ?? 0;
    const support = examples.support.get(at) ?? 0;
    if (coverage <= 0 && example <= 0) continue;
    const overLength = Math.max(0, doc.passage.text.length - FOCUSED_LENGTH) / FOCUSED_LENGTH;
    const score =
      coverage +
      BM25_WEIGHT * (bm25.get(at) ?? 0) +
      (hint === "demands" && doc.passage.section === "demands" ? HINT_BONUS : 0) -
      LENGTH_PENALTY * overLength -
      READING_ORDER_WEIGHT * (at / index.docs.length) +
      EXAMPLE_WEIGHT * example +
      SUPPORT_WEIGHT * support;
    covered.push({ doc, coverage, quality, reach, typed: false, example, support, score });
  }
  covered.sort((a, b) => b.score - a.score);
  // The kind of answer and other evidence can lift a sentence by at most two bonuses: only those
  // that could still reach the top are weighed.
  const weighed = covered.slice(0, WEIGHED);
  const asked = askedOf(query, knowledge);
  for (const s of weighed) {
    s.typed = holdsAnswer(s.doc, asked);
    s.score += (s.typed && query.expect.type !== "any" ? TYPE_BONUS : 0) + bonusFor(s.doc, asked);
  }
  return [...weighed.sort((a, b) => b.score - a.score), ...covered.slice(WEIGHED)];
}
