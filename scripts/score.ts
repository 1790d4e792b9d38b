/**
 * The shared scorer's figures for a question set, computed in-process: whether the first quote
 * (or a metadata fact) holds a gold answer, whether any of the first three does, answerable
 * questions declined, off-topic and on-topic-unanswerable questions declined, verbatim quotes.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import type { AnswerJson } from "../src/cli/answer-json.js";

/** Longest first quote that still counts as focused. */
const FOCUSED_MAX_CHARS = 400;

const CaseSchema = z
  .object({
    q: z.string().optional(),
    /** A thread's messages, oldest first: only the last is scored, read with the others. */
    thread: z.array(z.string()).min(1).optional(),
    kind: z.string(),
    gold: z.array(z.string()).nullable().optional(),
  })
  .refine((c) => (c.q === undefined) !== (c.thread === undefined), "a case has either q or thread")
  .transform(({ q, thread, ...rest }) => ({
    ...rest,
    q: q ?? (thread?.at(-1) as string),
    earlier: thread?.slice(0, -1) ?? [],
  }));
export type Case = z.infer<typeof CaseSchema>;

/** The shared scorer's text normalization: lower case, straight quotes, no bullets, single spaces. */
export const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[•]/g, " ")
    .replace(/\s+/g, " ")
    .trim();

/** The question sets (`*.jsonl`) of a folder, sorted; none when the folder does not exist. */
export function jsonlIn(dir: string): string[] {
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith(".jsonl"))
        .sort()
        .map((f) => join(dir, f))
    : [];
}

/** Folders of `dir` that hold another article (`article.md`) and its sets. */
export function articleFolders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, "article.md")))
    .map((e) => join(dir, e.name));
}

export function readCases(file: string): Case[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line, i) => {
      const parsed = CaseSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
}

/** A case as asked: its thread's messages too. */
const asked = (c: Case) => [...c.earlier, c.q].join(" | ");

/** One set's figures; pairs are [right, total]. */
export interface Score {
  answerable: number;
  top1: number;
  focused: number;
  top3: number;
  declined: number;
  easy: [number, number];
  /** Off-topic questions given any quote, a closest match included (which abstain-easy counts as declined). */
  easyQuoted: number;
  hard: [number, number];
  verbatim: [number, number];
  medianQuote: number;
  byKind: Map<string, [number, number]>;
  /** Each miss, for VERBOSE output. */
  misses: string[];
  ms: number;
}

/** Scores answers to a set. `published` is the article's published text, normalized with `norm`. */
export function score(
  cases: Case[],
  ask: (q: string, thread: string[]) => AnswerJson,
  published: string,
): Score {
  const s: Score = {
    answerable: 0,
    top1: 0,
    focused: 0,
    top3: 0,
    declined: 0,
    easy: [0, 0],
    easyQuoted: 0,
    hard: [0, 0],
    verbatim: [0, 0],
    medianQuote: 0,
    byKind: new Map(),
    misses: [],
    ms: 0,
  };
  const lengths: number[] = [];
  const tally = (kind: string, ok: boolean) => {
    const k = s.byKind.get(kind) ?? [0, 0];
    k[1]++;
    if (ok) k[0]++;
    s.byKind.set(kind, k);
  };
  const started = performance.now();
  for (const c of cases) {
    const o = ask(c.q, c.earlier);
    for (const q of o.quotes) {
      s.verbatim[1]++;
      if (published.includes(norm(q.text))) s.verbatim[0]++;
      else s.misses.push(`NOT VERBATIM: ${q.text.slice(0, 80)}`);
    }
    const first = o.quotes[0];
    if (!c.gold) {
      const ok = o.answered === false;
      const tallied = c.kind === "unanswerable-hard" ? s.hard : s.easy;
      if (tallied === s.easy && o.quotes.length) s.easyQuoted++;
      tallied[1]++;
      if (ok) tallied[0]++;
      tally(c.kind, ok);
      if (!ok) s.misses.push(`SHOULD ABSTAIN [${c.kind}] ${c.q} -> ${(first?.text ?? "").slice(0, 70)}`);
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
      s.misses.push(`${any3 ? "TOP3 ONLY" : "MISS"} [${c.kind}] ${asked(c)} -> ${got}`);
    }
  }
  s.ms = performance.now() - started;
  lengths.sort((a, b) => a - b);
  s.medianQuote = lengths[lengths.length >> 1] ?? 0;
  return s;
}

const pct = (a: number, b: number) => (b ? ((100 * a) / b).toFixed(1) : "n/a");

/** Prints a set's figures the way the shared scorer does, then the breakdown by kind. */
export function printScore(name: string, s: Score): void {
  if (process.env.VERBOSE) for (const miss of s.misses) console.log(`  ${miss}`);
  const n = s.answerable;
  const cases = s.easy[1] + s.hard[1] + n;
  console.log(
    `${name}: top1 ${pct(s.top1, n)}% (${s.top1}/${n}) | focused-top1 ${pct(s.focused, n)}% | median-quote ${s.medianQuote} ch | top3 ${pct(s.top3, n)}% | abstain-easy ${pct(...s.easy)}% (${s.easy.join("/")}, ${s.easyQuoted} quoted) | abstain-hard ${pct(...s.hard)}% (${s.hard.join("/")}) | verbatim ${pct(...s.verbatim)}% (${s.verbatim.join("/")}) | wrongly-declined ${pct(s.declined, n)}% (${s.declined}/${n}) | ${s.ms.toFixed(0)} ms for ${cases}`,
  );
  console.log(
    `  by kind: ${[...s.byKind].map(([kind, [right, total]]) => `${kind} ${right}/${total}`).join(" · ")}`,
  );
}
