/**
 * Asks letterbot one question from the command line.
 *
 *   npm run -s ask -- "who did they write to?"     a readable answer
 *   npm run -s ask -- --json "who wrote it?"      one JSON object
 *   npm run -s ask -- --json -                     one question a line on stdin, one JSON line each;
 *                                                  a line {"question": "…", "thread": ["earlier", …]} asks in a thread
 *   npm run -s ask -- --explain "who wrote it?"   how the engine read and ranked it
 */
import { createInterface } from "node:readline";
import { z } from "zod";
import { renderPlainText } from "../adapters/text.js";
import { loadArticle, loadLexicon } from "../content.js";
import { createBot } from "../core/index.js";
import { answerJson } from "./answer-json.js";

/** A line of `--json -` input that asks in a thread: the question, and the thread's earlier messages, oldest first. */
const ThreadLine = z.object({ question: z.string(), thread: z.array(z.string()).max(50).default([]) });

/** A line of `--json -` input: a JSON object `{"question", "thread"}` asks in a thread; any other line is a question. */
function readLine(line: string): { question: string; thread: string[] } {
  if (line.trimStart().startsWith("{")) {
    try {
      const parsed = ThreadLine.safeParse(JSON.parse(line));
      if (parsed.success) return parsed.data;
    } catch {
      // Not JSON: a question that happens to start with a brace.
    }
  }
  return { question: line, thread: [] };
}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes("--json");
  const explain = argv.includes("--explain");
  const rest = argv.filter((a) => a !== "--json" && a !== "--explain");
  const bot = createBot({ article: loadArticle(), lexicon: loadLexicon() });
  if (json && rest.length === 1 && rest[0] === "-") {
    const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
    for await (const line of lines) {
      const { question, thread } = readLine(line);
      process.stdout.write(`${JSON.stringify(answerJson(bot, question, thread))}\n`);
    }
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
