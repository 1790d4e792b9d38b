import { toQuote } from "../content/quote.js";
import { LIMITS } from "../input.js";
import type { Article, Passage, Quote } from "../types.js";
import { type Analyzer, createAnalyzer } from "./analyze.js";
import { exampleSetOf } from "./compiled.js";
import {
  decide,
  EXAMPLE_ANSWER,
  EXAMPLE_DECISIVE,
  EXAMPLE_NEAR,
  type Reason,
  unansweredByExamples,
} from "./decide.js";
import {
  type ExampleEvidence,
  LEARNED_WEIGHT,
  matchExamples,
  weighExamples,
  withLearned,
} from "./examples.js";
import type { Intent } from "./intent.js";
import { INTENTS, type MetaSlot } from "./intents.js";
import { buildKnowledge } from "./knowledge.js";
import { type Lexicon, NO_LEXICON } from "./lexicon.js";
import { metaTexts } from "./meta.js";
import {
  demandAnswer,
  factAnswer,
  mergeQuotes,
  metaAnswer,
  type Request,
  type RequestAnswer,
  requestAnswer,
} from "./requests.js";
import { matchQuality, rerank, type Scored } from "./rerank.js";
import {
  analyzeExamples,
  buildIndex,
  type Doc,
  type ExampleIndex,
  type ExampleSet,
  type ExampleTarget,
  indexExamples,
  NO_EXAMPLE_SET,
  retrieve,
} from "./retrieve.js";
import type { QueryTerm } from "./terms.js";
import { alsoOf, followUpOf, HISTORY_WEIGHTS, type ThreadTurn, withHistory } from "./thread.js";
import { createReader, createUnderstanding, type Query, type Reader } from "./understand.js";
import { verdictOf } from "./verdict.js";

/**
 * The answer engine, one way through: understand (what is asked) → retrieve (the sentences its
 * words reach, through MiniSearch) → rerank (coverage, the kind of answer, evidence) → decide
 * (answer, closest match, or decline). Requests recognised in the first stage (the demands, a
 * summary, facts about the article) are answered from the article's structure instead.
 */

/** What the engine found for a question: quotes best first, or an honest "not covered". */
export interface Answer {
  /** Whether the article answers it: false for the closest match and for a decline. */
  answered: boolean;
  /** An answer, the closest passage offered in place of one, or nothing. */
  match: "answer" | "closest" | "none";
  /** Why it was answered, offered as closest, or declined. */
  reason: Reason | "request";
  quotes: Quote[];
  /** Answers from the article's metadata (byline, outlet, dates), which is not quotable text. */
  facts?: string[];
  /** Set when the quotes are the letter's demands, in order, so they can be shown as a numbered list. */
  list?: "demands";
  /** Set when the question was a request a `/letter` command also answers. */
  request?: Request;
  /** For a claim, where the quoted passage gives another number, date or name for the same thing. */
  verdict?: string;
  /** For a follow-up read with its thread, what the thread filled in ("Acme"). */
  about?: string;
}

export type { Request, ThreadTurn };

/**
 * Questions the members of one workspace confirmed a passage answers, read and indexed for
 * matching beside the article's own example questions. Made by `AnswerEngine.learn`.
 */
export interface LearnedExamples {
  /** How many questions it holds. */
  readonly size: number;
  readonly index: ExampleIndex;
}

/** A question and the passage (by id) that answers it. */
export interface LearnedPair {
  question: string;
  passage: string;
}

/** Where a question is asked: its thread's earlier turns, and what its workspace has learned. */
export interface AskContext {
  /** The earlier questions of its thread, oldest first, with what was quoted for each. */
  thread?: readonly ThreadTurn[];
  /** The questions its workspace confirmed; they weigh below the article's own examples. */
  learned?: LearnedExamples;
}

