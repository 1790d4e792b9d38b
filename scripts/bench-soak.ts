/**
 * A memory soak: the built bot (`node dist/main.js`, Slack HTTP mode, against a local fake of the
 * Web API and of response URLs) under steady load for minutes, its resident memory sampled all the
 * while, to show whether it levels off. The load is what Slack sends, signed, over 8 keep-alive
 * connections: `/letter` with the article's example questions (one in four with a word never seen
 * before), searches, checks, quotes and the other commands; mentions, each with a new event id;
 * and "Show context" presses answered through a response URL. Users come from a pool of 200,000,
 * so rate limits never refuse one and the limiter tracks as many as it ever will.
 *
 * Prints RSS minute by minute; exits non-zero when it has not levelled off: when the last
 * minute's median is more than `LEVEL_MB` above the median of the minute halfway through.
 *
 *   npm run -s bench:soak                        10 minutes
 *   MINUTES=2 CONNECTIONS=8 npm run -s bench:soak
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Agent } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import {
  BOT_TOKEN,
  BOT_USER_ID,
  fakeWebApi,
  freePort,
  memoryOf,
  post,
  SIGNING_SECRET,
  signedHeaders,
  sleep,
  TEAM_ID,
} from "./bench/slack-service.js";
import { buildIfStale } from "./build.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const MINUTES = Number(process.env.MINUTES ?? 10);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 8);
/** Growth between the middle and the last minute that still counts as level. */
const LEVEL_MB = Number(process.env.LEVEL_MB ?? 10);
const SAMPLE_MS = 2_000;
const USERS = 200_000;

/** The article's example questions: real ways of asking, none of them from the evaluation sets. */
function exampleQuestions(): string[] {
  const file = parse(readFileSync(join(root, "content/article.questions.yml"), "utf8")) as Record<
    string,
    unknown
  >;
  const out: string[] = [];
  // The lists of questions, answered and not; the keys beside them name passages, not questions.
  const walk = (value: unknown) => {
    if (Array.isArray(value)) for (const v of value) walk(v);
    else if (value && typeof value === "object") {
      for (const [key, v] of Object.entries(value)) {
        if ((key === "questions" || key === "unanswered") && Array.isArray(v))
          out.push(...v.filter((q) => typeof q === "string"));
        else walk(v);
      }
    }
  };
  walk(file);
  return out.filter((q) => q.length > 3 && q.length < 300);
}

const QUESTIONS = exampleQuestions();
let counter = 0;
const pick = <T>(list: readonly T[]) => list[counter % list.length] as T;

/** A word no one has asked before, so that every word cache meets new words all along. */
function newWord(): string {
  let n = counter * 2654435761;
  let word = "";
  for (let i = 0; i < 7; i++) {
    word += String.fromCharCode(97 + (Math.abs(n) % 26));
    n = Math.floor(n / 26) ^ (n << 3);
  }
  return word;
}

function question(): string {
  const q = QUESTIONS[(counter * 7919) % QUESTIONS.length] as string;
  return counter % 4 === 0 ? `${q} ${newWord()}` : q;
}

/** The text of the next `/letter` command, in the mix the load keeps. */
function commandText(): string {
  switch (counter % 10) {
    case 0:
      return `search ${question().split(" ").slice(0, 3).join(" ")}`;
    case 1:
      return `check ${question()}`;
    case 2:
      return pick(["demands", "about", "help", "quote", "daily status", "context 11", "demands 2"]);
    case 3:
      return `quote ${pick(["surveillance", "palantir", "ice", "police", newWord()])}`;
    default:
      return question();
  }
}

const user = () => `U${(((counter * 48271) % USERS) + 1).toString().padStart(7, "0")}`;

