/**
 * Compiles an article's example questions (`article.questions.yml`) into the form the engine
 * reads (`article.questions.compiled.json` beside them): every example read and analyzed once
 * here instead of at every start-up. The bot uses the compiled file only while it was made from
 * the article and examples files as they are; after an edit it reads the YAML again, correctly
 * but more slowly, until this is run. Commit the compiled file with the examples.
 *
 *   npm run content:compile                              the article letterbot discusses
 *   npm run content:compile -- eval/nurses/article.md    another article
 */
import { readFileSync, writeFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import {
  articlePath,
  compiledPathFor,
  examplesDigest,
  loadArticle,
  loadExamples,
  loadLexicon,
} from "../src/content.js";
import { compileExamples, examplesPathFor, isBotError, readExampleSet } from "../src/core/index.js";

/** The compiled examples of an article as text, or undefined when it has no examples file. */
export function compiledText(path: string): string | undefined {
  const faq = loadExamples(path);
  if (!faq) return undefined;
  const article = { ...loadArticle(path), faq, faqCompiled: undefined };
  const digest = examplesDigest(readFileSync(path, "utf8"), readFileSync(examplesPathFor(path), "utf8"));
  const compiled = compileExamples(readExampleSet(article, loadLexicon()), article, digest);
  return `${JSON.stringify(compiled)}\n`;
}

function main(argv: string[]): number {
  const path = argv[0] ? resolve(argv[0]) : articlePath();
  let text: string | undefined;
  try {
    text = compiledText(path);
  } catch (err) {
    if (!isBotError(err, "content_invalid")) throw err;
    console.error(err.message);
    return 1;
  }
  if (text === undefined) {
    console.log(`${relative(process.cwd(), examplesPathFor(path))}: no example questions to compile`);
    return 0;
  }
  const out = compiledPathFor(path);
  writeFileSync(out, text);
  console.log(`${relative(process.cwd(), out)}: written (${Math.round(text.length / 1024)} KB)`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  process.exitCode = main(process.argv.slice(2));
}
