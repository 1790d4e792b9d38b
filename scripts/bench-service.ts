/**
 * Measures letterbot as a service against a trivial Bolt 5 app (scripts/bench/trivial-bolt.js),
 * both run in this same script, in turn, on this machine, in Slack HTTP mode against a local fake
 * of the Web API:
 *
 * - cold start: from spawn to the first answered signed `/letter demands`;
 * - idle RSS one second after that, and the peak RSS (VmHWM) after 2,000 requests;
 * - throughput of signed `/letter demands` at 1 and 4 connections, and errors.
 *
 * letterbot runs as production runs it: `node dist/main.js` (built first if stale). Each figure
 * is the median of the rounds; ratios are letterbot / trivial. Exits non-zero when a target is
 * missed.
 *
 *   npm run bench:service
 *   ROUNDS=5 REQUESTS=4000 npm run bench:service
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { Agent } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  BOT_TOKEN,
  fakeWebApi,
  freePort,
  memoryOf,
  post,
  SIGNING_SECRET,
  signedHeaders,
  sleep,
} from "./bench/slack-service.js";
import { buildIfStale } from "./build.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const REQUESTS = Number(process.env.REQUESTS ?? 2000);
/** Requests before a throughput run is timed, so both servers are warm. */
const WARMUP_REQUESTS = 300;
/** Text both servers' answers contain. */
const EXPECTED = "Stop selling facial recognition services to law enforcement";

/** What letterbot holds itself to, against the trivial app. */
const TARGETS = {
  coldStartRatio: 1.3,
  idleRssExtraMb: 30,
  peakRssExtraMb: 40,
  throughputRatio: 0.85,
};

interface Subject {
  name: string;
  command: string[];
}

const SUBJECTS: Subject[] = [
  { name: "letterbot", command: [process.execPath, join(root, "dist/main.js")] },
  { name: "trivial Bolt app", command: [process.execPath, join(root, "scripts/bench/trivial-bolt.js")] },
];

let requestCount = 0;

/** One signed `/letter demands` from a new user each time (the per-user limit is not measured). */
function signedCommand(): { body: string; headers: Record<string, string> } {
  const user = `U${(requestCount++ % 1_000_000).toString().padStart(7, "0")}`;
  const body = new URLSearchParams({
    token: "x",
    team_id: "T0BENCH",
    team_domain: "bench",
    channel_id: "C0BENCH",
    channel_name: "general",
    user_id: user,
    user_name: "bench",
    command: "/letter",
    text: "demands",
    api_app_id: "A0BENCH",
    response_url: "https://hooks.slack.test/commands/1",
    trigger_id: "1.2.3",
  }).toString();
  return { body, headers: signedHeaders(body, "application/x-www-form-urlencoded") };
}

/** Sends one signed command; resolves with whether it was answered with the demands. */
function send(port: number, agent: Agent | false): Promise<boolean> {
  const { body, headers } = signedCommand();
  return post(port, agent, body, headers).then((r) => r.status === 200 && r.text.includes(EXPECTED));
}

/** Sends `count` requests over `connections` keep-alive connections; requests per second and errors. */
async function load(port: number, connections: number, count: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  let next = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < count) {
        next++;
        const ok = await send(port, agent).catch(() => false);
        if (!ok) errors++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { perSecond: count / seconds, errors };
}

interface RoundResult {
  coldMs: number;
  idleMb: number;
  peakMb: number;
  throughput1: number;
  throughput4: number;
  /** Medians of the ratios of back-to-back bursts, letterbot / trivial. */
  burstRatio1: number;
  burstRatio4: number;
  errors: number;
}

/** A started subject: its process and port. */
interface Started {
  child: ChildProcess;
  port: number;
  coldMs: number;
  dataDir: string;
  stderr: () => string;
}

