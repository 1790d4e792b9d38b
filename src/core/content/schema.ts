import { z } from "zod";

/** The front matter of `content/article.md`: facts about the article, not quotable text. */
export const ArticleMetaSchema = z.strictObject({
  title: z.string().min(1),
  subtitle: z.string().min(1),
  author: z.string().min(1),
  authorRole: z.string().min(1),
  authorBio: z.string().min(1),
  expertise: z.array(z.string().min(1)),
  outlet: z.string().min(1),
  readingTime: z.string().min(1),
  image: z.strictObject({ caption: z.string().min(1), credit: z.string().min(1) }),
  year: z.number().int().min(1900).max(2100),
  updated: z.string().min(1),
  firstReportedBy: z.string().min(1),
});

/** Section headings the body may use, and who speaks in each. */
export const SECTIONS = {
  report: "reporter",
  letter: "employees",
  demands: "employees",
  update: "reporter",
} as const;

export const SectionSchema = z.enum(["report", "letter", "demands", "update"]);
