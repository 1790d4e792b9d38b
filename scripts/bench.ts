/**
 * Measures the answer engine: how long start-up takes (reading the lexicon and building the
 * index), and how long one question takes: p50 and p99 over a mix of every question in `eval/`,
 * each asked once of a fresh engine with its word caches empty, after the code has warmed up.
 * Exits non-zero when a figure is over its target.
 *
 *   npm run bench
 *   npm run bench -- --article path/to/article.md
 *   VERBOSE=1 npm run bench       also p90 to p99.9
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { articlePath, loadArticle, loadLexicon } from "../src/content.js";
import { createAnswerEngine } from "../src/core/index.js";

/** Target for one question at the 99th percentile, in milliseconds, with the example questions loaded. */
const P99_TARGET_MS = 2;
/** Target for building the index, in milliseconds, with the example questions loaded. */
const BUILD_TARGET_MS = 100;
/** Rounds over the question mix before measuring, so the JIT has settled. */
const WARMUP_ROUNDS = 20;
/** Measured rounds over the question mix, each with a fresh engine. */
const ROUNDS = 30;
/** Warm index builds measured after the first (the median is reported). */
const BUILDS = 20;

const evalDir = fileURLToPath(new URL("../eval/", import.meta.url));

/** Every question of the project's sets, plus odd inputs that must be fast too. */
function questionMix(): string[] {
  const fromEval = readdirSync(evalDir)
    .filter((f) => f.endsWith(".jsonl"))
    .flatMap((f) => readFileSync(`${evalDir}${f}`, "utf8").split("\n"))
    .filter((l) => l.trim())
    .map((l) => String((JSON.parse(l) as { q: unknown }).q));
  return [...fromEval, "", "?!", "a".repeat(1000), "rekogniton ".repeat(50), "the ".repeat(200)];
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

function main(argv: string[]): number {
  const at = argv.indexOf("--article");
  const article = loadArticle(at >= 0 && argv[at + 1] ? argv[at + 1] : articlePath());

  // Start-up as the bot pays it: read the lexicon and its vectors, build the index, all code cold.
  const coldStart = performance.now();
  let engine = createAnswerEngine(article, { lexicon: loadLexicon() });
  const cold = performance.now() - coldStart;
  const builds: number[] = [];
  for (let i = 0; i < BUILDS; i++) {
    const t0 = performance.now();
    engine = createAnswerEngine(article, { lexicon: loadLexicon() });
    builds.push(performance.now() - t0);
  }
  builds.sort((a, b) => a - b);
  const build = percentile(builds, 50);

  const questions = questionMix();
  for (let r = 0; r < WARMUP_ROUNDS; r++) for (const q of questions) engine.ask(q);
  const times: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    // A fresh lexicon and engine: every word is looked up for the first time, as in a new chat.
    engine = createAnswerEngine(article, { lexicon: loadLexicon() });
    for (const q of questions) {
      const t0 = performance.now();
      engine.ask(q);
      times.push(performance.now() - t0);
    }
  }
  times.sort((a, b) => a - b);
  const p50 = percentile(times, 50);
  const p99 = percentile(times, 99);
  if (process.env.VERBOSE)
    console.log([90, 95, 98, 99, 99.9].map((p) => `p${p} ${percentile(times, p).toFixed(3)}`).join(" "));
  const ok = p99 <= P99_TARGET_MS && cold <= BUILD_TARGET_MS;
  const examples = article.faqCompiled
    ? `${article.faqCompiled.examples.length} example questions, compiled`
    : article.faq
      ? `${article.faq.answers.reduce((n, a) => n + a.questions.length, article.faq.unanswered.length)} example questions, read from their file`
      : "no example questions";
  console.log(
    `${examples} | start-up (lexicon and index) ${cold.toFixed(2)} ms (target ≤ ${BUILD_TARGET_MS}), warm ${build.toFixed(2)} ms | ask p50 ${p50.toFixed(3)} ms, p99 ${p99.toFixed(3)} ms (target ≤ ${P99_TARGET_MS}) over ${times.length} questions | ${ok ? "ok" : "OVER TARGET"}`,
  );
  return ok ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