/** Spawns a subject and waits for its first answered command: the cold start. */
async function start(subject: Subject, apiUrl: string): Promise<Started> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "letterbot-bench-"));
  const started = performance.now();
  const child: ChildProcess = spawn(subject.command[0] as string, subject.command.slice(1), {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "production",
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: apiUrl,
      PORT: String(port),
      DATA_DIR: dataDir,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (c) => {
    stderr += String(c);
  });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${subject.name} exited:\n${stderr}`);
    if (await send(port, false).catch(() => false)) break;
    if (performance.now() - started > 30_000) throw new Error(`${subject.name} did not answer:\n${stderr}`);
    await sleep(2);
  }
  return { child, port, coldMs: performance.now() - started, dataDir, stderr: () => stderr };
}

async function stop(started: Started): Promise<void> {
  const { child } = started;
  child.kill("SIGTERM");
  await new Promise((resolve) =>
    child.exitCode !== null ? resolve(undefined) : child.once("exit", resolve),
  );
  rmSync(started.dataDir, { recursive: true, force: true });
}

/** Bursts of load in turn on both (so a change in the machine's speed touches both alike). */
async function alternate(bot: Started, anchor: Started, connections: number, pairs: number, flip: boolean) {
  const per = Math.ceil(REQUESTS / pairs);
  const totals = { bot: 0, anchor: 0, errors: 0 };
  const ratios: number[] = [];
  for (let i = 0; i < pairs; i++) {
    const order = (i % 2 === 0) !== flip ? [bot, anchor] : [anchor, bot];
    const rates = new Map<Started, number>();
    for (const subject of order) {
      const result = await load(subject.port, connections, per);
      rates.set(subject, result.perSecond);
      totals.errors += result.errors;
      if (subject === bot) totals.bot += per / result.perSecond;
      else totals.anchor += per / result.perSecond;
    }
    ratios.push((rates.get(bot) ?? 0) / (rates.get(anchor) ?? 1));
  }
  return {
    bot: (per * pairs) / totals.bot,
    anchor: (per * pairs) / totals.anchor,
    ratio: median(ratios),
    errors: totals.errors,
  };
}

/** Bursts each throughput run is cut into. */
const PAIRS = 8;

/** One round: both started fresh (in turn), measured idle, then loaded in alternating bursts. */
async function round(apiUrl: string, flip: boolean): Promise<[RoundResult, RoundResult]> {
  const [botSubject, anchorSubject] = SUBJECTS as [Subject, Subject];
  const order = flip ? [anchorSubject, botSubject] : [botSubject, anchorSubject];
  const startedList: Started[] = [];
  try {
    for (const subject of order) startedList.push(await start(subject, apiUrl));
    const bot = startedList[flip ? 1 : 0] as Started;
    const anchor = startedList[flip ? 0 : 1] as Started;
    await sleep(1_000);
    const idle = [memoryOf(bot.child.pid as number), memoryOf(anchor.child.pid as number)];
    for (const subject of [bot, anchor]) await load(subject.port, 1, WARMUP_REQUESTS);
    const one = await alternate(bot, anchor, 1, PAIRS, flip);
    const peak = [memoryOf(bot.child.pid as number), memoryOf(anchor.child.pid as number)];
    const four = await alternate(bot, anchor, 4, PAIRS, !flip);
    const result = (i: 0 | 1, started: Started): RoundResult => ({
      coldMs: started.coldMs,
      idleMb: idle[i]?.rss ?? Number.NaN,
      peakMb: peak[i]?.peak ?? Number.NaN,
      throughput1: i === 0 ? one.bot : one.anchor,
      throughput4: i === 0 ? four.bot : four.anchor,
      burstRatio1: one.ratio,
      burstRatio4: four.ratio,
      errors: i === 0 ? one.errors + four.errors : 0,
    });
    return [result(0, bot), result(1, anchor)];
  } finally {
    for (const started of startedList) await stop(started);
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

async function main(): Promise<number> {
  await buildIfStale();
  const api = await fakeWebApi();
  const bot: RoundResult[] = [];
  const anchor: RoundResult[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const [b, a] = await round(api.url, r % 2 === 1);
    bot.push(b);
    anchor.push(a);
    process.stderr.write(`round ${r + 1}/${ROUNDS} done\n`);
  }
  api.server.close();

  const m = (rows: RoundResult[], key: keyof RoundResult) => median(rows.map((row) => row[key]));
  const pairRatio = (key: keyof RoundResult) =>
    median(bot.map((row, i) => row[key] / (anchor[i]?.[key] ?? Number.NaN)));
  const errors =
    bot.reduce((sum, row) => sum + row.errors, 0) + anchor.reduce((sum, row) => sum + row.errors, 0);

  const rows: [string, string, string, string, string, boolean][] = [];
  const cold = pairRatio("coldMs");
  rows.push([
    "cold start (spawn to first answer)",
    `${m(bot, "coldMs").toFixed(0)} ms`,
    `${m(anchor, "coldMs").toFixed(0)} ms`,
    `${cold.toFixed(2)}×`,
    `≤ ${TARGETS.coldStartRatio}×`,
    cold <= TARGETS.coldStartRatio,
  ]);
  const idleExtra = m(bot, "idleMb") - m(anchor, "idleMb");
  rows.push([
    "idle RSS",
    `${m(bot, "idleMb").toFixed(0)} MB`,
    `${m(anchor, "idleMb").toFixed(0)} MB`,
    `${idleExtra >= 0 ? "+" : ""}${idleExtra.toFixed(0)} MB`,
    `≤ +${TARGETS.idleRssExtraMb} MB`,
    idleExtra <= TARGETS.idleRssExtraMb,
  ]);
  const peakExtra = m(bot, "peakMb") - m(anchor, "peakMb");
  rows.push([
    `peak RSS after ${REQUESTS + WARMUP_REQUESTS} requests`,
    `${m(bot, "peakMb").toFixed(0)} MB`,
    `${m(anchor, "peakMb").toFixed(0)} MB`,
    `${peakExtra >= 0 ? "+" : ""}${peakExtra.toFixed(0)} MB`,
    `≤ +${TARGETS.peakRssExtraMb} MB`,
    peakExtra <= TARGETS.peakRssExtraMb,
  ]);
  for (const [key, ratioKey, label] of [
    ["throughput1", "burstRatio1", "throughput, 1 connection"],
    ["throughput4", "burstRatio4", "throughput, 4 connections"],
  ] as const) {
    const ratio = m(bot, ratioKey);
    rows.push([
      label,
      `${m(bot, key).toFixed(0)} req/s`,
      `${m(anchor, key).toFixed(0)} req/s`,
      `${ratio.toFixed(2)}×`,
      `≥ ${TARGETS.throughputRatio}×`,
      ratio >= TARGETS.throughputRatio,
    ]);
  }
  rows.push([
    "errors",
    String(bot.reduce((s, r) => s + r.errors, 0)),
    String(anchor.reduce((s, r) => s + r.errors, 0)),
    "",
    "0",
    errors === 0,
  ]);

  const header = ["figure", "letterbot", "trivial Bolt app", "letterbot vs trivial", "target", ""];
  const table = [header, ...rows.map((row) => [...row.slice(0, 5), row[5] ? "ok" : "MISSED"])] as string[][];
  const widths = header.map((_, i) => Math.max(...table.map((row) => (row[i] ?? "").length)));
  console.log(
    `${ROUNDS} rounds of fresh processes, medians; start-up ratios per round, throughput ratios per pair of back-to-back bursts`,
  );
  for (const row of table) console.log(row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  "));
  return rows.every((row) => row[5]) ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  },
);
