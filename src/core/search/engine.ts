import MiniSearch from "minisearch";
import { toQuote } from "../content/quote.js";
import type { Article, Passage, Quote } from "../types.js";

/** What the engine found for a question: quotes best first, or an honest "not covered". */
export interface Answer {
  answered: boolean;
  quotes: Quote[];
  /** Answers from the article's metadata (byline, outlet, dates), which is not quotable text. */
  facts?: string[];
}

/** Answers questions about one article. The only module that knows MiniSearch. */
export interface AnswerEngine {
  /** The best quote for `question` and up to `limit - 1` more that add something. */
  ask(question: string, limit?: number): Answer;
  /** The passages that best match `words`, at most `limit`. */
  search(words: string, limit?: number): Quote[];
}

/** Builds the engine's index over the article's sentences. */
export function createAnswerEngine(article: Article): AnswerEngine {
  const byId = new Map<string, Passage>(article.sentences.map((s) => [s.id, s]));
  const index = new MiniSearch<Passage>({ fields: ["text"], storeFields: [] });
  index.addAll(article.sentences);
  const find = (q: string, limit: number) =>
    index
      .search(q, { fuzzy: 0.2, prefix: true })
      .slice(0, limit)
      .map((r) => toQuote(byId.get(String(r.id)) as Passage, r.terms));
  return {
    ask(question, limit = 3) {
      const quotes = find(question, limit);
      return { answered: quotes.length > 0, quotes };
    },
    search: (words, limit = 5) => find(words, limit),
  };
}
