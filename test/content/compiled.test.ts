import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compiledText } from "../../scripts/content-compile.js";
import { compiledPathFor, DEFAULT_ARTICLE_PATH, loadArticle } from "../../src/content.js";
import { examplesPathFor } from "../../src/core/index.js";

const articles = [
  DEFAULT_ARTICLE_PATH,
  fileURLToPath(new URL("../../eval/nurses/article.md", import.meta.url)),
];

describe("compiled example questions", () => {
  it.each(articles)("are what compiling the examples gives now, for %s", (path) => {
    // Run `npm run content:compile` (with the article's path) after changing the examples, or how they are read.
    expect(readFileSync(compiledPathFor(path), "utf8")).toBe(compiledText(path));
  });

  it("are used while they match the article and its examples, and the examples file read otherwise", () => {
    const fresh = loadArticle(DEFAULT_ARTICLE_PATH);
    expect(fresh.faqCompiled?.examples.length).toBeGreaterThan(1500);
    expect(fresh.faq).toBeUndefined();

    const dir = mkdtempSync(join(tmpdir(), "letterbot-compiled-"));
    const path = join(dir, "article.md");
    copyFileSync(DEFAULT_ARTICLE_PATH, path);
    copyFileSync(examplesPathFor(DEFAULT_ARTICLE_PATH), examplesPathFor(path));
    copyFileSync(compiledPathFor(DEFAULT_ARTICLE_PATH), compiledPathFor(path));
    expect(loadArticle(path).faqCompiled).toBeDefined();
    // An example added since: the compiled file is out of date and passed over.
    writeFileSync(
      examplesPathFor(path),
      `${readFileSync(examplesPathFor(path), "utf8")}  - "what is the letter's word count"\n`,
    );
    const edited = loadArticle(path);
    expect(edited.faqCompiled).toBeUndefined();
    expect(edited.faq?.unanswered.at(-1)?.text).toBe("what is the letter's word count");
    // A compiled file that is not one is passed over too.
    writeFileSync(compiledPathFor(path), "{ not json");
    expect(loadArticle(path).faq).toBeDefined();
  });
});
