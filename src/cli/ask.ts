/**
 * Asks letterbot one question from the command line.
 *
 *   npm run -s ask -- "who did they write to?"     a readable answer
 *   npm run -s ask -- --json "who wrote it?"      one JSON object
 *   npm run -s ask -- --json -                     one question a line on stdin, one JSON line each
 *   npm run -s ask -- --explain "who wrote it?"   how the engine read and ranked it
 */
import { createInterface } from "node:readline";
import { renderPlainText } from "../adapters/text.js";
import { loadArticle, loadLexicon } from "../content.js";
import { createBot } from "../core/index.js";
import { answerJson } from "./answer-json.js";

async function main(argv: string[]): Promise<number> {
  const json = argv.includes("--json");
  const explain = argv.includes("--explain");
  const rest = argv.filter((a) => a !== "--json" && a !== "--explain");
  const bot = createBot({ article: loadArticle(), lexicon: loadLexicon() });
  if (json && rest.length === 1 && rest[0] === "-") {
    const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
    for await (const line of lines) process.stdout.write(`${JSON.stringify(answerJson(bot, line))}\n`);
    return 0;
  }
  const question = rest.join(" ").trim();
  if (!question) {
    process.stderr.write(
      'usage: npm run -s ask -- [--json] "question"   (or --json - to read questions from stdin)\n',
    );
    return 2;
  }
  if (explain) {
    process.stdout.write(`${JSON.stringify(bot.engine.explain(question), null, 2)}\n`);
  } else if (json) {
    process.stdout.write(`${JSON.stringify(answerJson(bot, question))}\n`);
  } else {
    const reply = await bot.handle({
      where: { platform: "console", workspace: "console", channel: "cli" },
      user: "cli",
      source: "console",
      text: `ask ${question}`,
    });
    process.stdout.write(`${renderPlainText(reply, { loudHeadings: true, suggestionsFor: "console" })}\n`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`letterbot: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
