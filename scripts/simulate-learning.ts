/**
 * What learning from readers' confirmations adds, simulated: the questions of some sets are asked
 * as readers would, each by a reader of its own, and the readers act on the reply as honest ones
 * do. A closest match holding the right passage gets "This answers it" on that passage; an
 * answer gets 👍 when its first quote is right and 👎 when it is not. Confirmations pool by
 * question (letters and digits alone), as the bot pools them, and go live by the rule the bot
 * uses. Then another set is scored with the examples file alone and with the learned examples
 * beside it.
 *
 *   npm run simulate:learning -- --learn eval/dev2.jsonl --learn eval/cnet-c.jsonl --score eval/questions.jsonl
 *   npm run simulate:learning -- ... --min-users 3     live at three readers (default: every
 *                                                      suggestion accepted by an operator)
 *   ARTICLE_PATH=other/article.md npm run simulate:learning -- ...
 */
import { readFileSync } from "node:fs";
import { toAnswerJson } from "../src/cli/answer-json.js";
import { articlePath, loadArticle, loadLexicon } from "../src/content.js";
import { type Answer, createAnswerEngine, exampleKey, type LearnedPair } from "../src/core/index.js";
import { norm, readCases, type Score, score } from "./score.js";

function readArgs(argv: string[]) {
  const learn: string[] = [];
  const scored: string[] = [];
  let minUsers: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[++i];
    if (value === undefined) throw new Error(`${arg} needs a value`);
    if (arg === "--learn") learn.push(value);
    else if (arg === "--score") scored.push(value);
    else if (arg === "--min-users") minUsers = Number(value);
    else throw new Error(`unknown argument: ${arg}`);
  }
  if (!learn.length || !scored.length)
    throw new Error("usage: --learn SET [--learn SET…] --score SET [--min-users N]");
  return { learn, scored, minUsers };
}

const { learn, scored, minUsers } = readArgs(process.argv.slice(2));
const path = articlePath();
const article = loadArticle(path);
const engine = createAnswerEngine(article, { lexicon: loadLexicon() });
const published = norm(readFileSync(path.replace(/\.md$/, ".txt"), "utf8"));
const holds = (gold: string[] | null | undefined, text: string | undefined) =>
  !!gold && gold.some((g) => norm(text ?? "").includes(norm(g)));

// Readers' votes, pooled by question and passage: each question of a set is one reader.
const votes = new Map<string, { question: string; passage: string; net: number }>();
const vote = (question: string, passage: string | undefined, v: 1 | -1) => {
  if (!passage) return;
  const key = JSON.stringify([exampleKey(question), passage]);
  const pooled = votes.get(key) ?? { question, passage, net: 0 };
  pooled.net += v;
  votes.set(key, pooled);
};
let asked = 0;
for (const c of learn.flatMap((f) => readCases(f)).filter((c) => !c.earlier.length)) {
  asked++;
  const answer = engine.ask(c.q);
  if (answer.match === "closest") {
    vote(c.q, answer.quotes.find((q) => holds(c.gold, q.text))?.id, 1);
  } else if (answer.match === "answer" && answer.quotes.length && !answer.facts?.length) {
    vote(c.q, answer.quotes[0]?.id, holds(c.gold, answer.quotes[0]?.text) ? 1 : -1);
  }
}
const live: LearnedPair[] = [...votes.values()]
  .filter((v) => v.net >= (minUsers ?? 1))
  .map(({ question, passage }) => ({ question, passage }));
const learned = engine.learn(live);
console.log(
  `${asked} questions asked by readers of ${learn.join(", ")}: ${votes.size} confirmed or voted on; ${live.length} live ${minUsers ? `at ${minUsers} readers` : "(every suggestion accepted)"}`,
);

const pct = (a: number, b: number) => (b ? ((100 * a) / b).toFixed(1) : "n/a");
const line = (s: Score) =>
  `top1 ${pct(s.top1, s.answerable)}% · top3 ${pct(s.top3, s.answerable)}% · wrongly-declined ${pct(s.declined, s.answerable)}% · abstain-easy ${pct(...s.easy)}% (${s.easyQuoted} quoted) · abstain-hard ${pct(...s.hard)}% · verbatim ${pct(...s.verbatim)}%`;
const learnedKeys = new Set(live.map((p) => exampleKey(p.question)));
for (const file of scored) {
  const cases = readCases(file);
  const ask = (answer: (q: string) => Answer) => (q: string) => toAnswerJson(q, answer(q));
  const alone = score(
    cases,
    ask((q) => engine.ask(q)),
    published,
  );
  const withLearned = score(
    cases,
    ask((q) => engine.ask(q, 3, { learned })),
    published,
  );
  const same = cases.filter((c) => learnedKeys.has(exampleKey(c.q))).length;
  console.log(`${file} (${cases.length} questions, ${same} of them learned word for word):`);
  console.log(`  examples file alone:      ${line(alone)}`);
  console.log(`  with learned examples:    ${line(withLearned)}`);
}
