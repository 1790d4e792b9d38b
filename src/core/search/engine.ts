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
import { type ExampleEvidence, matchExamples, weighExamples } from "./examples.js";
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
  type ExampleSet,
  type ExampleTarget,
  NO_EXAMPLE_SET,
  retrieve,
} from "./retrieve.js";
import type { QueryTerm } from "./terms.js";
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
}

export type { Request };

/** Answers questions about one article. */
export interface AnswerEngine {
  /** The best quote for `question` and up to `limit - 1` more that add something. */
  ask(question: string, limit?: number): Answer;
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

  /** Every key of a query's terms, with its best quality. */
  const keysOf = (query: Query): Map<string, number> => {
    const keys = new Map<string, number>();
    for (const t of query.terms)
      t.keys.forEach((q, k) => {
        keys.set(k, Math.max(q, keys.get(k) ?? 0));
      });
    return keys;
  };

  /** The sentences ranked for a query, and what the example questions say of it. */
  const ranked = (query: Query): { candidates: Scored[]; examples: ExampleEvidence } => {
    const keys = keysOf(query);
    const reached = retrieve(index, keys);
    const examples = weighExamples(query, index);
    // A sentence an example of it matches is a candidate, whatever words it shares with the question.
    for (const at of examples.passages.keys()) if (!reached.has(at)) reached.set(at, 0);
    return { candidates: rerank(query, index, reached, knowledge, examples), examples };
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
  const answer = (query: Query, limit: number): Answer => {
    const { candidates, examples } = ranked(query);
    const fact = factByExamples(examples, candidates);
    if (fact) return fromRequest(factAnswer(fact, article));
    const slot = aboutMeta(query, candidates);
    if (slot) return fromRequest(metaAnswer(slotsFor([slot], query), article));
    const decision = decide(query, candidates, limit, examples);
    if (decision.outcome === "decline") return { ...NONE, reason: decision.reason };
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
  const byExamples = (query: Query, found: RequestAnswer | undefined, limit: number): Answer | undefined => {
    if (!found?.passages.length || found.list || !query.terms.length) return undefined;
    let best = -1;
    let match = 0;
    weighExamples(query, index).passages.forEach((m, at) => {
      if (m > match) [best, match] = [at, m];
    });
    const passage = index.docs[best]?.passage;
    if (!passage || match < EXAMPLE_NEAR) return undefined;
    const at = found.passages.findIndex((p) => p.id === passage.id);
    if (at < 0) return match >= EXAMPLE_DECISIVE ? answer(query, limit) : undefined;
    const passages = [passage, ...found.passages.filter((_, i) => i !== at)];
    return fromRequest({ ...found, passages });
  };

  const fromIntent = (query: Query, intent: Intent, limit: number): Answer => {
    switch (intent.kind) {
      case "question":
        return answer(query, limit);
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
            return fromIntent(part, part.intent, limit);
          })
          .filter((a) => a.answered);
        // None answered on its own: the question is weighed whole, for its closest match.
        if (!answers.length) return fromIntent(query, { kind: "question" }, limit);
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
        return { ...answer(query, 1), request: { kind: "quote", topic: intent.topic } };
      case "find":
        return { ...answer(query, limit), request: { kind: "search", topic: intent.topic } };
      case "request": {
        const counting = query.expect.type === "count";
        const found = requestAnswer(intent.name, { article, knowledge, index, counting, limit });
        return byExamples(query, found, limit) ?? fromRequest(found);
      }
    }
  };

  const ask = (question: string, limit = DEFAULT_ASK_LIMIT): Answer => {
    // Past the bot's own limit the rest is ignored, so a huge input cannot slow the engine.
    const text = String(question ?? "").slice(0, LIMITS.maxInputLength);
    const max = Math.max(1, Math.floor(limit) || 1);
    const query = understand(text);
    const result = fromIntent(query, query.intent, max);
    // A claim the first quote gives another number, date or name for gets a verdict.
    const first = index.byId.get(result.quotes[0]?.id ?? "");
    const verdict = first && query.expect.claim ? verdictOf(query, first, knowledge) : undefined;
    return { ...result, quotes: result.quotes.slice(0, max), ...(verdict ? { verdict } : {}) };
  };

  const search = (words: string, limit = DEFAULT_SEARCH_LIMIT): Quote[] => {
    const text = String(words ?? "").slice(0, LIMITS.maxInputLength);
    const max = Math.max(0, Math.floor(limit) || 0);
    const query = understand(text);
    return ranked({ ...query, expect: { ...query.expect, type: "any" } })
      .candidates.filter((s) => s.quality.some((q) => q > 0))
      .slice(0, max)
      .map((s) => quoteOf(s.doc.passage, query.terms));
  };

  const explain = (question: string): Explanation => {
    const query = understand(String(question ?? "").slice(0, LIMITS.maxInputLength));
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
  return {
    explain,
    ask(question, limit) {
      try {
        return ask(question, limit);
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