/** Answers questions about one article. */
export interface AnswerEngine {
  /** The best quote for `question` and up to `limit - 1` more that add something. */
  ask(question: string, limit?: number, context?: AskContext): Answer;
  /**
   * Reads confirmed questions as example questions of their passages. Costs memory in
   * proportion to their number: the article's index is shared, never copied.
   */
  learn(pairs: readonly LearnedPair[]): LearnedExamples;
  /** The passages that best match `words`, at most `limit`. */
  search(words: string, limit?: number): Quote[];
  /** How a question was read and ranked, stage by stage, for maintainers tuning content. */
  explain(question: string): Explanation;
}

/** The trace of one question through the engine. */
export interface Explanation {
  text: string;
  intent: Intent;
  nearIntents: { intent: string; score: number; unexplained: number }[];
  expects: string;
  claim: boolean;
  terms: { text: string; weight: number; known: boolean; keys: string[] }[];
  ranked: {
    id: string;
    coverage: number;
    score: number;
    typed: boolean;
    example: number;
    quality: number[];
    text: string;
  }[];
  /** The example questions it matched best, with what answers each. */
  examples: { text: string; answeredBy: string; match: number }[];
  answer: Answer;
}

export interface EngineOptions {
  /** General English word knowledge; without it only the article's own words match. */
  lexicon?: Lexicon;
  /** Told of an error inside the engine, which then answers as if the article did not say. */
  onError?: (err: unknown) => void;
}

/** Quotes `ask` returns when no limit is given. */
const DEFAULT_ASK_LIMIT = 3;
/** Passages `search` returns when no limit is given. */
const DEFAULT_SEARCH_LIMIT = 5;
/** Least share of a question a front-matter value must cover to answer it ("is the photo from a news agency?"). */
const META_COVERAGE = 0.6;
/** How well a word must match a value or sentence to be said to be in it, not merely near it. */
const HOLDS = 0.75;

const NONE: Answer = { answered: false, match: "none", reason: "no-topic", quotes: [] };

/** No learned questions. */
export const NO_LEARNED: LearnedExamples = { size: 0, index: indexExamples(NO_EXAMPLE_SET) };

/** What the passage a follow-up's thread last quoted counts for, as the match of an example of it would. */
const RECENT_MATCH = 0.45;

/** Past the bot's own limit the rest of a question is ignored, so a huge input cannot slow the engine. */
const clip = (question: string) => String(question ?? "").slice(0, LIMITS.maxInputLength);

/** The words of a sentence (as spelled in it) that match any of the terms, in reading order. */
function matchedWords(doc: Doc | undefined, terms: QueryTerm[]): string[] {
  if (!doc) return [];
  const words: string[] = [];
  doc.analyzed.tokens.forEach((t, i) => {
    const keys = doc.analyzed.tokenKeys[i];
    if (keys && terms.some((term) => matchQuality(term, keys) > 0) && !words.includes(t.surface))
      words.push(t.surface);
  });
  return words;
}

/** The article's example questions, each read the way a question is, with what answers it. */
function readExamples(article: Article, read: Reader, analyzer: Analyzer): ExampleSet {
  const { faq } = article;
  if (!faq) return NO_EXAMPLE_SET;
  const at = new Map(article.sentences.map((s, i) => [s.id, i]));
  const example = (text: string, target: ExampleTarget) => {
    const reading = read(text);
    return { text, target, wording: reading.wording, type: reading.expect.type };
  };
  return analyzeExamples(
    [
      ...faq.answers.flatMap(({ target, questions }) => {
        const to: ExampleTarget =
          target.kind === "fact" ? target : { kind: "passage", at: at.get(target.id) as number };
        return questions.map((q) => example(q.text, to));
      }),
      ...faq.unanswered.map((q) => example(q.text, { kind: "unanswered" })),
    ],
    analyzer,
  );
}

/** The article's example questions, read and analyzed as the engine built for it reads them. */
export function readExampleSet(article: Article, lexicon: Lexicon = NO_LEXICON): ExampleSet {
  const analyzer = createAnalyzer(lexicon, buildKnowledge(article));
  return readExamples(article, createReader(article, analyzer), analyzer);
}

