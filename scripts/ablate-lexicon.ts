/**
 * Measures what each part of the English lexicon is worth: scores question sets with the whole
 * lexicon, then without each part (WordNet's relations, its word-vector neighbours, the vectors,
 * irregular forms) and without any lexicon, and prints the figures side by side.
 *
 *   npm run -s ablate -- eval/dev2.jsonl [more sets…]
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { answerJson } from "../src/cli/answer-json.js";
import { articlePath, DEFAULT_LEXICON_PATH, loadArticle, loadLexicon } from "../src/content.js";
import { createBot, type Lexicon, NO_LEXICON, parseLexicon } from "../src/core/index.js";
import { norm, readCases, score } from "./score.js";

const full = loadLexicon();
const text = readFileSync(DEFAULT_LEXICON_PATH, "utf8");
const vectors = new Uint8Array(readFileSync(join(DEFAULT_LEXICON_PATH, "..", "vectors.bin")));
/** The lexicon without WordNet's list of irregular forms ("wrote" → "write"). */
const regularOnly = parseLexicon(
  text.slice(0, text.indexOf("\n@exceptions\n") + 13) + text.slice(text.indexOf("\n@words\n") + 1),
  vectors,
);

/** The lexicon with some of its knowledge withheld. */
const VARIANTS: Record<string, Lexicon> = {
  "whole lexicon": full,
  "no WordNet relations": {
    ...full,
    related: (w) => full.related(w).filter((r) => r.relation === "neighbour"),
  },
  "no listed neighbours": {
    ...full,
    related: (w) => full.related(w).filter((r) => r.relation !== "neighbour"),
  },
  "no vectors": { ...full, vector: () => undefined },
  "no irregular forms": regularOnly,
  "no lexicon": NO_LEXICON,
};

function main(sets: string[]): void {
  const path = articlePath();
  const article = loadArticle(path);
  const published = norm(readFileSync(path.replace(/\.md$/, ".txt"), "utf8"));
  const pct = (a: number, b: number) => (b ? ((100 * a) / b).toFixed(1) : "n/a");
  console.log("| lexicon | set | top1 | top3 | wrongly declined | abstain-easy | abstain-hard |");
  console.log("| --- | --- | --- | --- | --- | --- | --- |");
  for (const [name, lexicon] of Object.entries(VARIANTS)) {
    const bot = createBot({ article, lexicon });
    for (const file of sets) {
      const s = score(readCases(file), (q) => answerJson(bot, q), published);
      const n = s.answerable;
      console.log(
        `| ${name} | ${file.split("/").pop()} | ${pct(s.top1, n)}% | ${pct(s.top3, n)}% | ${pct(s.declined, n)}% | ${pct(...s.easy)}% | ${pct(...s.hard)}% |`,
      );
    }
  }
}

main(process.argv.slice(2));
