import type { Article } from "../types.js";
import { type Analyzer, type KeyMap, smallWordKey } from "./analyze.js";
import { type Expectation, expectationOf } from "./answer-type.js";
import { cleanChat, FILLERS } from "./chat.js";
import { createIntentClassifier, type Intent, instructsTheBot } from "./intent.js";
import { INTENTS, LIST_ITEM_WORDS, ORDINALS } from "./intents.js";
import { metaTexts } from "./meta.js";
import { fold, stemWord, type Token, tokenize } from "./normalize.js";
import type { SearchIndex } from "./retrieve.js";
import { CHANGED_LETTER, createCorrector, questionWordSlip, slipKind } from "./spelling.js";
import { isStopWord, STOP_WORDS } from "./stopwords.js";
import { type QueryTerm, termsOf } from "./terms.js";

/**
 * The first stage: what a question asks. The text loses chat markup and shorthand, misspelt
 * words are corrected, and then it is read three ways: its intent (a request, or a question),
 * the kind of answer it expects, and the terms it is about.
 */

export interface Query {
  /** The question as read: chat markup gone, spelling corrected, folded. */
  text: string;
  intent: Intent;
  expect: Expectation;
  /** What the question is about; for a request with a topic, what the topic is about. */
  terms: QueryTerm[];
  /** The tokens the terms were read from. */
  tokens: Token[];
  /**
   * The words of the question as asked that no term stands for, each by its own keys: small words
   * ("~not", "~other") and words that ask for a kind of answer ("stand"). Example questions are
   * matched by these too: "what do they want on X" is not "what does X stand for".
   */
  wording: KeyMap[];
  /** Keys of the word naming what a count counts, with its synonyms and the entities of that kind. */
  head: Set<string>;
  /** For a follow-up read with its thread, the passages quoted in the thread's last answer. */
  recent?: string[];
  /** The intents the question came near, for explaining. */
  nearIntents: () => { intent: string; score: number; unexplained: number }[];
}

/** What a number in a claim keeps of its weight. */
const CLAIMED_NUMBER_WEIGHT = 0.3;
/** Requests answered by where a passage stands, which a question asking for a number or a date is not. */
const STRUCTURAL = new Set([
  "opening",
  "closing",
  "articleOpening",
  "articleClosing",
  "demandsIntro",
  "sender",
  "addressee",
]);
/** Kinds of answer that are numbers or dates. */
const NUMERIC = new Set(["count", "amount", "number", "age", "duration", "date"]);

/** Words spelling correction may aim at besides the article's own: what requests and questions are made of. */
let requestWordsMemo: string[] | undefined;
function requestWords(): string[] {
  if (requestWordsMemo) return requestWordsMemo;
  const words = new Set<string>([
    ...STOP_WORDS,
    ...LIST_ITEM_WORDS,
    ...ORDINALS.keys(),
    "stand",
    "demand",
    "quote",
  ]);
  for (const definition of Object.values(INTENTS)) {
    for (const example of definition.examples)
      tokenize(example).forEach((t) => {
        words.add(t.norm);
      });
  }
  requestWordsMemo = [...words];
  return requestWordsMemo;
}

export type Understand = (question: string) => Query;

/** A question or an example question as read: chat markup and shorthand gone, misspelt words corrected. */
export interface Reading {
  /** Chat markup and shorthand gone, as typed otherwise (instructions are read from this). */
  cleaned: string;
  /** Spelling corrected too, folded, spaces collapsed. */
  text: string;
  /** The kind of answer it expects, and what it is about. */
  expect: Expectation;
  /** The words of what it is about, which its terms are read from. */
  tokens: Token[];
  /** Every word of it as asked, the small words and those that ask for a kind of answer too ("stand for"). */
  wording: Token[];
  /** Reads the words of another topic the same way (the topic of "quote the part about X"). */
  topicTokens: (topic: string) => Token[];
}

/** Reads a text the way every question is read, before its intent, kind of answer and terms. */
export type Reader = (text: string) => Reading;

/**
 * The reading every question, and every example question, goes through: chat cleaning, then
 * spelling, aimed at the article's words (its front matter's names included), the words requests
 * are made of, and then common English.
 */
