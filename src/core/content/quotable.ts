import type { Article, Passage } from "../types.js";

/** Fewest words a passage needs to stand on its own as a quote (drops a salutation such as "Dear Sir,"). */
const MIN_QUOTABLE_WORDS = 6;

/**
 * The passages worth posting on their own: the letter's sentences and the demands, in article
 * order. Headlines, bylines, report prose and fragments such as "We call on you to:" are left out.
 */
export function quotablePassages(article: Article): Passage[] {
  return article.sentences.filter(
    (s) =>
      (s.section === "letter" || s.section === "demands") &&
      s.text.split(/\s+/).length >= MIN_QUOTABLE_WORDS &&
      !s.text.endsWith(":"),
  );
}
