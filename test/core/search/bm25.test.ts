import { readFileSync } from "node:fs";
import MiniSearch from "minisearch";
import { describe, expect, it } from "vitest";
import { parseArticle } from "../../../src/core/index.js";
import { createAnalyzer } from "../../../src/core/search/analyze.js";
import { createBm25 } from "../../../src/core/search/bm25.js";
import { buildKnowledge } from "../../../src/core/search/knowledge.js";
import { buildIndex, CONTEXT_STRENGTH } from "../../../src/core/search/retrieve.js";
import { article, lexicon } from "../../helpers.js";

const nurses = parseArticle(
  readFileSync(new URL("../../../eval/nurses/article.md", import.meta.url), "utf8"),
  "eval/nurses/article.md",
);

/** MiniSearch over the same two fields per sentence (its keys, its paragraph's), as the engine once used it. */
function miniSearchOf(texts: string[][]): MiniSearch {
  const mini = new MiniSearch({
    fields: ["keys", "context"],
    storeFields: [],
    tokenize: (text) => text.split(" ").filter(Boolean),
    processTerm: (term) => term,
  });
  mini.addAll(texts.map(([keys, context], id) => ({ id, keys, context })));
  return mini;
}

/** A key's scores from MiniSearch, in the engine's form: positions and scores, best first. */
function scoresFrom(mini: MiniSearch, key: string) {
  const hits = mini.search(key, { boost: { context: CONTEXT_STRENGTH } });
  return { at: hits.map((h) => Number(h.id)), score: hits.map((h) => h.score) };
}

describe("BM25", () => {
  it("scores every key of an article's sentences exactly as MiniSearch does, ties in its order", () => {
    for (const a of [article, nurses]) {
      const index = buildIndex(a, createAnalyzer(lexicon, buildKnowledge(a)));
      const mini = miniSearchOf(
        index.docs.map((d) => [
          [...d.analyzed.tokenKeys.flatMap((k) => [...k.keys()]), ...d.analyzed.keys.keys()].join(" "),
          [...d.context.keys()].join(" "),
        ]),
      );
      // Equal to the last bit.
      for (const key of index.vocabulary) expect(index.bm25.scores(key)).toStrictEqual(scoresFrom(mini, key));
    }
  });

  it("counts a key as often as a field says it, and a field's length by its distinct keys", () => {
    const texts = [
      ["a a b", "c"],
      ["b", ""],
      ["c d e f", "a"],
    ];
    const bm25 = createBm25([1, CONTEXT_STRENGTH]);
    for (const t of texts) bm25.add(t);
    const mini = miniSearchOf(texts);
    for (const key of ["a", "b", "c", "f", "z"])
      expect(bm25.scores(key)).toStrictEqual(scoresFrom(mini, key));
  });
});