export function createReader(article: Article, analyzer: Analyzer): Reader {
  const { lexicon, knowledge } = analyzer;
  // The names in the front matter (the author, the photographer, the entities) are words of the
  // article too, though no sentence says them: an author called "Dana" is no slip for "data".
  const frontMatterTokens = [
    ...metaTexts(article.meta).map((m) => m.text),
    ...article.meta.entities.flatMap((e) => [e.name, ...e.aliases]),
  ].flatMap((text) => tokenize(text));
  const frontMatterWords = frontMatterTokens.map((t) => t.norm);
  /** Words the article and its front matter write as names, capitalized inside a sentence. */
  const names = new Set(frontMatterTokens.filter((t) => t.capital && !t.number).map((t) => t.norm));
  /** Every word (folded spelling) of the article's sentences. */
  const words = new Set<string>();
  for (const s of article.sentences)
    tokenize(s.text).forEach((t, i) => {
      words.add(t.norm);
      if (i > 0 && t.capital && !t.number) names.add(t.norm);
    });
  const corrector = createCorrector(
    [...words, ...frontMatterWords, ...requestWords()],
    (word) => lexicon.knows(word) || FILLERS.has(word) || STOP_WORDS.has(word),
    (word) => lexicon.rank(word),
  );

  /** The text with each misspelt word replaced by its correction. */
  const correct = (text: string): string => {
    let out = "";
    let last = 0;
    const tokens = tokenize(text);
    const opening = tokens.findIndex((t) => !FILLERS.has(t.norm));
    // In A Question Written In Title Case, a capital says nothing of names.
    const inside = tokens.slice(1).filter((t) => !t.number);
    const titleCase = inside.filter((t) => t.capital).length * 2 >= inside.length;
    for (const t of tokens) {
      // Contractions read as two tokens over one span; both are words already.
      if (t.start < last || /['’]/.test(t.surface)) continue;
      // An acronym is corrected only to one of the article's words ("NRLB" to "NLRB").
      const acronym = /[A-Z]{2}/.test(t.surface);
      const fixed = t.number
        ? undefined
        : ((t === tokens[opening]
            ? questionWordSlip(t.norm, tokens[opening + 1]?.norm, lexicon.rank)
            : undefined) ?? corrector.correct(fold(t.surface), !acronym));
      if (!fixed) continue;
      // A correction never erases a word: an unknown word becomes a small word only by a likely
      // slip (letters swapped, dropped or added: "teh", "wat"), never by a changed letter, which
      // would make "div" into "did" and leave the rest to be read as something else.
      if (t !== tokens[opening] && STOP_WORDS.has(fixed) && slipKind(t.norm, fixed) === CHANGED_LETTER)
        continue;
      // A name written as one, inside a sentence, is corrected only to a word of the article, and
      // never to a small word: "Andy" is no slip for "and". A capital after a stop, a comma or a
      // greeting opens a sentence ("hey, Wat is it") and says nothing of names.
      const opens =
        /(?:^|[.!?:;,(\-–—"“]|\b(?:hi|hey|hello|yo|ok|okay|so|and|but|also|pls|please|lol))\s*$/i.test(
          text.slice(0, t.start),
        );
      const asName = t.capital && !opens && !titleCase;
      if (asName && (STOP_WORDS.has(fixed) || (!names.has(fixed) && !words.has(fixed)))) continue;
      out += text.slice(last, t.start) + fixed;
      last = t.end;
    }
    return out + text.slice(last);
  };

  const acronyms = new Set(
    knowledge.entities.filter((e) => e.standsFor).map((e) => fold(e.name).replace(/\./g, "")),
  );

  // "What did the Gazette find", "did the Gazette get a comment": the outlet, in a question
  // about what the article says, stands for the article.
  const outletName = new RegExp(
    `\\b${fold(article.meta.outlet).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`,
    "g",
  );

  /** Reads a topic: the article's outlet stands for the article, and chat fillers say nothing. */
  const topicTokens = (topic: string) =>
    tokenize(topic.replace(outletName, "the article")).filter((t) => !FILLERS.has(t.norm));

  return (question) => {
    const cleaned = cleanChat(question);
    const text = fold(correct(cleaned)).replace(/\s+/g, " ").trim();
    const expect = expectationOf(text, acronyms);
    return {
      cleaned,
      text,
      expect,
      tokens: topicTokens(expect.text),
      wording: topicTokens(expect.asked),
      topicTokens,
    };
  };
}

export function createUnderstanding(
  article: Article,
  analyzer: Analyzer,
  index: SearchIndex,
  read: Reader = createReader(article, analyzer),
): Understand {
  const { lexicon, knowledge } = analyzer;
  const classifier = createIntentClassifier(analyzer, index, article.meta);
  /** A word's own keys and those of its synonyms and derived forms, and the entities it is a kind of. */
  const headKeys = (word: string | undefined): Set<string> => {
    const keys = new Set<string>();
    const token = word ? tokenize(word)[0] : undefined;
    if (!token) return keys;
    for (const k of analyzer.wordKeys(token.norm, token.stem)) {
      keys.add(k);
      for (const { entity } of knowledge.ofKind(k)) keys.add(entity.key);
    }
    for (const lemma of lexicon.lemmas(token.norm)) {
      for (const { word: other, relation, minor } of lexicon.related(lemma)) {
        if (minor || (relation !== "synonym" && relation !== "derived")) continue;
        for (const k of analyzer.wordKeys(other, stemWord(other))) keys.add(k);
      }
    }
    return keys;
  };

  return (question) => {
    const { cleaned, text, expect, ...reading } = read(question);
    // Instructions are read as written: spelling would make "debug mode" into "debut mode".
    const classified: Intent = instructsTheBot(fold(cleaned))
      ? { kind: "request", name: "elsewhere" }
      : expect.claim
        ? classifier.classify(expect.text, true)
        : classifier.classify(text);
    // "How many nurses signed off on it": a number is asked for, not the passage a request returns.
    const structural = classified.kind === "request" && STRUCTURAL.has(classified.name);
    // "Did they ask for a meeting?": a yes/no question about one thing the letter asks is that question.
    const narrowed = expect.yesNo && classified.kind === "request" && classified.name === "demands";
    const leftover = () =>
      (classifier.candidates(text).find((c) => c.intent === "demands")?.unexplained ?? 0) > 0;
    const intent: Intent =
      structural && NUMERIC.has(expect.type)
        ? { kind: "question" }
        : narrowed && leftover()
          ? { kind: "question", hint: "demands" }
          : classified;
    // "Quote the part about X" asks about X: its words are the question's, and all of its wording.
    const topical = intent.kind === "quote" || intent.kind === "find";
    const tokens = topical ? reading.topicTokens(intent.topic) : reading.tokens;
    const terms = termsOf(tokens, analyzer, index);
    // A claim's numbers are what may be wrong in it ("over 2,000 signed"): they weigh little.
    if (expect.claim) for (const t of terms) if (t.number) t.weight *= CLAIMED_NUMBER_WEIGHT;
    // "Who is the CEO": the answer must say "CEO" beside a name, not merely name someone who is one.
    if (["person", "name", "instance"].includes(expect.type)) {
      const focus = new Set(expect.focus);
      for (const t of terms) {
        if (t.entity || !t.text.split(" ").some((w) => focus.has(w))) continue;
        for (const k of [...t.keys.keys()]) if (k.startsWith("@")) t.keys.delete(k);
      }
    }
    return {
      text,
      intent,
      expect,
      terms,
      tokens,
      head: headKeys(expect.head),
      wording: unitsOf(topical ? tokens : reading.wording, terms, analyzer),
      nearIntents: () => classifier.candidates(text),
    };
  };
}

/** The keys of each word of `wording` that none of the terms stands for. */
function unitsOf(wording: Token[], terms: QueryTerm[], analyzer: Analyzer): KeyMap[] {
  const units: KeyMap[] = [];
  for (const t of wording) {
    if (t.number) continue;
    if (isStopWord(t.norm, t.stem)) {
      units.push(new Map([[smallWordKey(t.norm), 1]]));
      continue;
    }
    const keys = analyzer.wordKeys(t.norm, t.stem);
    if (terms.some((term) => keys.some((k) => term.keys.get(k) === 1))) continue;
    units.push(new Map(keys.map((k) => [k, 1])));
  }
  return units;
}
