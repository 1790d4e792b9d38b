/**
 * Scores the answer engine on question sets, with the same figures as the shared scorer: the
 * project's own sets (every `eval/*.jsonl`) and, only when a `../shared/eval` folder sits beside
 * the checkout, the sets found there too. Each set is scored and printed on its own. Quotes are
 * checked against the published text beside the article (`content/article.txt` for
 * `content/article.md`). A folder of `eval/` holding an `article.md` (and its `article.txt`) is
 * another article in the same format: its sets are scored against it, with no code change.
 * Runs the bot in-process through the same JSON form as `npm run ask`.
 *
 * An article with example questions (`article.questions.yml` beside it) is scored twice per set,
 * with them and without them, so each figure shows what the examples add; with them, also on the
 * set's questions that are not among the examples (compared by letters and digits alone), and
 * how many are.
 *
 *   npm run eval                         every set
 *   npm run eval -- eval/dev2.jsonl      only the sets named
 *   VERBOSE=1 npm run eval               also every miss
 *   ARTICLE_PATH=other/article.md npm run eval -- other/questions.jsonl
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { answerJson } from "../src/cli/answer-json.js";
import { articlePath, loadArticle, loadExamples, loadLexicon } from "../src/content.js";
import { createBot, exampleKey } from "../src/core/index.js";
import { articleFolders, jsonlIn, norm, printScore, readCases, score } from "./score.js";

const root = fileURLToPath(new URL("..", import.meta.url));
/** The project's own sets. */
const PROJECT_SETS = join(root, "eval");
/** Sets shared beside the checkout; optional, and the only path outside the repository this project reads. */
const SHARED_SETS = join(root, "..", "shared", "eval");

/** The sets to score: those named, or the project's and then the shared ones not already scored. */
function setsToScore(named: string[]): string[] {
  if (named.length) return named;
  const digest = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");
  const own = jsonlIn(PROJECT_SETS);
  const seen = new Set(own.map(digest));
  const shared = jsonlIn(SHARED_SETS).filter((file) => !seen.has(digest(file)));
  return [...own, ...shared];
}

/** The example questions of an article, by `exampleKey`. */
function exampleQuestions(path: string): Set<string> {
  const faq = loadExamples(path);
  if (!faq) return new Set();
  return new Set(
    [...faq.answers.flatMap((a) => a.questions), ...faq.unanswered].map((q) => exampleKey(q.text)),
  );
}

/** Scores the sets against one article; false when a quote is not verbatim or an off-topic question is answered. */
function scoreArticle(path: string, sets: string[]): boolean {
  const article = loadArticle(path);
  const publishedFile = path.replace(/\.md$/, ".txt");
  if (!existsSync(publishedFile)) {
    console.error(`cannot find the published text beside the article: ${publishedFile}`);
    return false;
  }
  const published = norm(readFileSync(publishedFile, "utf8"));
  const lexicon = loadLexicon();
  const examples = exampleQuestions(path);
  const withExamples = createBot({ article, lexicon });
  const hasExamples = article.faq !== undefined || article.faqCompiled !== undefined;
  const without = hasExamples
    ? createBot({ article: { ...article, faq: undefined, faqCompiled: undefined }, lexicon })
    : undefined;
  let ok = true;
  for (const file of sets.map((f) => resolve(f))) {
    const name = relative(file.startsWith(root) ? root : join(root, ".."), file);
    const cases = readCases(file);
    const runs: [string, typeof cases, typeof withExamples][] = [[name, cases, withExamples]];
    if (without) {
      const unseen = cases.filter((c) => !examples.has(exampleKey(c.q)));
      console.log(
        `${name}: ${cases.length - unseen.length} of ${cases.length} questions are example questions too`,
      );
      runs.splice(
        0,
        1,
        [`${name}, with examples`, cases, withExamples],
        [`${name}, with examples, the ${unseen.length} not among them`, unseen, withExamples],
        [`${name}, without examples`, cases, without],
      );
    }
    for (const [label, asked, bot] of runs) {
      const s = score(asked, (q, thread) => answerJson(bot, q, thread), published);
      printScore(label, s);
      ok = ok && s.verbatim[0] === s.verbatim[1] && s.easy[0] === s.easy[1];
    }
  }
  return ok;
}

function main(argv: string[]): number {
  let ok = scoreArticle(articlePath(), setsToScore(argv));
  if (!argv.length) {
    for (const dir of articleFolders(PROJECT_SETS))
      ok = scoreArticle(join(dir, "article.md"), jsonlIn(dir)) && ok;
  }
  return ok ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
