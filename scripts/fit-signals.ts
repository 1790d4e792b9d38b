/**
 * Asks whether the engine's own signals, weighed by fitted models instead of by hand, would rank
 * and decide better on questions the fit never saw. Each set of `eval/` is left out in turn: the
 * models are fitted on the other sets and scored on it.
 *
 * - Ranking: a listwise logistic model over the five sentences the engine ranks best for each
 *   answerable question, scored by how often the sentence it puts first holds the answer, against
 *   how often the engine's own first quote does.
 * - Deciding: a logistic model over the signals of the sentence the engine would quote (its
 *   answer or its closest match), set to decline as many on-topic unanswerable questions as the
 *   engine does, scored by how many answerable questions it then answers outright.
 *
 * Only questions the engine reads as plain questions count (not requests, quotes or several
 * parts). Deterministic: the same figures every run.
 *
 *   npm run -s fit-signals
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { articlePath, loadArticle, loadLexicon } from "../src/content.js";
import { createAnswerEngine, type Lexicon } from "../src/core/index.js";
import { createAnalyzer, put } from "../src/core/search/analyze.js";
import { decide } from "../src/core/search/decide.js";
import { NO_EXAMPLES } from "../src/core/search/examples.js";
import { buildKnowledge } from "../src/core/search/knowledge.js";
import { type Token, tokenize } from "../src/core/search/normalize.js";
import { rerank, type Scored } from "../src/core/search/rerank.js";
import { buildIndex, retrieve } from "../src/core/search/retrieve.js";
import { isStopWord } from "../src/core/search/stopwords.js";
import { createUnderstanding, type Query } from "../src/core/search/understand.js";
import { articleFolders, jsonlIn, norm, readCases } from "./score.js";

/** Sentences per question the ranking model chooses among. */
const CANDIDATES = 5;
/** How well a term must match to be held, as the engine's decide stage has it. */
const HELD = 0.75;
/** How well a term must match in a sentence or its paragraph to be reached. */
const REACHED = 0.5;
/** A term carrying this share of the question's weight is one of its weightiest. */
const HEAVY = 0.25;
/** Gradient descent: steps, step size, and the L2 penalty on the weights. */
const STEPS = 2000;
const RATE = 0.3;
const PENALTY = 0.5;

interface Ranking {
  set: string;
  /** Per candidate sentence, its signals and whether it holds the answer. */
  candidates: { signals: number[]; holds: boolean }[];
  /** Whether the engine's own first quote holds the answer. */
  engineRight: boolean;
}

interface Choice {
  set: string;
  signals: number[];
  answerable: boolean;
  /** Whether the engine answered outright (not only the closest match). */
  answered: boolean;
}

/** The mean vector of a text's words, of unit length, or undefined when none has a vector. */
function meanVector(tokens: Token[], lexicon: Lexicon): Float64Array | undefined {
  let sum: Float64Array | undefined;
  for (const t of tokens) {
    if (isStopWord(t.norm, t.stem)) continue;
    const v = lexicon.vector(t.norm);
    if (!v) continue;
    sum ??= new Float64Array(v.length);
    for (let d = 0; d < v.length; d++) sum[d] = (sum[d] as number) + (v[d] as number);
  }
  if (!sum) return undefined;
  const length = Math.hypot(...sum) || 1;
  return sum.map((x) => x / length);
}

const cosine = (a: Float64Array | undefined, b: Float64Array | undefined) =>
  a && b ? a.reduce((s, x, d) => s + x * (b[d] as number), 0) : 0;

/** The share of the question's weight whose terms pass `test`. */
function share(query: Query, test: (i: number) => boolean): number {
  let total = 0;
  let passed = 0;
  query.terms.forEach((t, i) => {
    total += t.weight;
    if (test(i)) passed += t.weight;
  });
  return total ? passed / total : 0;
}

