/**
 * How well an article's example questions cover it: per sentence, how many examples it has (the
 * sentences with none listed apart), per front-matter fact the same, and each example that the
 * engine, with every example loaded, answers with another passage, another fact, or declines:
 * the conflicts to resolve, by rewording or refiling the example, or by writing more for its answer.
 *
 *   npm run content:coverage
 *   npm run content:coverage -- eval/nurses/article.md
 */
import { relative, resolve } from "node:path";
import { articlePath, loadArticle, loadExamples, loadLexicon } from "../src/content.js";
import { type Answer, answerFact, createAnswerEngine, examplesPathFor } from "../src/core/index.js";

/** Sentences under this many examples are marked as thin. */
const THIN = 10;

function main(argv: string[]): number {
  const path = argv[0] ? resolve(argv[0]) : articlePath();
  const article = loadArticle(path);
  const file = relative(process.cwd(), examplesPathFor(path));
  const faq = loadExamples(path);
  if (!faq) {
    console.log(`${file}: no example questions for this article`);
    return 0;
  }
  const perPassage = new Map<string, number>();
  const perFact = new Map<string, number>();
  for (const { target, questions } of faq.answers) {
    const counts = target.kind === "passage" ? perPassage : perFact;
    const key = target.kind === "passage" ? target.id : target.key;
    counts.set(key, (counts.get(key) ?? 0) + questions.length);
  }
  console.log(`Examples per sentence (${file}):`);
  const none: string[] = [];
  for (const s of article.sentences) {
    const n = perPassage.get(s.id) ?? 0;
    if (!n) none.push(s.id);
    console.log(
      `${String(n).padStart(5)}${n && n < THIN ? " thin" : "     "}  ${s.id.padEnd(7)} ${s.text.slice(0, 80)}`,
    );
  }
  console.log(`\nExamples per fact:`);
  for (const [key, n] of perFact) console.log(`${String(n).padStart(5)}       ${key}`);
  console.log(`\nSentences with no example (${none.length}): ${none.join(" ") || "none"}`);

  const engine = createAnswerEngine(article, { lexicon: loadLexicon() });
  const conflicts: string[] = [];
  /** Whether an answer gives what an example is filed under: as its first quote, or as a fact with the passage stating it. */
  const answersAsFiled = (answer: Answer, filed: string): boolean => {
    if (filed === "declined") return !answer.answered;
    if (!answer.answered) return false;
    if (answer.quotes[0]?.id === filed) return true;
    if (answer.reason !== "request") return false;
    return (
      answer.facts?.some((f) => filed === `fact ${f}`) === true || answer.quotes.some((q) => q.id === filed)
    );
  };
  /** What an answer gives, for the report. */
  const answeredWith = (answer: Answer): string => {
    if (!answer.answered) return "declined";
    const fact = answer.facts?.[0];
    if (fact && answer.reason === "request") return `fact ${fact}`;
    return answer.quotes[0]?.id ?? "nothing";
  };
  const check = (text: string, line: number, filed: string) => {
    const answer = engine.ask(text);
    if (!answersAsFiled(answer, filed))
      conflicts.push(
        `${file}:${line}: "${text}" is filed under ${filed}; answered with ${answeredWith(answer)}`,
      );
  };
  for (const { target, questions } of faq.answers) {
    const filed =
      target.kind === "passage"
        ? target.id
        : `fact ${answerFact(target.key, article).facts[0] ?? target.key}`;
    for (const q of questions) check(q.text, q.line, filed);
  }
  for (const q of faq.unanswered) check(q.text, q.line, "declined");
  const total = faq.answers.reduce((n, a) => n + a.questions.length, 0) + faq.unanswered.length;
  console.log(`\nExamples answered otherwise than filed: ${conflicts.length} of ${total}`);
  for (const c of conflicts) console.log(c);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