/** Builds the engine's index over the article's sentences and its example questions. */
export function createAnswerEngine(article: Article, options: EngineOptions = {}): AnswerEngine {
  const knowledge = buildKnowledge(article);
  const analyzer = createAnalyzer(options.lexicon ?? NO_LEXICON, knowledge);
  const read = createReader(article, analyzer);
  // Compiled beside the examples file, the examples need no reading again.
  const examples = article.faqCompiled
    ? exampleSetOf(article.faqCompiled, article)
    : readExamples(article, read, analyzer);
  const index = buildIndex(article, analyzer, examples);
  const understand = createUnderstanding(article, analyzer, index, read);

  const quoteOf = (passage: Passage, terms: QueryTerm[] = []): Quote =>
    toQuote(passage, matchedWords(index.byId.get(passage.id), terms));
  /** An answer made of a request's passages and facts. */
  const fromRequest = (found: RequestAnswer | undefined): Answer => {
    if (!found) return { ...NONE, reason: "not-covered" };
    const { passages, facts, list, request } = found;
    const answered = passages.length > 0 || (facts?.length ?? 0) > 0;
    return {
      ...(answered
        ? { answered: true, match: "answer" as const }
        : { answered: false, match: "none" as const }),
      reason: "request",
      quotes: passages.map((p) => quoteOf(p)),
      ...(facts?.length ? { facts } : {}),
      ...(list ? { list } : {}),
      ...(request ? { request } : {}),
    };
  };

  /** Every quotable passage by id: the sentences, and the paragraphs some replies quote whole. */
  const passageById = new Map<string, Passage>(
    [...article.paragraphs, ...article.sentences].map((p) => [p.id, p]),
  );
  /** The position of a passage's sentence; a paragraph quoted whole counts by its first. */
  const firstSentenceOf = (id: string | undefined): number | undefined => {
    const passage = passageById.get(id ?? "");
    const sentence = passage && article.sentences.find((s) => s.start >= passage.start);
    return sentence ? index.byId.get(sentence.id)?.at : undefined;
  };

  /**
   * A follow-up's thread is evidence too: the passage its last answer quoted counts as if an
   * example of it matched at `RECENT_MATCH` ("by whom?" after "how many children were sent").
   */
  const withRecent = (examples: ExampleEvidence, recent: string[] | undefined): ExampleEvidence => {
    const first = firstSentenceOf(recent?.[0]);
    if (first === undefined || (examples.passages.get(first) ?? 0) >= RECENT_MATCH) return examples;
    const passages = new Map(examples.passages).set(first, RECENT_MATCH);
    return { ...examples, passages, answered: Math.max(examples.answered, RECENT_MATCH) };
  };

  /** Every key of a query's terms, with its best quality. */
  const keysOf = (query: Query): Map<string, number> => {
    const keys = new Map<string, number>();
    for (const t of query.terms)
      t.keys.forEach((q, k) => {
        keys.set(k, Math.max(q, keys.get(k) ?? 0));
      });
    return keys;
  };

  /** The sentences ranked for a query, and what the example questions, the learned too, say of it. */
  const ranked = (
    query: Query,
    learned: LearnedExamples = NO_LEARNED,
  ): { candidates: Scored[]; examples: ExampleEvidence; lifted: boolean } => {
    const keys = keysOf(query);
    const reached = retrieve(index, keys);
    const filed = withRecent(weighExamples(query, index), query.recent);
    // A sentence an example of it matches is a candidate, whatever words it shares with the question.
    for (const at of filed.passages.keys()) if (!reached.has(at)) reached.set(at, 0);
    // A learned example only weighs for a candidate: alone, it makes none.
    const examples = learned.size
      ? withLearned(filed, weighExamples(query, index, learned.index, LEARNED_WEIGHT), reached)
      : filed;
    const lifted = examples !== filed;
    return { candidates: rerank(query, index, reached, knowledge, examples), examples, lifted };
  };

  /**
   * The front-matter value a question is about, when it covers the question better than any
   * sentence: "who is <the photographer>", "does <the author> cover <his expertise>".
   */
  const metaValues = metaTexts(article.meta).map((m) => ({ ...m, keys: analyzer.analyze(m.text).keys }));
  /** The words people use for a part of the front matter ("photo", "took", "credit"), read at first need. */
  const slotKeys = new Map<MetaSlot, Set<string>>();
  const wordsFor = (slot: MetaSlot): Set<string> => {
    let keys = slotKeys.get(slot);
    if (!keys) {
      keys = new Set(INTENTS[slot].examples.flatMap((e) => [...analyzer.analyze(e).keys.keys()]));
      slotKeys.set(slot, keys);
    }
    return keys;
  };
  const authorKeys = metaValues.find((m) => m.slot === "author")?.keys ?? new Map<string, number>();
  /**
   * The slots that answer a question about the front matter. "What else does the reporter cover",
   * "is the writer still there": a question about the author that asks more than who they are is
   * answered with what the article says of them, not only their name.
   */
  const slotsFor = (slots: MetaSlot[], query: Query): MetaSlot[] => {
    if (!slots.includes("author") || query.expect.type === "person") return slots;
    const byline = wordsFor("author");
    const more = query.terms.some(
      (t) => ![...t.keys.keys()].some((k) => byline.has(k)) && matchQuality(t, authorKeys) < HOLDS,
    );
    return more ? slots.map((s) => (s === "author" ? "authorBio" : s)) : slots;
  };
  const aboutMeta = (query: Query, ranked: Scored[]) => {
    let total = 0;
    for (const t of query.terms) total += t.weight;
    const best = ranked[0]?.coverage ?? 0;
    // Only a value holding a word no sentence holds is what the question is about.
    const inBody = query.terms.map((_, i) => ranked.some((s) => (s.quality[i] ?? 0) >= HOLDS));
    let found: { slot: (typeof metaValues)[number]["slot"]; coverage: number } | undefined;
    for (const m of metaValues) {
      let covered = 0;
      let own = false;
      query.terms.forEach((t, i) => {
        if (matchQuality(t, m.keys) < HOLDS) return;
        covered += t.weight;
        if (!inBody[i]) own = true;
      });
      const coverage = total && own ? covered / total : 0;
      // A question that names nothing of this part of the front matter but a value in it ("who founded
      // <the agency of the photo credit>") is about that value, and must be covered whole.
      if (coverage < META_COVERAGE || coverage <= best || (found && coverage <= found.coverage)) continue;
      const words = wordsFor(m.slot);
      const namesSlot = query.terms.some((t) => [...t.keys.keys()].some((k) => words.has(k)));
      if (namesSlot || coverage >= 1) found = { slot: m.slot, coverage };
    }
    return found?.slot;
  };

  /** The front-matter fact the example questions say answers the question, if any. */
  const factByExamples = (examples: ExampleEvidence, candidates: Scored[]): string | undefined => {
    let best: string | undefined;
    let match = Math.max(EXAMPLE_ANSWER, candidates[0]?.example ?? 0);
    examples.facts.forEach((m, key) => {
      if (m >= match) [best, match] = [key, m];
    });
    return unansweredByExamples(examples) ? undefined : best;
  };

  /** Ranks the sentences for a query and decides. */
  const answer = (query: Query, limit: number, learned?: LearnedExamples): Answer => {
    const { candidates, examples, lifted } = ranked(query, learned);
    const fact = factByExamples(examples, candidates);
    if (fact) return fromRequest(factAnswer(fact, article));
    const slot = aboutMeta(query, candidates);
    if (slot) return fromRequest(metaAnswer(slotsFor([slot], query), article));
    const decision = decide(query, candidates, limit, examples);
    if (decision.outcome === "decline") return { ...NONE, reason: decision.reason };
    // Learned examples settle among the passages the article and its own examples come near; a
    // question those leave without any quote stays without one, whatever a workspace confirmed.
    if (lifted) {
      const own = ranked(query);
      const alone = decide(query, own.candidates, limit, own.examples);
      if (alone.outcome === "decline") return { ...NONE, reason: alone.reason };
    }
    return {
      answered: decision.outcome === "answer",
      match: decision.outcome,
      reason: decision.reason,
      quotes: decision.chosen.map((s: Scored) => quoteOf(s.doc.passage, query.terms)),
    };
  };

  /**
   * What the example questions say of a request's answer: a question worded like an example of
   * another passage asks about that passage ("what do they call themselves" is no request for the
   * demands), and one worded like an example of a passage the answer holds puts it first ("how
   * does the letter open": its greeting). A list (the demands) is answered as it is.
   */
  const byExamples = (
    query: Query,
    found: RequestAnswer | undefined,
    limit: number,
    learned?: LearnedExamples,
  ): Answer | undefined => {
    if (!found?.passages.length || found.list || !query.terms.length) return undefined;
    let best = -1;
    let match = 0;
    weighExamples(query, index).passages.forEach((m, at) => {
      if (m > match) [best, match] = [at, m];
    });
    const passage = index.docs[best]?.passage;
    if (!passage || match < EXAMPLE_NEAR) return undefined;
    const at = found.passages.findIndex((p) => p.id === passage.id);
    if (at < 0) return match >= EXAMPLE_DECISIVE ? answer(query, limit, learned) : undefined;
    const passages = [passage, ...found.passages.filter((_, i) => i !== at)];
    return fromRequest({ ...found, passages });
  };

  const fromIntent = (query: Query, intent: Intent, limit: number, learned?: LearnedExamples): Answer => {
    switch (intent.kind) {
      case "question":
        return answer(query, limit, learned);
      case "demand":
        return fromRequest(demandAnswer(intent.place, article));
      case "meta":
        return fromRequest(metaAnswer(slotsFor(intent.slots, query), article));
      case "several": {
        // Each part answered on its own; the facts and quotes of those answered, in order.
        const answers = intent.parts
          .map((p) => {
            // Each part read as a question of its own: "how many signatures" asks for a number, not the sign-off.
            const part = understand(p.text);
            return fromIntent(part, part.intent, limit, learned);
          })
          .filter((a) => a.answered);
        // None answered on its own: the question is weighed whole, for its closest match.
        if (!answers.length) return fromIntent(query, { kind: "question" }, limit, learned);
        const facts = answers.flatMap((a) => a.facts ?? []);
        return {
          answered: true,
          match: "answer",
          reason: "request",
          quotes: mergeQuotes(answers.map((a) => a.quotes)),
          ...(facts.length ? { facts } : {}),
        };
      }
      case "quote":
        return { ...answer(query, 1, learned), request: { kind: "quote", topic: intent.topic } };
      case "find":
        return { ...answer(query, limit, learned), request: { kind: "search", topic: intent.topic } };
      case "request": {
        const counting = query.expect.type === "count";
        const found = requestAnswer(intent.name, { article, knowledge, index, counting, limit });
        return byExamples(query, found, limit, learned) ?? fromRequest(found);
      }
    }
  };

  /** The words of a thread's earlier questions, the last one first. */
  const earlierTerms = (thread: readonly ThreadTurn[]): QueryTerm[][] =>
    thread
      .slice(-HISTORY_WEIGHTS.length)
      .reverse()
      .map((turn) => understand(clip(turn.question)).terms);

  /**
   * A follow-up read with its thread: "and NASA?" asks what the last question asked, of NASA;
   * otherwise the earlier questions' words join its own, weighing less. Also what was filled in.
   */
  const withThread = (query: Query, thread: readonly ThreadTurn[]): { query: Query; about?: string } => {
    const also = alsoOf(query.text);
    const last = thread.at(-1);
    if (also && last && query.terms.length) {
      // The last question's weightiest idea, put in the new words' place.
      const asked = understand(clip(last.question));
      const subject = [...asked.terms].sort((a, b) => b.weight - a.weight)[0];
      if (subject && asked.text.includes(subject.text))
        return { query: understand(asked.text.replace(subject.text, also)) };
    }
    const earlier = earlierTerms(thread);
    const terms = withHistory(query.terms, earlier);
    const added = terms.slice(query.terms.length);
    if (!added.length) return { query };
    const heaviest = [...added].sort((a, b) => b.weight - a.weight)[0] as QueryTerm;
    const about = heaviest.entity
      ? (knowledge.entities.find((e) => e.key === heaviest.entity)?.name ?? heaviest.text)
      : heaviest.text;
    // A follow-up that asked nothing of its own ("why?") asks a question about what came before.
    const intent: Intent = query.terms.length ? query.intent : { kind: "question" };
    const recent = last?.quoted.length ? { recent: last.quoted } : {};
    return { query: { ...query, terms, intent, ...recent }, about };
  };

  /** The sentence the article goes on with after a passage, skipping what the thread has shown: "go on". */
  const nextAfter = (id: string | undefined, before: Set<string>): Quote[] => {
    const passage = passageById.get(id ?? "");
    if (!passage) return [];
    const next = article.sentences.find(
      (s) => s.start >= passage.end && !before.has(s.id) && !before.has(`p${s.paragraph}`),
    );
    return next ? [quoteOf(next)] : [];
  };

  /** Every passage quoted so far in a thread. */
  const shown = (thread: readonly ThreadTurn[]) => new Set(thread.flatMap((t) => t.quoted));

  /** A follow-up in a thread: continued, one item of the last answer, read with the thread, or alone. */
  const followUp = (
    query: Query,
    thread: readonly ThreadTurn[],
    max: number,
    learned?: LearnedExamples,
  ): Answer | undefined => {
    const follow = followUpOf(query, thread);
    const last = thread.at(-1);
    if (follow.kind === "item" && last) {
      // After the demands, the demand at that place; after a sentence that lists things ("NASA and
      // ESA"), the same sentence: the item is in it.
      const quoted = last.quoted.flatMap((id) => passageById.get(id) ?? []);
      if (quoted.filter((p) => p.demand !== undefined).length > 1)
        return fromRequest(demandAnswer(follow.place, article));
      const passage = quoted[0];
      if (!passage) return undefined;
      return { answered: true, match: "answer", reason: "answered", quotes: [quoteOf(passage)] };
    }
    if (follow.kind === "more" && last) {
      // More on the last question: a passage that answers it and was not shown yet, or else what
      // the article says next after the last answer.
      const before = shown(thread);
      const fresher = () => {
        const again = readInThread(last.question, thread.slice(0, -1));
        const more = fromIntent(again.query, again.query.intent, max + before.size, learned);
        return more.answered ? more.quotes.filter((q) => !before.has(q.id ?? "")) : [];
      };
      // "Go on" reads on from the last quote; "what else" looks for other answers first.
      const next = () => nextAfter(last.quoted[0], before);
      const first = follow.next ? next() : fresher();
      const quotes = first.length ? first : follow.next ? fresher() : next();
      if (!quotes.length) return { ...NONE, reason: "not-covered" };
      return { answered: true, match: "answer", reason: "answered", quotes: quotes.slice(0, max) };
    }
    if (follow.kind !== "with") return undefined;
    const read = withThread(query, thread);
    const result = fromIntent(read.query, read.query.intent, max, learned);
    // "They" and "that" often mean what the article is about: alone, the question may answer better.
    if (!result.answered) {
      const alone = fromIntent(query, query.intent, max, learned);
      if (alone.answered) return alone;
    }
    return read.about ? { ...result, about: read.about } : result;
  };

  /** How a question of a thread is read: with the thread when it refers back, alone otherwise. */
  const readInThread = (
    question: string,
    thread: readonly ThreadTurn[],
  ): { query: Query; about?: string } => {
    const query = understand(clip(question));
    return thread.length && followUpOf(query, thread).kind === "with" ? withThread(query, thread) : { query };
  };

  const ask = (question: string, limit = DEFAULT_ASK_LIMIT, context: AskContext = {}): Answer => {
    const { thread = [], learned } = context;
    const text = clip(question);
    const max = Math.max(1, Math.floor(limit) || 1);
    const query = understand(text);
    const result =
      (thread.length ? followUp(query, thread, max, learned) : undefined) ??
      fromIntent(query, query.intent, max, learned);
    // A claim the first quote gives another number, date or name for gets a verdict.
    const first = index.byId.get(result.quotes[0]?.id ?? "");
    const verdict = first && query.expect.claim ? verdictOf(query, first, knowledge) : undefined;
    return { ...result, quotes: result.quotes.slice(0, max), ...(verdict ? { verdict } : {}) };
  };

  const search = (words: string, limit = DEFAULT_SEARCH_LIMIT): Quote[] => {
    const text = clip(words);
    const max = Math.max(0, Math.floor(limit) || 0);
    const query = understand(text);
    return ranked({ ...query, expect: { ...query.expect, type: "any" } })
      .candidates.filter((s) => s.quality.some((q) => q > 0))
      .slice(0, max)
      .map((s) => quoteOf(s.doc.passage, query.terms));
  };

  const explain = (question: string): Explanation => {
    const query = understand(clip(question));
    const round = (x: number) => Math.round(x * 100) / 100;
    return {
      text: query.text,
      intent: query.intent,
      nearIntents: query.nearIntents(),
      expects: `${query.expect.type}${query.expect.focus.length ? ` (${query.expect.focus.join(" ")})` : ""}`,
      claim: query.expect.claim,
      terms: query.terms.map((t) => ({
        text: t.text,
        weight: round(t.weight),
        known: t.known,
        keys: [...t.keys].map(([k, q]) => `${k}:${round(q)}`),
      })),
      ranked: ranked(query)
        .candidates.slice(0, 5)
        .map((s) => ({
          id: s.doc.passage.id,
          coverage: round(s.coverage),
          score: round(s.score),
          typed: s.typed,
          example: round(s.example),
          quality: s.quality.map(round),
          text: s.doc.passage.text.slice(0, 80),
        })),
      examples: matchExamples(query, index)
        .sort((a, b) => b.match - a.match)
        .slice(0, 5)
        .map(({ example, match }) => ({
          text: example.text,
          answeredBy:
            example.target.kind === "passage"
              ? (index.docs[example.target.at]?.passage.id ?? "")
              : example.target.kind === "fact"
                ? `fact ${example.target.key}`
                : "unanswered",
          match: round(match),
        })),
      answer: ask(question),
    };
  };

  const failed = <T>(err: unknown, fallback: T): T => {
    options.onError?.(err);
    return fallback;
  };
  /** Confirmed questions read as the article's examples are, each filed under its passage's first sentence. */
  const learn = (pairs: readonly LearnedPair[]): LearnedExamples => {
    const questions: Parameters<typeof analyzeExamples>[0] = [];
    const seen = new Set<string>();
    for (const { question, passage } of pairs) {
      const text = clip(question);
      const at = firstSentenceOf(passage);
      const key = `${at}\u0000${text}`;
      if (at === undefined || seen.has(key)) continue;
      seen.add(key);
      const reading = read(text);
      questions.push({
        text,
        target: { kind: "passage", at },
        wording: reading.wording,
        type: reading.expect.type,
      });
    }
    if (!questions.length) return NO_LEARNED;
    return {
      size: questions.length,
      index: indexExamples(analyzeExamples(questions, analyzer), index.examples),
    };
  };

  return {
    explain,
    learn(pairs) {
      try {
        return learn(pairs);
      } catch (err) {
        return failed(err, NO_LEARNED);
      }
    },
    ask(question, limit, context) {
      try {
        return ask(question, limit, context);
      } catch (err) {
        return failed(err, NONE);
      }
    },
    search(words, limit) {
      try {
        return search(words, limit);
      } catch (err) {
        return failed(err, []);
      }
    },
  };
}

/**
 * The turns of a thread known only by its questions (oldest first): each asked in turn, with the
 * turns before it, and what was quoted for it.
 */
export function threadOf(
  ask: (question: string, thread: ThreadTurn[]) => Answer,
  questions: string[],
): ThreadTurn[] {
  const turns: ThreadTurn[] = [];
  for (const question of questions) {
    const answer = ask(question, turns);
    turns.push({ question, quoted: answer.quotes.flatMap((q) => (q.id ? [q.id] : [])) });
  }
  return turns;
}