/** One request of the mix, signed: 6 in 10 slash commands, 3 mentions, 1 button press. */
function nextRequest(apiOrigin: string): { body: string; headers: Record<string, string> } {
  counter++;
  const kind = counter % 10;
  if (kind < 6) {
    const body = new URLSearchParams({
      token: "x",
      team_id: TEAM_ID,
      team_domain: "bench",
      channel_id: "C0BENCH",
      channel_name: "general",
      user_id: user(),
      user_name: "bench",
      command: "/letter",
      text: commandText(),
      api_app_id: "A0BENCH",
      response_url: `${apiOrigin}/commands/${counter}`,
      trigger_id: `${counter}.1.2`,
    }).toString();
    return { body, headers: signedHeaders(body, "application/x-www-form-urlencoded") };
  }
  if (kind < 9) {
    const ts = `1718${String(counter).padStart(6, "0")}.000100`;
    const body = JSON.stringify({
      token: "x",
      team_id: TEAM_ID,
      api_app_id: "A0BENCH",
      type: "event_callback",
      event_id: `Ev${counter.toString(36).toUpperCase().padStart(9, "0")}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: TEAM_ID, user_id: BOT_USER_ID, is_bot: true }],
      event: {
        type: "app_mention",
        user: user(),
        text: `<@${BOT_USER_ID}> ${question()}`,
        ts,
        channel: "C0BENCH",
        event_ts: ts,
      },
    });
    return { body, headers: signedHeaders(body, "application/json") };
  }
  const paragraph = (counter % 20) + 1;
  const payload = {
    type: "block_actions",
    user: { id: user(), username: "bench", name: "bench", team_id: TEAM_ID },
    api_app_id: "A0BENCH",
    token: "x",
    container: {
      type: "message",
      message_ts: "1718000100.000200",
      channel_id: "C0BENCH",
      is_ephemeral: false,
    },
    trigger_id: `${counter}.1.2`,
    team: { id: TEAM_ID, domain: "bench" },
    channel: { id: "C0BENCH", name: "general" },
    response_url: `${apiOrigin}/actions/${counter}`,
    actions: [
      {
        action_id: "letterbot.context",
        block_id: "letterbot.actions",
        value: `lb1:c:${paragraph}`,
        type: "button",
        action_ts: "1718000200.123456",
      },
    ],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return { body, headers: signedHeaders(body, "application/x-www-form-urlencoded") };
}

async function start(apiUrl: string): Promise<{ child: ChildProcess; port: number; dataDir: string }> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "letterbot-soak-"));
  const child = spawn(process.execPath, [join(root, "dist/main.js")], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "production",
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: apiUrl,
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
      ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr = (stderr + String(chunk)).slice(-20_000);
  });
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`letterbot exited:\n${stderr}`);
    const body = "token=x&command=%2Fletter&text=demands&team_id=T0BENCH&user_id=U0WARM&channel_id=C0BENCH";
    const answered = await post(port, false, body, signedHeaders(body, "application/x-www-form-urlencoded"))
      .then((r) => r.status === 200)
      .catch(() => false);
    if (answered) break;
    if (Date.now() - started > 30_000) throw new Error(`letterbot did not answer:\n${stderr}`);
    await sleep(20);
  }
  return { child, port, dataDir };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

async function main(): Promise<number> {
  await buildIfStale();
  const api = await fakeWebApi();
  const bot = await start(api.url);
  const pid = bot.child.pid as number;
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const endAt = Date.now() + MINUTES * 60_000;
  let sent = 0;
  let failed = 0;
  const workers = Array.from({ length: CONNECTIONS }, async () => {
    while (Date.now() < endAt) {
      const { body, headers } = nextRequest(api.origin);
      const result = await post(bot.port, agent, body, headers).catch(() => ({ status: 0, text: "" }));
      sent++;
      if (result.status !== 200) failed++;
    }
  });

  const started = Date.now();
  const samples: { at: number; rss: number }[] = [{ at: 0, rss: memoryOf(pid).rss }];
  const perMinute: { minute: number; requests: number; median: number; max: number }[] = [];
  console.log(
    `${CONNECTIONS} connections for ${MINUTES} min; idle RSS before the load ${samples[0]?.rss.toFixed(0)} MB`,
  );
  console.log("minute  requests/s  RSS median  RSS max");
  let sentAtMinute = 0;
  let done = false;
  void Promise.all(workers).then(() => {
    done = true;
  });
  while (!done) {
    await sleep(SAMPLE_MS);
    if (bot.child.exitCode !== null) throw new Error("letterbot exited during the soak");
    const at = Date.now() - started;
    samples.push({ at, rss: memoryOf(pid).rss });
    const minute = Math.floor(at / 60_000);
    if (minute > perMinute.length && minute <= MINUTES) {
      const inMinute = samples.filter((s) => s.at >= (minute - 1) * 60_000 && s.at < minute * 60_000);
      const rss = inMinute.map((s) => s.rss);
      const row = {
        minute,
        requests: (sent - sentAtMinute) / 60,
        median: median(rss),
        max: Math.max(...rss),
      };
      sentAtMinute = sent;
      perMinute.push(row);
      console.log(
        `${String(row.minute).padStart(6)}  ${row.requests.toFixed(0).padStart(10)}  ${row.median.toFixed(0).padStart(7)} MB  ${row.max.toFixed(0).padStart(4)} MB`,
      );
    }
  }
  agent.destroy();
  const { peak } = memoryOf(pid);
  bot.child.kill("SIGTERM");
  await new Promise((resolve) =>
    bot.child.exitCode !== null ? resolve(undefined) : bot.child.once("exit", resolve),
  );
  api.server.close();
  rmSync(bot.dataDir, { recursive: true, force: true });

  const last = perMinute.at(-1);
  const middle = perMinute[Math.floor((perMinute.length - 1) / 2)];
  if (!last || !middle || perMinute.length < 2) {
    console.log("too short to say whether memory levels off (run at least 2 minutes)");
    return 1;
  }
  const growth = last.median - middle.median;
  const level = growth <= LEVEL_MB;
  console.log(
    `${sent} requests, ${failed} not answered with 200; peak RSS ${peak.toFixed(0)} MB; ` +
      `minute ${middle.minute} to minute ${last.minute}: ${growth >= 0 ? "+" : ""}${growth.toFixed(0)} MB ` +
      `(${level ? "level" : "STILL GROWING"}: at most +${LEVEL_MB} MB)`,
  );
  return level && failed === 0 ? 0 : 1;
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
