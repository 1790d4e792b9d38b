/**
 * `npm run feedback`: what readers told the bot, for maintainers. Reads the store letterbot runs
 * with (`DATABASE_URL`, or the SQLite file under `DATA_DIR`) and prints the passages most often
 * voted down and the questions most often declined ("the article doesn't say") or voted down, so
 * the content and the engine can be improved from real use. Nothing in it names who gave feedback:
 * none is kept.
 *
 *   npm run feedback                 the report, ten of each
 *   npm run feedback -- --limit 25   more of each
 *   npm run feedback -- --json       the same as one JSON object
 *   npm run feedback -- --forget-before 2026-01-01
 *                                    deletes the feedback given before that day (UTC) or instant
 *
 * And what the bot learned from readers who confirmed a passage answers their question:
 *
 *   npm run feedback -- --suggestions  learned examples by passage: waiting, live or accepted
 *   npm run feedback -- --accept ID    makes one live whatever its count
 *   npm run feedback -- --reject ID    never live, nor suggested again; its question is forgotten
 *   npm run feedback -- --forget ID    deletes it and every confirmation of it
 *   npm run feedback -- --export       the accepted ones as an examples file, for content/
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { openStore } from "../adapters/store/open.js";
import { loadArticle } from "../content.js";
import {
  type Article,
  DEFAULT_LEARNING_POLICY,
  type FeedbackReport,
  formatExamples,
  isBotError,
  isLive,
  type LearnedRecord,
  type LearningPolicy,
  type LearningStore,
  type Passage,
  silentLogger,
  toQuote,
} from "../core/index.js";
import { loadDailyConfig } from "../runtime/daily-config.js";
import { loadLearnConfig } from "../runtime/learn-config.js";
import { redact } from "../runtime/logger.js";
import { loadStoreConfig } from "../runtime/store-config.js";

/** How many passages and questions the report lists unless told otherwise. */
export const DEFAULT_REPORT_LIMIT = 10;
/** Most of each the report lists. */
const MAX_REPORT_LIMIT = 1000;
/** Longest passage or question text shown on one line. */
const SHOWN_TEXT = 90;

// Text from the store is shown on a terminal: no control characters, whatever was stored.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** `text` on one line, without control characters, cut to `max` characters. */
function shown(text: string, max = SHOWN_TEXT): string {
  const line = text.replace(CONTROL, " ").replace(/\s+/g, " ").trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}