/** Reads every set of one article into rankings and choices. */
function collect(path: string, sets: string[], lexicon: Lexicon): { rankings: Ranking[]; choices: Choice[] } {
  const article = loadArticle(path);
  const engine = createAnswerEngine(article, { lexicon });
  const knowledge = buildKnowledge(article);
  const analyzer = createAnalyzer(lexicon, knowledge);
  const index = buildIndex(article, analyzer);
  const understand = createUnderstanding(article, analyzer, index);
  const docs = index.docs.length;
  const rankings: Ranking[] = [];
  const choices: Choice[] = [];
  for (const file of sets) {
    const set = file.split("/").slice(-2).join("/");
    for (const c of readCases(file)) {
      if (!c.gold && c.kind !== "unanswerable-hard") continue;
      const query = understand(c.q);
      if (query.intent.kind !== "question") continue;
      const keys = new Map<string, number>();
      for (const t of query.terms)
        t.keys.forEach((q, k) => {
          put(keys, k, q);
        });
      const bm25 = retrieve(index, keys);
      const ranked = rerank(query, index, bm25, knowledge, NO_EXAMPLES);
      const gold = (c.gold ?? []).map(norm);
      const holds = (text: string) => gold.some((g) => norm(text).includes(g));
      const reach = (s: Scored) => share(query, (i) => (s.reach[i] ?? 0) >= REACHED);
      const held = (s: Scored, least: number) => share(query, (i) => (s.quality[i] ?? 0) >= least);

      const decision = decide(query, ranked, 1);
      const chosen = decision.chosen[0];
      if (chosen) {
        let total = 0;
        for (const t of query.terms) total += t.weight;
        const next = ranked.find((s) => s !== chosen);
        choices.push({
          set,
          answerable: Boolean(c.gold),
          answered: decision.outcome === "answer",
          signals: [
            chosen.coverage,
            chosen.score,
            chosen.typed ? 1 : 0,
            held(chosen, HELD),
            reach(chosen),
            query.terms.length,
            share(query, (i) => !query.terms[i]?.known),
            Math.max(...query.terms.map((t) => t.weight)) / total,
            Math.min(...query.terms.map((t, i) => (t.weight / total >= HEAVY ? (chosen.reach[i] ?? 0) : 1))),
            query.expect.type === "any" ? 1 : 0,
            query.expect.claim ? 1 : 0,
            chosen.score - (next?.score ?? 0),
            held(chosen, 1),
            Math.min(ranked.length, 50) / 50,
          ],
        });
      }

      if (!c.gold || !ranked.length) continue;
      const answer = engine.ask(c.q);
      const asked = meanVector(tokenize(c.q), lexicon);
      const best = (ranked[0] as Scored).score;
      rankings.push({
        set,
        engineRight: holds(answer.quotes[0]?.text ?? ""),
        candidates: ranked.slice(0, CANDIDATES).map((s, rank) => {
          const p = s.doc.passage;
          return {
            holds: holds(p.text),
            signals: [
              s.coverage,
              s.score - best,
              s.typed ? 1 : 0,
              bm25.get(s.doc.at) ?? 0,
              held(s, HELD),
              reach(s),
              held(s, 1),
              p.text.length / 220,
              s.doc.at / docs,
              p.sentence === 1 ? 1 : 0,
              p.section === "demands" ? 1 : 0,
              p.speaker === "employees" ? 1 : 0,
              rank,
              s.doc.names.length ? 1 : 0,
              s.doc.counts.length ? 1 : 0,
              s.doc.dated ? 1 : 0,
              cosine(asked, meanVector(s.doc.analyzed.tokens, lexicon)),
            ],
          };
        }),
      });
    }
  }
  return { rankings, choices };
}

/** Scales each signal to mean 0 and spread 1 over the rows it is fitted on. */
function scaler(rows: number[][]): (row: number[]) => number[] {
  const n = rows.length;
  const width = rows[0]?.length ?? 0;
  const mean = Array.from({ length: width }, (_, j) => rows.reduce((s, r) => s + (r[j] as number), 0) / n);
  const spread = mean.map(
    (m, j) => Math.sqrt(rows.reduce((s, r) => s + ((r[j] as number) - m) ** 2, 0) / n) || 1,
  );
  return (row) => row.map((x, j) => (x - (mean[j] as number)) / (spread[j] as number));
}

const dot = (w: number[], x: number[]) => x.reduce((s, v, j) => s + v * (w[j] as number), 0);

/**
 * Fits weights by gradient descent on a smooth loss: `gradient` adds each example's gradient for
 * the weights into the array it is given, and the L2 penalty keeps the weights small.
 */
function descend(width: number, examples: number, gradient: (w: number[], into: number[]) => void): number[] {
  const w = new Array<number>(width).fill(0);
  for (let step = 0; step < STEPS; step++) {
    const g = w.map((x) => PENALTY * x);
    gradient(w, g);
    for (let j = 0; j < width; j++) w[j] = (w[j] as number) - (RATE * (g[j] as number)) / examples;
  }
  return w;
}

