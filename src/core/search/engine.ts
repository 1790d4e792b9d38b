import { toQuote } from "../content/quote.js";
import { LIMITS } from "../input.js";
import type { Article, Passage, Quote } from "../types.js";
import { choose } from "./abstain.js";
import { analyzeQuery, type KeyMap } from "./analyze.js";
import { answerMeta } from "./meta.js";
import type { Token } from "./normalize.js";
import { demandAt, positionAnswer } from "./position.js";
import { type QuestionShape, shapeOf } from "./question.js";
import { matchQuality, rankDocs, type WeightedTerm, weighTerms } from "./rank.js";
import { buildIndex, type Doc, type SearchIndex } from "./search-index.js";

/** What the engine found for a question: quotes best first, or an honest "not covered". */
export interface Answer {
  answered: boolean;
  quotes: Quote[];
  /** Answers from the article's metadata (byline, outlet, dates), which is not quotable text. */
  facts?: string[];
  /** Set when the quotes are the letter's demands, in order, so they can be shown as a numbered list. */
  list?: "demands";
}

/** Answers questions about one article. The only module that knows MiniSearch. */
export interface AnswerEngine {
  /** The best quote for `question` and up to `limit - 1` more that add something. */
  ask(question: string, limit?: number): Answer;
  /** The passages that best match `words`, at most `limit`. */
  search(words: string, limit?: number): Quote[];
}

/** Quotes `ask` returns when no limit is given. */
const DEFAULT_ASK_LIMIT = 3;
/** Passages `search` returns when no limit is given. */
const DEFAULT_SEARCH_LIMIT = 5;
/** Concept id of asking for something, which the demands section stands for. */
const DEMAND = "demand";

const NOT_ANSWERED: Answer = { answered: false, quotes: [] };

/** The words of a passage (as spelled in it) that match any of the terms, in reading order. */
function matchedWords(doc: Doc, terms: WeightedTerm[]): string[] {
  const words: string[] = [];
  doc.analyzed.tokens.forEach((t, i) => {
    const keys = doc.analyzed.tokenKeys[i] as KeyMap;
    if (terms.some((term) => matchQuality(term, keys) > 0) && !words.includes(t.surface))
      words.push(t.surface);
  });
  return words;
}

/** A question asks for the demands as a whole when it asks what is wanted and names nothing more specific. */
function asksForAllDemands(terms: WeightedTerm[]): boolean {
  const asks = terms.some((t) => t.concepts.includes(DEMAND));
  return asks && terms.every((t) => t.concepts.includes(DEMAND) || t.frame);
}

function quoteOf(doc: Doc, terms: WeightedTerm[]): Quote {
  return toQuote(doc.passage, matchedWords(doc, terms));
}

interface Prepared {
  terms: WeightedTerm[];
  shape: QuestionShape;
  tokens: Token[];
}

function prepare(index: SearchIndex, text: string): Prepared {
  const query = analyzeQuery(text);
  return { terms: weighTerms(query, index), shape: shapeOf(text, query), tokens: query.tokens };
}

/** Builds the engine's index over the article's sentences. */
export function createAnswerEngine(article: Article): AnswerEngine {
  const index = buildIndex(article);

  const quotesOf = (passages: Passage[], terms: WeightedTerm[], max: number): Quote[] =>
    passages
      .map((p) => index.byId.get(p.id))
      .filter((d): d is Doc => d !== undefined)
      .slice(0, max)
      .map((d) => quoteOf(d, terms));

  const ask = (question: string, limit = DEFAULT_ASK_LIMIT): Answer => {
    // Past the bot's own limit the rest is ignored, so a huge input cannot slow the engine.
    const text = String(question ?? "").slice(0, LIMITS.maxInputLength);
    const max = Math.max(1, Math.floor(limit) || 1);
    const { terms, shape, tokens } = prepare(index, text);

    const meta = answerMeta(tokens, article);
    if (meta) {
      return { answered: true, quotes: quotesOf(meta.passages, terms, max), facts: meta.facts };
    }

    const demand = demandAt(text, article);
    if (demand) return { answered: true, quotes: quotesOf([demand], terms, max) };

    const ends = positionAnswer(text, terms, article);
    if (ends) return { answered: true, quotes: quotesOf(ends, terms, max) };

    if (asksForAllDemands(terms)) {
      const facts =
        shape.form === "count" ? [`The letter makes ${article.demands.length} demands.`] : undefined;
      const firsts = article.demands.flatMap((d) => d.sentences.slice(0, 1));
      const quotes = quotesOf(firsts, terms, max);
      return { answered: true, quotes, list: "demands", ...(facts ? { facts } : {}) };
    }

    const chosen = choose(rankDocs(index, terms, shape), terms, shape, max);
    if (!chosen.length) return NOT_ANSWERED;
    return { answered: true, quotes: chosen.map((s) => quoteOf(s.doc, terms)) };
  };

  const search = (words: string, limit = DEFAULT_SEARCH_LIMIT): Quote[] => {
    const text = String(words ?? "").slice(0, LIMITS.maxInputLength);
    const max = Math.max(0, Math.floor(limit) || 0);
    const { terms } = prepare(index, text);
    const shape: QuestionShape = { form: "other", counted: [] };
    return rankDocs(index, terms, shape)
      .filter((s) => terms.some((t) => matchQuality(t, s.doc.analyzed.keys) > 0))
      .slice(0, max)
      .map((s) => quoteOf(s.doc, terms));
  };

  return {
    ask(question, limit) {
      try {
        return ask(question, limit);
      } catch {
        return NOT_ANSWERED;
      }
    },
    search(words, limit) {
      try {
        return search(words, limit);
      } catch {
        return [];
      }
    },
  };
}