/** A passage's citation and the start of its text, or that the article has no such passage. */
function describePassage(article: Article, id: string): string {
  const passage: Passage | undefined =
    article.paragraphs.find((p) => p.id === id) ?? article.sentences.find((s) => s.id === id);
  if (!passage) return "(not in this article: it may have changed since)";
  return `${toQuote(passage).citation}: “${shown(passage.text, SHOWN_TEXT - 30)}”`;
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The report as text for a terminal. */
export function formatFeedbackReport(report: FeedbackReport, article: Article): string {
  const { totals } = report;
  const lines = [
    `Feedback on answers about “${shown(article.meta.title)}”`,
    `Votes: ${totals.up} helpful, ${totals.down} not helpful. Questions the article did not answer: ${totals.declined}; answered only with a closest match: ${totals.closest}.`,
  ];
  if (totals.up + totals.down + totals.declined + totals.closest === 0) {
    lines.push("", "No feedback yet: votes and declined questions appear here as people use the bot.");
    return `${lines.join("\n")}\n`;
  }
  lines.push("", "Passages most voted down (votes down, up; passage):");
  if (!report.passages.length) lines.push("  none voted down");
  for (const p of report.passages) {
    lines.push(
      `  ${String(p.down).padStart(4)} ${String(p.up).padStart(4)}  ${p.passage}  ${describePassage(article, p.passage)}`,
    );
  }
  lines.push(
    "",
    "Questions most often declined, closest-matched or voted down (declined, closest, down, up; question):",
  );
  if (!report.questions.length) lines.push("  none");
  let keysOnly = false;
  for (const q of report.questions) {
    const what = q.text !== undefined ? `“${shown(q.text)}”` : `key ${q.question}`;
    if (q.text === undefined) keysOnly = true;
    const counts = [q.declined, q.closest, q.down, q.up].map((n) => String(n).padStart(4)).join(" ");
    lines.push(`  ${counts}  ${what}`);
  }
  if (keysOnly) {
    lines.push(
      "",
      `Questions show only a key unless their text was kept (FEEDBACK_STORE_TEXT=true when they were asked). ${count(report.questions.length, "question")} listed.`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** A day ("2026-01-01", from its start in UTC) or an ISO instant with its zone. */
const DAY_OR_INSTANT = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/** What to do with learned examples instead of printing the report. */
export type LearnedCommand =
  | { kind: "suggestions" }
  | { kind: "export" }
  | { kind: "accept" | "reject" | "forget"; id: string };

export interface FeedbackArguments {
  limit: number;
  json: boolean;
  /** ISO instant before which feedback is deleted, instead of printing the report. */
  forgetBefore?: string;
  learned?: LearnedCommand;
}

/** A learned example's id, as the stores make them. */
const LEARNED_ID = /^[0-9a-f]{12}$/;

/** Reads `--limit N`, `--json`, `--forget-before DATE` and the learned-example commands; a message for anything else. */
export function readArguments(argv: readonly string[]): FeedbackArguments | { error: string } {
  let limit = DEFAULT_REPORT_LIMIT;
  let json = false;
  let forgetBefore: string | undefined;
  let learned: LearnedCommand | undefined;
  const once = (command: LearnedCommand) => {
    if (learned) return `--${learned.kind} and --${command.kind} cannot be used together`;
    learned = command;
    return undefined;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--json") json = true;
    else if (arg === "--suggestions" || arg === "--export") {
      const clash = once({ kind: arg === "--export" ? "export" : "suggestions" });
      if (clash) return { error: clash };
    } else if (arg === "--accept" || arg === "--reject" || arg === "--forget") {
      const id = argv[++i] ?? "";
      if (!LEARNED_ID.test(id))
        return { error: `${arg} takes the id --suggestions shows (12 letters and digits)` };
      const clash = once({ kind: arg.slice(2) as "accept" | "reject" | "forget", id });
      if (clash) return { error: clash };
    } else if (arg === "--forget-before") {
      const value = argv[++i] ?? "";
      const at = DAY_OR_INSTANT.test(value)
        ? Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value)
        : NaN;
      if (Number.isNaN(at)) return { error: "--forget-before takes a day (2026-01-01) or an ISO instant" };
      forgetBefore = new Date(at).toISOString();
    } else if (arg === "--limit") {
      const value = argv[++i] ?? "";
      if (!/^\d{1,4}$/.test(value) || Number(value) < 1 || Number(value) > MAX_REPORT_LIMIT) {
        return { error: `--limit takes a whole number from 1 to ${MAX_REPORT_LIMIT}` };
      }
      limit = Number(value);
    } else return { error: `unknown argument: ${shown(arg ?? "", 40)}` };
  }
  if (forgetBefore && learned)
    return { error: `--forget-before and --${learned.kind} cannot be used together` };
  return { limit, json, ...(forgetBefore ? { forgetBefore } : {}), ...(learned ? { learned } : {}) };
}

/** The learned examples that are not rejected, grouped by passage in the article's order, as text for a terminal. */
export function formatSuggestions(
  records: readonly LearnedRecord[],
  article: Article,
  policy: LearningPolicy,
): string {
  const kept = records.filter((r) => r.status !== "rejected");
  const lines = [
    `Learned example questions: ${count(kept.length, "question")}. Live at ${count(policy.minUsers, "reader")} confirming, net of those against, or when accepted.`,
  ];
  if (!kept.length) {
    lines.push("", "None yet: they appear here as readers press “This answers it” or vote on answers.");
    return `${lines.join("\n")}\n`;
  }
  const order = new Map([...article.paragraphs, ...article.sentences].map((p) => [p.id, p.start]));
  const passages = [...new Set(kept.map((r) => r.passage))].sort(
    (a, b) =>
      (order.get(a) ?? Number.MAX_SAFE_INTEGER) - (order.get(b) ?? Number.MAX_SAFE_INTEGER) ||
      (a < b ? -1 : 1),
  );
  for (const passage of passages) {
    lines.push("", `${passage}  ${describePassage(article, passage)}`);
    for (const r of kept.filter((k) => k.passage === passage)) {
      const state = r.status === "accepted" ? "accepted" : isLive(r, policy) ? "live" : "waiting";
      const votes = `+${r.confirmedBy} −${r.rejectedBy}`;
      lines.push(
        `  ${r.id}  ${state.padEnd(8)} ${votes.padEnd(8)} ${shown(`${r.platform}:${r.workspace}`, 24).padEnd(24)} “${shown(r.question ?? "")}”`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

/** Most learned examples read for a listing. */
const MAX_LEARNED_LISTED = 10_000;

/** Runs a learned-example command against the store; the exit code. */
export async function runLearned(
  command: LearnedCommand,
  store: LearningStore,
  article: Article,
  policy: LearningPolicy,
  json: boolean,
  write: (text: string) => void,
): Promise<number> {
  switch (command.kind) {
    case "suggestions": {
      await store.forgetStaleLearning(new Date(Date.now() - policy.keepDays * 24 * 60 * 60 * 1000));
      const records = await store.allLearnedRecords(MAX_LEARNED_LISTED);
      write(json ? `${JSON.stringify(records, null, 2)}\n` : formatSuggestions(records, article, policy));
      return 0;
    }
    case "export": {
      const accepted = (await store.allLearnedRecords(MAX_LEARNED_LISTED)).filter(
        (r) => r.status === "accepted" && r.question !== undefined,
      );
      const pairs = accepted.map((r) => ({ question: r.question as string, passage: r.passage }));
      write(
        `# Learned example questions accepted by an operator. Merge the entries you keep into\n# content/article.questions.yml, then run npm run content:check.\n${formatExamples(pairs, article)}`,
      );
      return 0;
    }
    case "accept":
    case "reject":
    case "forget": {
      const done =
        command.kind === "forget"
          ? await store.forgetLearned(command.id)
          : await store.setLearnedStatus(command.id, command.kind === "accept" ? "accepted" : "rejected");
      const past = { accept: "Accepted", reject: "Rejected", forget: "Forgot" }[command.kind];
      if (!done) {
        write(
          json
            ? `${JSON.stringify({ [command.kind]: command.id, done })}\n`
            : `No learned example ${command.id}.\n`,
        );
        return 1;
      }
      write(json ? `${JSON.stringify({ [command.kind]: command.id, done })}\n` : `${past} ${command.id}.\n`);
      return 0;
    }
  }
}

async function main(argv: string[]): Promise<number> {
  const args = readArguments(argv);
  if ("error" in args) {
    process.stderr.write(
      `${args.error}\nusage: npm run feedback -- [--limit N] [--json] [--forget-before DATE | --suggestions | --accept ID | --reject ID | --forget ID | --export]\n`,
    );
    return 2;
  }
  // The same settings the bot reads: the environment, and .env when there is one.
  if (existsSync(".env") && typeof process.loadEnvFile === "function") process.loadEnvFile(".env");
  const storeConfig = loadStoreConfig(process.env, loadDailyConfig(process.env));
  if (storeConfig.kind === "sqlite" && !existsSync(resolve(storeConfig.path))) {
    process.stderr.write(
      `No letterbot database at ${storeConfig.path}: set DATA_DIR (or DATABASE_URL) as the bot runs with.\n`,
    );
    return 1;
  }
  const article = loadArticle();
  const policy = loadLearnConfig(process.env) ?? DEFAULT_LEARNING_POLICY;
  const store = await openStore(storeConfig, silentLogger);
  try {
    if (args.learned) {
      return await runLearned(args.learned, store, article, policy, args.json, (text) =>
        process.stdout.write(text),
      );
    }
    if (args.forgetBefore) {
      const forgotten = await store.forgetFeedback(args.forgetBefore);
      process.stdout.write(
        args.json
          ? `${JSON.stringify({ forgotten, before: args.forgetBefore })}\n`
          : `Forgot ${count(forgotten, "feedback event")} given before ${args.forgetBefore}.\n`,
      );
      return 0;
    }
    const report = await store.feedbackReport(args.limit);
    process.stdout.write(
      args.json ? `${JSON.stringify(report, null, 2)}\n` : formatFeedbackReport(report, article),
    );
    return 0;
  } finally {
    await store.close();
  }
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(resolve(entry)).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      const message = isBotError(err)
        ? err.message
        : `unexpected error: ${err instanceof Error ? err.message : String(err)}`;
      process.stderr.write(`letterbot: ${redact(message)}\n`);
      process.exitCode = 1;
    },
  );
}
