import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseArticle } from "../../src/core/index.js";
import { article, seedText } from "../helpers.js";

const source = readFileSync(new URL("../../content/article.md", import.meta.url), "utf8");

describe("content/article.txt, the article as published", () => {
  it("holds every paragraph of content/article.md word for word", () => {
    const missing = article.paragraphs.filter((p) => !seedText.includes(p.text)).map((p) => p.id);
    expect(missing).toEqual([]);
  });

  it("holds every demand, as a bullet of the published list", () => {
    expect(article.demands.length).toBeGreaterThan(0);
    for (const demand of article.demands) expect(seedText).toContain(`• ${demand.text}`);
  });

  it("disagrees with an edited content file, so the two cannot drift apart unnoticed", () => {
    const edited = parseArticle(source.replace("Dear Jeff,", "Dear Andy,"));
    const missing = edited.paragraphs.filter((p) => !seedText.includes(p.text)).map((p) => p.text);
    expect(missing).toEqual(["Dear Andy,"]);
  });
});
