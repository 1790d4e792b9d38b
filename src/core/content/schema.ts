import { z } from "zod";

const text = z.string().min(1);

/** One person, organisation or product the article names, and what the engine should know of it. */
export const EntitySchema = z.strictObject({
  /** The name as the article writes it. */
  name: text,
  /** Other names the article or readers use for it. */
  aliases: z.array(text).default([]),
  /** What an acronym stands for. */
  standsFor: text.optional(),
  /** What it is: kinds and roles ("government agency", "CEO of Acme"). */
  is: z.array(text).default([]),
});

/**
 * The front matter of an article file: facts about the article (cited, never quoted as article
 * text), and what the engine should know about it. Only the title, author and outlet are required,
 * so any article in this format loads; every other field makes answers better when present.
 */
export const ArticleMetaSchema = z.object({
  title: text,
  subtitle: text.optional(),
  author: text,
  authorRole: text.optional(),
  authorBio: text.optional(),
  expertise: z.array(text).default([]),
  outlet: text,
  readingTime: text.optional(),
  image: z.strictObject({ caption: text.optional(), credit: text.optional() }).optional(),
  year: z.number().int().min(1900).max(2100).optional(),
  updated: text.optional(),
  firstReportedBy: text.optional(),
  /** Where the article was first published, for links: an http(s) address, as chat clients open. */
  sourceUrl: z.url({ protocol: /^https?$/, error: "must be an http:// or https:// address" }).optional(),
  /** What the article is about, in one sentence, for help and "not found" replies. */
  description: text.optional(),
  /** Who writes the letter and to whom, so its pronouns are understood. */
  letter: z
    .strictObject({
      /** How citations name the letter ("the employees' letter"). */
      name: text.optional(),
      /** Who "we" are. */
      from: text.optional(),
      /** Who "you" is. */
      to: text.optional(),
      /** What "our company" is. */
      company: text.optional(),
    })
    .default({}),
  /** Ids of the passages that sum the article up, in order (`p1`, `p2.s1`). */
  summary: z.array(z.string().regex(/^p\d+(?:\.s\d+)?$/, "a passage id such as p2 or p2.s1")).default([]),
  /** Questions worth suggesting to readers. */
  examples: z.array(text).default([]),
  entities: z.array(EntitySchema).default([]),
});

/** Section headings the body may use, and who speaks in each. */
export const SECTIONS = {
  report: "reporter",
  letter: "employees",
  demands: "employees",
  update: "reporter",
} as const;

export const SectionSchema = z.enum(["report", "letter", "demands", "update"]);
