import type { Article, ArticleMeta, Passage } from "../types.js";
import { fold, type Token } from "./normalize.js";

/**
 * Questions about the article itself (its author, outlet, dates, headline, photo, who broke the
 * story) are answered from the front matter, which is not quotable text. When the body also states
 * the fact (the update line, "first reported by Gizmodo"), the sentence saying it is quoted too.
 */

/** The words of a question, folded and stemmed, for matching slots. */
interface Words {
  /** Any of these spellings or stems appears. */
  has(...words: string[]): boolean;
  /** Any of these exact spellings appears; for nouns whose stems collide ("authorities" and "author"). */
  word(...words: string[]): boolean;
}

/** One kind of fact about the article, when a question asks for it, and how to say it. */
interface MetaSlot {
  asks(w: Words): boolean;
  facts(meta: ArticleMeta): string[];
  /** Text the body may contain that states the same fact. */
  inBody?(meta: ArticleMeta): string;
}

/** Words by which a question points at the article rather than at the letter. */
const ARTICLE_WORDS = ["article", "story", "piece", "post", "coverage", "writeup", "cnet"];

const refersToArticle = (w: Words) => w.has(...ARTICLE_WORDS);

const SLOTS: readonly MetaSlot[] = [
  {
    asks: (w) =>
      w.word("author", "authors", "writer", "journalist", "byline", "columnist", "sean", "keane") ||
      (w.word("reporter") && w.has("who")) ||
      (w.has("write") && refersToArticle(w)),
    facts: (m) => [`The article is by ${m.author}, a ${m.authorRole.toLowerCase()} at ${m.outlet}.`],
  },
  {
    asks: (w) => w.has("sean", "keane", "bio", "biography", "background", "expertise"),
    facts: (m) => [`About the author: ${m.authorBio} Expertise: ${m.expertise.join(", ")}.`],
  },
  {
    asks: (w) =>
      w.has("outlet", "publication", "publisher", "site", "website", "newspaper", "magazine", "cnet") ||
      (w.has("publish") && !w.has("when", "date", "year")),
    facts: (m) => [`The article was published by ${m.outlet}.`],
  },
  {
    asks: (w) =>
      (w.has("when", "date", "year") && (w.has("publish") || refersToArticle(w))) || w.has("dated"),
    facts: (m) => [`The article was published by ${m.outlet} in ${m.year} and updated ${m.updated}.`],
    inBody: (m) => m.updated,
  },
  {
    asks: (w) => w.has("update", "updated"),
    facts: (m) => [`The article was updated ${m.updated}.`],
    inBody: (m) => m.updated,
  },
  {
    asks: (w) =>
      (w.has("first", "originally", "initially") && w.has("report", "break", "publish", "cover", "reveal")) ||
      w.has("scoop"),
    facts: (m) => [`${m.firstReportedBy} first reported the letter.`],
    inBody: (m) => `first reported by ${m.firstReportedBy}`,
  },
  {
    asks: (w) => w.has("headline", "title", "subtitle", "subheadline"),
    facts: (m) => [`The headline is "${m.title}", with the subheadline "${m.subtitle}"`],
  },
  {
    asks: (w) => w.has("read") && w.has("long", "time", "minute", "min"),
    facts: (m) => [`The article is a ${m.readingTime}.`],
  },
  {
    asks: (w) => w.has("photo", "image", "picture", "caption", "photographer", "photograph", "pic"),
    facts: (m) => [`The photo is credited to ${m.image.credit}. Its caption: "${m.image.caption}"`],
  },
];

/** Facts about the article that a question asks for, and body sentences stating them. */
export interface MetaAnswer {
  facts: string[];
  passages: Passage[];
}

/** Answers a question (given as tokens) about the article itself, or returns undefined when it asks about the letter. */
export function answerMeta(tokens: Token[], article: Article): MetaAnswer | undefined {
  const norms = new Set(tokens.map((t) => t.norm));
  const words = new Set(tokens.flatMap((t) => [t.norm, t.stem]));
  const w: Words = {
    has: (...list) => list.some((x) => words.has(x)),
    word: (...list) => list.some((x) => norms.has(x)),
  };
  const slots = SLOTS.filter((s) => s.asks(w));
  if (!slots.length) return undefined;
  const facts = [...new Set(slots.flatMap((s) => s.facts(article.meta)))];
  const passages: Passage[] = [];
  for (const slot of slots) {
    const value = slot.inBody?.(article.meta);
    if (!value) continue;
    const found = article.sentences.find((s) => fold(s.text).includes(fold(value)));
    if (found && !passages.includes(found)) passages.push(found);
  }
  return { facts, passages };
}
