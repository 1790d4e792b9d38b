import { summaryPassages } from "../content/summary.js";
import type { Article, Passage, Quote } from "../types.js";
import type { IntentName, MetaSlot } from "./intents.js";
import type { Knowledge } from "./knowledge.js";
import { answerFact, answerMeta } from "./meta.js";
import type { SearchIndex } from "./retrieve.js";

/**
 * Answers to requests, which the article's structure answers rather than its words: the demands
 * and one of them by its place, a summary, facts about the article itself, where the letter starts
 * and ends, whom it is to and from. The engine hands each recognised request here.
 */

/** A request a `/letter` command also answers, so a bot can give that command's reply. */
export type Request =
  | { kind: "demands" }
  | { kind: "demand"; number: number }
  | { kind: "summary" }
  | { kind: "about" }
  | { kind: "quote"; topic: string }
  | { kind: "search"; topic: string }
  | { kind: "help" }
  | { kind: "chat" };

/** What a request's answer holds; the engine makes an `Answer` of it. */
export interface RequestAnswer {
  passages: Passage[];
  facts?: string[];
  list?: "demands";
  request?: Request;
}

/** Sentences quoted for where the letter or article starts or ends: the end and its neighbour. */
const POSITION_QUOTES = 2;
/** A letter's greeting: "Dear Sam," or "Dear Ms. Smith,". */
const SALUTATION = /^Dear\b/;

export interface RequestContext {
  article: Article;
  knowledge: Knowledge;
  index: SearchIndex;
  /** Whether the question asks how many, so the demands come with their count. */
  counting: boolean;
  limit: number;
}

/** The report's sentences that name someone by any of these keys, in order; the report's first if none do. */
function naming(index: SearchIndex, article: Article, keys: string[]): Passage[] {
  const found = index.docs
    .filter((d) => d.passage.speaker === "reporter" && keys.some((k) => d.analyzed.keys.get(k) === 1))
    .map((d) => d.passage);
  return found.length ? found : article.sentences.slice(0, 1);
}

/** Facts about the article; undefined when its front matter does not have them. */
export function metaAnswer(slots: MetaSlot[], article: Article): RequestAnswer | undefined {
  const meta = answerMeta(slots, article);
  if (!meta.facts.length && !meta.passages.length) return undefined;
  return { passages: meta.passages, facts: meta.facts };
}

/** The answer a front-matter fact gives, by its key ("image.credit"), as the article's page shows it. */
export function factAnswer(key: string, article: Article): RequestAnswer | undefined {
  const meta = answerFact(key, article);
  if (!meta.facts.length && !meta.passages.length) return undefined;
  return { passages: meta.passages, facts: meta.facts };
}

/** One demand by its place (negative from the end); undefined when there is no such demand. */
export function demandAnswer(place: number, article: Article): RequestAnswer | undefined {
  const demand = article.demands.at(place > 0 ? place - 1 : place);
  if (!demand?.demand) return undefined;
  return { passages: [demand.sentences[0] ?? demand], request: { kind: "demand", number: demand.demand } };
}

/** The answer to a request that needs no topic; undefined when the article has nothing for it. */
export function requestAnswer(
  name: Exclude<IntentName, MetaSlot>,
  { article, knowledge, index, counting, limit }: RequestContext,
): RequestAnswer | undefined {
  const letter = () => article.sentences.filter((s) => s.speaker === "employees");
  const some = (passages: Passage[]) => (passages.length ? { passages } : undefined);
  switch (name) {
    case "demands": {
      if (!article.demands.length) return undefined;
      return {
        passages: article.demands.map((d) => d.sentences[0] ?? d),
        list: "demands",
        request: { kind: "demands" },
        ...(counting ? { facts: [`The letter makes ${article.demands.length} demands.`] } : {}),
      };
    }
    case "summary": {
      const { title, subtitle } = article.meta;
      return {
        passages: summaryPassages(article),
        facts: [`${title}${subtitle ? `: ${subtitle}` : ""}`],
        request: { kind: "summary" },
      };
    }
    case "opening": {
      // How a letter opens is what it first says; its greeting comes after as context.
      const [first, second] = letter();
      const greeting = first && SALUTATION.test(first.text);
      return some((greeting && second ? [second, first] : [first, second]).filter((p) => p !== undefined));
    }
    case "closing":
      return some(letter().slice(-POSITION_QUOTES).reverse());
    case "articleOpening":
      return some(article.sentences.slice(0, POSITION_QUOTES));
    case "articleClosing":
      return some(article.sentences.slice(-POSITION_QUOTES).reverse());
    case "demandsIntro":
      return some(article.demandsIntro ? [article.demandsIntro] : []);
    case "addressee": {
      const salutation = letter()
        .filter((s) => SALUTATION.test(s.text))
        .slice(0, 1);
      return some(
        [...naming(index, article, knowledge.voices.you).slice(0, 1), ...salutation].slice(0, limit),
      );
    }
    case "sender":
      return some(naming(index, article, knowledge.voices.we).slice(0, limit));
    case "help":
      return { passages: [], request: { kind: "help" } };
    case "chat":
    case "elsewhere":
      return { passages: [], request: { kind: "chat" } };
  }
}

/** Quotes without repeats, the first of each answer before the rest. */
export function mergeQuotes(answers: Quote[][]): Quote[] {
  const quotes = answers.flatMap((q) => q.slice(0, 1)).concat(answers.flatMap((q) => q.slice(1)));
  return quotes.filter((q, i) => quotes.findIndex((o) => o.start === q.start) === i);
}
