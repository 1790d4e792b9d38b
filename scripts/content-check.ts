/**
 * Checks an article's example questions (`article.questions.yml` beside it): every passage is the
 * words of one sentence, every fact is in the front matter, no question is filed under two
 * answers or as both answered and unanswered, and none is listed twice. Prints `file:line: …` for
 * each problem and a summary; exits 1 on any error (warnings alone pass).
 *
 *   npm run content:check                                   the article letterbot discusses
 *   npm run content:check -- eval/nurses/article.md         another article
 */
import { existsSync } from "node:fs";
import { relative, resolve } from "node:path";
import { articlePath, loadArticle, loadExamples } from "../src/content.js";
import { examplesPathFor, examplesProblems, isBotError } from "../src/core/index.js";

function main(argv: string[]): number {
  const path = argv[0] ? resolve(argv[0]) : articlePath();
  const file = examplesPathFor(path);
  const shown = relative(process.cwd(), file);
  if (!existsSync(file)) {
    console.log(`${shown}: no example questions for this article (the file is optional)`);
    return 0;
  }
  let article: ReturnType<typeof loadArticle>;
  let faq: ReturnType<typeof loadExamples>;
  try {
    article = loadArticle(path);
    faq = loadExamples(path);
  } catch (err) {
    if (!isBotError(err, "content_invalid")) throw err;
    console.error(err.message);
    return 1;
  }
  if (!faq) return 0;
  const problems = examplesProblems(faq);
  for (const p of problems) console.log(`${shown}:${p.line}: ${p.severity}: ${p.message}`);
  const passages = new Set(faq.answers.flatMap((a) => (a.target.kind === "passage" ? [a.target.id] : [])));
  const facts = new Set(faq.answers.flatMap((a) => (a.target.kind === "fact" ? [a.target.key] : [])));
  const answerable = faq.answers.reduce((n, a) => n + a.questions.length, 0);
  const errors = problems.filter((p) => p.severity === "error").length;
  console.log(
    `${shown}: ${answerable} answerable examples under ${passages.size} of ${article.sentences.length} sentences and ${facts.size} facts, ${faq.unanswered.length} unanswered; ${errors} errors, ${problems.length - errors} warnings`,
  );
  return errors ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
