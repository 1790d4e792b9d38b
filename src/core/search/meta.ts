import { factValue } from "../content/examples.js";
import type { Article, ArticleMeta, Passage } from "../types.js";
import type { MetaSlot } from "./intents.js";
import { fold } from "./normalize.js";

/**
 * Facts about the article itself (its author, outlet, dates, headline, photo), answered from the
 * front matter, which is not quotable text. When the body also states the fact ("first reported
 * by …", the update line), the sentence saying it is quoted too. A fact the front matter lacks
 * is not made up: the slot gives nothing and the question goes unanswered.
 */

/** Facts for the asked slots, and body passages that state them. */
export interface MetaAnswer {
  facts: string[];
  passages: Passage[];
}

const sentence = (text: string) => (/[.!?"”]$/.test(text) ? text : `${text}.`);

/** One slot's facts, or none when the front matter does not have them. */
function factsFor(slot: MetaSlot, m: ArticleMeta): string[] {
  const at = m.authorRole ? `, ${m.authorRole.toLowerCase()} at ${m.outlet}` : ` for ${m.outlet}`;
  // The byline and expertise are shown as the article's page shows them.
  const byline = `Byline: ${m.author}${m.authorRole ? ` ${m.authorRole}` : ""} (${m.outlet})`;
  switch (slot) {
    case "author":
      return [`The article is by ${m.author}${at}.`, byline];
    case "authorBio": {
      const facts = [
        `${m.author}${m.authorRole ? ` is a ${m.authorRole.toLowerCase()} at ${m.outlet}` : ` writes for ${m.outlet}`}.`,
      ];
      if (m.authorBio) facts.push(`About the author: ${sentence(m.authorBio)}`);
      if (m.expertise.length) facts.push(`Expertise ${m.expertise.join(" | ")}`);
      facts.push(byline);
      return facts;
    }
    case "outlet":
      return [`The article was published by ${m.outlet}.`];
    case "published":
      if (m.year === undefined && !m.updated) return [];
      return [
        `The article was published by ${m.outlet}${m.year !== undefined ? ` in ${m.year}` : ""}${m.updated ? ` and updated ${m.updated}` : ""}.`,
      ];
    case "updated":
      return m.updated ? [`The article was updated ${m.updated}.`] : [];
    case "change":
      return [];
    case "firstReported":
      return m.firstReportedBy ? [`${m.firstReportedBy} first reported the letter.`] : [];
    case "headline":
      return [`The headline is "${m.title}"${m.subtitle ? `, with the subheadline "${m.subtitle}"` : ""}.`];
    case "subtitle":
      return m.subtitle ? [`The subheadline is "${m.subtitle}"`] : [];
    case "readingTime":
      return m.readingTime ? [`The article is a ${m.readingTime}.`] : [];
    case "photo":
    case "caption": {
      const { credit, caption } = m.image ?? {};
      const facts: string[] = [];
      if (slot === "photo" && credit) facts.push(`The photo is credited to ${credit}.`);
      if (caption) facts.push(`The photo's caption: "${caption}"`);
      if (slot === "caption" && credit) facts.push(`Photo: ${credit}.`);
      return facts;
    }
    case "fullText":
      return [];
  }
}

/** Body passages that state a slot's fact. */
function passagesFor(slot: MetaSlot, article: Article): Passage[] {
  const { meta, sentences, paragraphs } = article;
  const containing = (value: string | undefined) =>
    value ? sentences.filter((s) => fold(s.text).includes(fold(value))).slice(0, 1) : [];
  switch (slot) {
    case "updated":
    case "change":
      return paragraphs.filter((p) => p.section === "update").flatMap((p) => p.sentences);
    case "firstReported":
      return containing(meta.firstReportedBy);
    case "fullText": {
      // The report's last words before the letter itself are what introduce it.
      const firstLetter = paragraphs.findIndex((p) => p.speaker === "employees");
      const before = paragraphs[firstLetter - 1];
      return firstLetter > 0 && before?.section === "report" ? before.sentences.slice(-1) : [];
    }
    default:
      return [];
  }
}

/** Answers the asked slots; empty facts and passages when the article does not say. */
export function answerMeta(slots: MetaSlot[], article: Article): MetaAnswer {
  const facts = [...new Set(slots.flatMap((s) => factsFor(s, article.meta)))];
  const passages: Passage[] = [];
  for (const slot of slots)
    for (const p of passagesFor(slot, article)) if (!passages.includes(p)) passages.push(p);
  return { facts, passages };
}

/** The front matter's values, by the slot that answers with them, for matching questions against. */
export function metaTexts(meta: ArticleMeta): { slot: MetaSlot; text: string }[] {
  const texts: [MetaSlot, string | undefined][] = [
    ["author", [meta.author, meta.authorRole].filter(Boolean).join(" ")],
    ["authorBio", [meta.authorBio, meta.expertise.join(" ")].filter(Boolean).join(" ")],
    ["outlet", meta.outlet],
    ["photo", meta.image?.credit],
    ["caption", meta.image?.caption],
    ["headline", meta.title],
    ["subtitle", meta.subtitle],
    ["updated", meta.updated],
    ["firstReported", meta.firstReportedBy],
    ["readingTime", meta.readingTime],
  ];
  return texts.flatMap(([slot, text]) => (text ? [{ slot, text }] : []));
}

/** The slot that answers with each front-matter key an example question may name. */
const FACT_SLOTS: Readonly<Record<string, MetaSlot>> = {
  title: "headline",
  subtitle: "subtitle",
  author: "author",
  authorRole: "author",
  authorBio: "authorBio",
  expertise: "authorBio",
  outlet: "outlet",
  readingTime: "readingTime",
  "image.caption": "caption",
  "image.credit": "photo",
  year: "published",
  updated: "updated",
  firstReportedBy: "firstReported",
};

/** Answers with one front-matter value by its key (`image.credit`): as its slot does, or as the value itself. */
export function answerFact(key: string, article: Article): MetaAnswer {
  const slot = FACT_SLOTS[key];
  if (slot) return answerMeta([slot], article);
  const value = factValue(article.meta, key);
  return { facts: value === undefined ? [] : [`${key}: ${sentence(value)}`], passages: [] };
}
