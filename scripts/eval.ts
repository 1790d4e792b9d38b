/**
 * Scores the answer engine on the project's question set (eval/questions.jsonl) and, when it is
 * present, on the shared development set (../shared/eval/questions.jsonl), printing the same
 * figures as the shared scorer. Runs the bot in-process.
 *
 *   npm run eval                  figures per set
 *   VERBOSE=1 npm run eval        also every miss
 *   npm run eval -- --article path/to/article.md
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { loadArticle } from "../src/content.js";
import { createBot } from "../src/core/index.js";

/** Longest first quote that still counts as focused. */
const FOCUSED_MAX_CHARS = 400;

const root = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const SETS = [
  { name: "project", file: root("eval/questions.jsonl") },
  { name: "dev", file: root("../shared/eval/questions.jsonl") },
];
const SEED = root("../shared/seed/article.txt");

const CaseSchema = z.object({
  q: z.string(),
  kind: z.string(),
  gold: z.array(z.string()).nullable(),
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

function score(name: string, cases: Case[], ask: ReturnType<typeof createBot>["ask"], seed: string): boolean {
  let answerable = 0;
  let top1 = 0;
  let top3 = 0;
  let focused = 0;
  let easy = 0;
  let easyOk = 0;
  let hard = 0;
  let hardOk = 0;
  let quotes = 0;
  let verbatim = 0;
  const lengths: number[] = [];
  const fails: string[] = [];
  const started = performance.now();
  for (const c of cases) {
    const answer = ask(c.q);
    for (const q of answer.quotes) {
      quotes++;
      if (seed.includes(norm(q.text))) verbatim++;
      else fails.push(`NOT VERBATIM: ${q.text.slice(0, 80)}`);
    }
    const first = answer.quotes[0];
    if (!c.gold) {
      const ok = !answer.answered;
      if (c.kind === "unanswerable-hard") {
        hard++;
        if (ok) hardOk++;
      } else {
        easy++;
        if (ok) easyOk++;
      }
      if (!ok) fails.push(`SHOULD ABSTAIN [${c.kind}] ${c.q} -> ${(first?.text ?? "").slice(0, 70)}`);
      continue;
    }
    answerable++;
    const gold = c.gold.map(norm);
    const hit = (text: string | undefined) => gold.some((g) => norm(text ?? "").includes(g));
    const isFirst = hit(first?.text) || (c.kind === "meta" && hit(JSON.stringify(answer)));
    const any3 = isFirst || answer.quotes.slice(0, 3).some((q) => hit(q.text));
    if (isFirst) top1++;
    if (any3) top3++;
    if (first) lengths.push(first.text.length);
    if (isFirst && (first?.text.length ?? 0) <= FOCUSED_MAX_CHARS) focused++;
    if (!isFirst) {
      const got = answer.answered ? (first?.text ?? "(facts only)").slice(0, 70) : "(abstained)";
      fails.push(`${any3 ? "TOP3 ONLY" : "MISS"} [${c.kind}] ${c.q} -> ${got}`);
    }
  }
  const ms = performance.now() - started;
  if (process.env.VERBOSE) for (const f of fails) console.log(`  ${f}`);
  lengths.sort((a, b) => a - b);
  console.log(
    `${name}: top1 ${pct(top1, answerable)}% (${top1}/${answerable}) | focused-top1 ${pct(focused, answerable)}% | median-quote ${lengths[lengths.length >> 1] ?? 0} ch | top3 ${pct(top3, answerable)}% | abstain-easy ${pct(easyOk, easy)}% (${easyOk}/${easy}) | abstain-hard ${pct(hardOk, hard)}% (${hardOk}/${hard}) | verbatim ${pct(verbatim, quotes)}% (${verbatim}/${quotes}) | ${ms.toFixed(0)} ms for ${cases.length}`,
  );
  return verbatim === quotes && easyOk === easy;
}

function main(argv: string[]): number {
  const at = argv.indexOf("--article");
  const article = at >= 0 && argv[at + 1] ? loadArticle(argv[at + 1]) : loadArticle();
  const bot = createBot({ article });
  if (!existsSync(SEED)) {
    console.error(`cannot find the seed article at ${SEED}`);
    return 2;
  }
  const seed = norm(readFileSync(SEED, "utf8"));
  let ok = true;
  for (const set of SETS) {
    if (!existsSync(set.file)) continue;
    ok = score(set.name, readCases(set.file), (q) => bot.ask(q), seed) && ok;
  }
  return ok ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
