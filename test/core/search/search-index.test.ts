import { describe, expect, it } from "vitest";
import { analyzeQuery } from "../../../src/core/search/analyze.js";
import { bm25Of, buildIndex } from "../../../src/core/search/search-index.js";
import { article } from "../../helpers.js";

const index = buildIndex(article);

describe("BM25 per key", () => {
  it.each([
    "how many kids did DHS send to detention centres",
    "who uses Palantir",
    "what do the employees want from Bezos",
    "facial recognition police",
  ])("sums to the score of one MiniSearch search for all the keys: %s", (question) => {
    const keys = [...new Set(analyzeQuery(question).terms.flatMap((t) => [...t.keys.keys()]))];
    const sums = new Map<number, { sum: number; count: number }>();
    for (const key of keys) {
      for (const [at, score] of bm25Of(index, key) ?? []) {
        const s = sums.get(at) ?? { sum: 0, count: 0 };
        sums.set(at, { sum: s.sum + score, count: s.count + 1 });
      }
    }
    const hits = index.mini.search(keys.join(" "), { fields: ["keys"], combineWith: "OR" });
    expect(hits.length).toBe(sums.size);
    for (const hit of hits) {
      const s = sums.get(index.position.get(String(hit.id)) ?? -1);
      expect(s && s.sum * s.count).toBe(hit.score);
    }
  });

  it("has no scores for a key the article never uses, and searches nothing for it", () => {
    expect(bm25Of(index, "pasta")).toBeUndefined();
    expect(index.bm25.has("pasta")).toBe(false);
  });
});

describe("postings", () => {
  it("lists the sentences carrying a key in their own text, and those reaching it through their paragraph", () => {
    const own = index.postings.get("palantir") ?? [];
    expect(own.map((at) => index.docs[at]?.passage.text)).toEqual(
      expect.arrayContaining([expect.stringContaining("Palantir runs on AWS")]),
    );
    for (const at of own) expect(index.reach.get("palantir")).toContain(at);
    expect((index.reach.get("palantir") ?? []).length).toBeGreaterThan(own.length);
  });
});
