/**
 * Scores the answer engine on question sets, with the same figures as the shared scorer: the
 * project's own sets (every `eval/*.jsonl`) and, only when a `../shared/eval` folder sits beside
 * the checkout, the sets found there too. Each set is scored and printed on its own. Quotes are
 * checked against the published text beside the article (`content/article.txt` for
 * `content/article.md`). Runs the bot in-process through the same JSON form as `npm run ask`.
 *
 *   npm run eval                         every set
 *   npm run eval -- eval/dev2.jsonl      only the sets named
 *   VERBOSE=1 npm run eval               also every miss
 *   ARTICLE_PATH=other/article.md npm run eval -- other/questions.jsonl
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { answerJson } from "../src/cli/answer-json.js";
import { articlePath, loadArticle } from "../src/content.js";
import { createBot } from "../src/core/index.js";

/** Longest first quote that still counts as focused. */
const FOCUSED_MAX_CHARS = 400;

const root = fileURLToPath(new URL("..", import.meta.url));
/** The project's own sets. */
const PROJECT_SETS = join(root, "eval");
/** Sets shared beside the checkout; optional, and the only path outside the repository this project reads. */
const SHARED_SETS = join(root, "..", "shared", "eval");

const CaseSchema = z.object({
  q: z.string(),
  kind: z.string(),
  gold: z.array(z.string()).nullable().optional(),
});
type Case = z.infer<typeof CaseSchema>;

/** The shared scorer's text normalization: lower case, straight quotes, no bullets, single spaces. */
const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[•]/g, " ")
    .replace(/\s+/g, " ")
    .trim();

function readCases(file: string): Case[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line, i) => {
      const parsed = CaseSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
}

const pct = (a: number, b: number) => (b ? ((100 * a) / b).toFixed(1) : "n/a");

/** One set's figures. */
export interface Score {
  top1: number;
  focused: number;
  top3: number;
  declined: number;
  answerable: number;
  easy: [number, number];
  hard: [number, number];
  verbatim: [number, number];
}

function score(
  name: string,
  cases: Case[],
  ask: (q: string) => ReturnType<typeof answerJson>,
  published: string,
): Score {
  const s: Score = {
    top1: 0,
    focused: 0,
    top3: 0,
    declined: 0,
    answerable: 0,
    easy: [0, 0],
    hard: [0, 0],
    verbatim: [0, 0],
  };
  const lengths: number[] = [];
  const fails: string[] = [];
  const byKind = new Map<string, [number, number]>();
  const tally = (kind: string, ok: boolean) => {
    const k = byKind.get(kind) ?? [0, 0];
    k[1]++;
    if (ok) k[0]++;
    byKind.set(kind, k);
  };
  const started = performance.now();
  for (const c of cases) {
    const o = ask(c.q);
    for (const q of o.quotes) {
      s.verbatim[1]++;
      if (published.includes(norm(q.text))) s.verbatim[0]++;
      else fails.push(`NOT VERBATIM: ${q.text.slice(0, 80)}`);
    }
    const first = o.quotes[0];
    if (!c.gold) {
      const ok = o.answered === false;
      const tallied = c.kind === "unanswerable-hard" ? s.hard : s.easy;
      tallied[1]++;
      if (ok) tallied[0]++;
      tally(c.kind, ok);
      if (!ok) fails.push(`SHOULD ABSTAIN [${c.kind}] ${c.q} -> ${(first?.text ?? "").slice(0, 70)}`);
      continue;
    }
    s.answerable++;
    const gold = c.gold.map(norm);
    const hit = (text: string | undefined) => gold.some((g) => norm(text ?? "").includes(g));
    const facts = o.facts?.join(" ") ?? "";
    const isFirst =
      hit(first?.text) ||
      (o.answered !== false && facts !== "" && hit(facts)) ||
      (c.kind === "meta" && hit(JSON.stringify(o)));
    const any3 = isFirst || o.quotes.slice(0, 3).some((q) => hit(q.text));
    if (isFirst) s.top1++;
    if (any3) s.top3++;
    if (!o.answered) s.declined++;
    tally(c.kind, isFirst);
    if (first) lengths.push(first.text.length);
    if (isFirst && (first?.text.length ?? 0) <= FOCUSED_MAX_CHARS) s.focused++;
    if (!isFirst) {
      const got = o.answered ? (first?.text ?? "(facts only)").slice(0, 70) : "(abstained)";
      fails.push(`${any3 ? "TOP3 ONLY" : "MISS"} [${c.kind}] ${c.q} -> ${got}`);
    }
  }
  const ms = performance.now() - started;
  if (process.env.VERBOSE) for (const f of fails) console.log(`  ${f}`);
  lengths.sort((a, b) => a - b);
  const n = s.answerable;
  console.log(
    `${name}: top1 ${pct(s.top1, n)}% (${s.top1}/${n}) | focused-top1 ${pct(s.focused, n)}% | median-quote ${lengths[lengths.length >> 1] ?? 0} ch | top3 ${pct(s.top3, n)}% | abstain-easy ${pct(...s.easy)}% (${s.easy.join("/")}) | abstain-hard ${pct(...s.hard)}% (${s.hard.join("/")}) | verbatim ${pct(...s.verbatim)}% (${s.verbatim.join("/")}) | wrongly-declined ${pct(s.declined, n)}% (${s.declined}/${n}) | ${ms.toFixed(0)} ms for ${cases.length}`,
  );
  console.log(
    `  by kind: ${[...byKind].map(([kind, [right, total]]) => `${kind} ${right}/${total}`).join(" · ")}`,
  );
  return s;
}

const jsonlIn = (dir: string) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith(".jsonl"))
        .sort()
        .map((f) => join(dir, f))
    : [];

/** The sets to score: those named, or the project's and then the shared ones not already scored. */
function setsToScore(named: string[]): string[] {
  if (named.length) return named;
  const digest = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");
  const own = jsonlIn(PROJECT_SETS);
  const seen = new Set(own.map(digest));
  const shared = jsonlIn(SHARED_SETS).filter((file) => !seen.has(digest(file)));
  return [...own, ...shared];
}

function main(argv: string[]): number {
  const path = articlePath();
  const article = loadArticle(path);
  const publishedFile = path.replace(/\.md$/, ".txt");
  if (!existsSync(publishedFile)) {
    console.error(`cannot find the published text beside the article: ${publishedFile}`);
    return 2;
  }
  const published = norm(readFileSync(publishedFile, "utf8"));
  const bot = createBot({ article });
  let ok = true;
  for (const file of setsToScore(argv)) {
    const name = relative(file.startsWith(root) ? root : join(root, ".."), file);
    const s = score(name, readCases(file), (q) => answerJson(bot, q), published);
    ok = ok && s.verbatim[0] === s.verbatim[1] && s.easy[0] === s.easy[1];
  }
  return ok ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
