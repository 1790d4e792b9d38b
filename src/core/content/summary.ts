import type { Article, Passage } from "../types.js";

/**
 * The passages that sum the article up: those its front matter marks (`summary`), or, when it
 * marks none, the report's first two sentences.
 */
export function summaryPassages(article: Article): Passage[] {
  const marked = article.meta.summary.flatMap((id) => {
    const p = article.paragraphs.find((x) => x.id === id) ?? article.sentences.find((x) => x.id === id);
    return p ? [p] : [];
  });
  return marked.length ? marked : article.sentences.filter((s) => s.section === "report").slice(0, 2);
}