/** A listwise logistic ranker: the chance of each candidate being the answer is a softmax of its score. */
function fitRanker(train: Ranking[]): (r: Ranking) => number {
  const usable = train.filter((r) => r.candidates.some((c) => c.holds));
  const scale = scaler(usable.flatMap((r) => r.candidates.map((c) => c.signals)));
  const lists = usable.map((r) => ({
    x: r.candidates.map((c) => scale(c.signals)),
    y: r.candidates.map((c) => (c.holds ? 1 : 0)),
  }));
  const width = lists[0]?.x[0]?.length ?? 0;
  const w = descend(width, lists.length, (w, g) => {
    for (const { x, y } of lists) {
      const scores = x.map((row) => dot(w, row));
      const top = Math.max(...scores);
      const e = scores.map((s) => Math.exp(s - top));
      const z = e.reduce((a, b) => a + b, 0);
      const right = y.reduce((a: number, b) => a + b, 0);
      x.forEach((row, i) => {
        const diff = (e[i] as number) / z - (y[i] as number) / right;
        row.forEach((v, j) => {
          g[j] = (g[j] as number) + diff * v;
        });
      });
    }
  });
  // The candidate it puts first.
  return (r) => {
    const scores = r.candidates.map((c) => dot(w, scale(c.signals)));
    return scores.indexOf(Math.max(...scores));
  };
}

/** A logistic model of whether a question is answerable, from the signals of its best sentence. */
function fitDecider(train: Choice[]): (c: Choice) => number {
  const scale = scaler(train.map((c) => c.signals));
  const rows = train.map((c) => ({ x: [...scale(c.signals), 1], y: c.answerable ? 1 : 0 }));
  const width = rows[0]?.x.length ?? 0;
  const w = descend(width, rows.length, (w, g) => {
    for (const { x, y } of rows) {
      const diff = 1 / (1 + Math.exp(-dot(w, x))) - y;
      x.forEach((v, j) => {
        g[j] = (g[j] as number) + diff * v;
      });
    }
  });
  return (c) => dot(w, [...scale(c.signals), 1]);
}

/** Answerable questions answered when the model declines as many unanswerable ones as the engine. */
function answeredAtEngineDeclines(test: Choice[], score: (c: Choice) => number): number {
  const hard = test.filter((c) => !c.answerable);
  const answeredHard = hard.filter((c) => c.answered).length;
  // Answer the questions scoring at least the best unanswerable one the model may answer.
  const hardScores = hard.map(score).sort((a, b) => b - a);
  const bar = answeredHard ? (hardScores[answeredHard - 1] as number) : (hardScores[0] ?? 0) + 1e-9;
  return test.filter((c) => c.answerable && score(c) >= bar).length;
}

function main(): void {
  const lexicon = loadLexicon();
  const root = fileURLToPath(new URL("../eval/", import.meta.url));
  const articles = [
    { path: articlePath(), sets: jsonlIn(root) },
    ...articleFolders(root).map((dir) => ({ path: join(dir, "article.md"), sets: jsonlIn(dir) })),
  ];
  const rankings: Ranking[] = [];
  const choices: Choice[] = [];
  for (const { path, sets } of articles) {
    const found = collect(path, sets, lexicon);
    rankings.push(...found.rankings);
    choices.push(...found.choices);
  }
  const sets = [...new Set(rankings.map((r) => r.set))];
  console.log(
    "| left out | questions ranked | engine first right | fitted ranker first right | answerable weighed | engine answers | fitted decider answers |",
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- |");
  const totals = [0, 0, 0, 0, 0, 0];
  for (const set of sets) {
    const ranker = fitRanker(rankings.filter((r) => r.set !== set));
    const ranked = rankings.filter((r) => r.set === set);
    const engineRight = ranked.filter((r) => r.engineRight).length;
    const fittedRight = ranked.filter((r) => r.candidates[ranker(r)]?.holds).length;
    const decider = fitDecider(choices.filter((c) => c.set !== set));
    const weighed = choices.filter((c) => c.set === set);
    const answerable = weighed.filter((c) => c.answerable).length;
    const engineAnswers = weighed.filter((c) => c.answerable && c.answered).length;
    const fittedAnswers = answeredAtEngineDeclines(weighed, decider);
    const row = [ranked.length, engineRight, fittedRight, answerable, engineAnswers, fittedAnswers];
    row.forEach((x, i) => {
      totals[i] = (totals[i] as number) + x;
    });
    console.log(`| ${set} | ${row.join(" | ")} |`);
  }
  console.log(`| all | ${totals.join(" | ")} |`);
}

main();
