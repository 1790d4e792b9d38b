/**
 * Measures letterbot while another process holds its SQLite database locked: the bot runs as
 * production runs it (`node dist/main.js`, built first if stale) in Slack HTTP mode against a local
 * fake of the Web API, and a second process takes the database's write lock (`BEGIN EXCLUSIVE`)
 * and keeps it for `LOCK_SECONDS` (15 by default). Meanwhile:
 *
 * - `/healthz` and `/readyz` are asked every 200 ms: their slowest answers;
 * - two mentions are sent: when each reply is posted;
 * - `/letter daily on` is sent: when Slack gets its acknowledgement, and when its answer arrives
 *   (in the acknowledgement, or later through the command's response URL);
 * - then, the lock taken again for 4 s, in this script's own process on a store opened on the same
 *   file: the longest stall of the event loop while 50 writes wait for the lock
 *   (`monitorEventLoopDelay`), which the noise of a busy machine can only add to.
 *
 * Exits non-zero when `/healthz` ever took 1 s or more, a mention was not answered, or the
 * acknowledgement took 3 s or more.
 *
 *   npm run bench:store-lock
 *   LOCK_SECONDS=30 npm run bench:store-lock
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { openSqliteStore } from "../src/adapters/store/sqlite.js";
import { buildIfStale } from "./build.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const LOCK_SECONDS = Number(process.env.LOCK_SECONDS ?? 15);
const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const BOT_TOKEN = "xoxb-1111-2222-benchBotTokenValue";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fake Slack: the Web API, and response URLs under /hooks/; records when each post arrived. */
async function fakeSlack() {
  const posts: { at: number; body: string }[] = [];
  const responses: { at: number; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += String(c);
    });
    req.on("end", () => {
      const json = (value: unknown) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(value));
      };
      if (req.url?.startsWith("/hooks/")) {
        responses.push({ at: performance.now(), body });
        res.end("ok");
      } else if (req.url === "/api/chat.postMessage") {
        posts.push({ at: performance.now(), body: decodeURIComponent(body) });
        json({ ok: true, channel: "C0BENCH", ts: `${Date.now() / 1000}` });
      } else if (req.url === "/api/conversations.info") {
        json({ ok: true, channel: { id: "C0BENCH", is_member: true } });
      } else {
        json({ ok: true, team_id: "T0BENCH", user_id: "U0BENCHBOT", bot_id: "B0BENCHBOT" });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, posts, responses, close: () => server.close() };
}

function http(port: number, path: string, body?: string, headers: Record<string, string> = {}) {
  const started = performance.now();
  return new Promise<{ status: number; body: string; ms: number; at: number }>((resolve, reject) => {
    request(
      { host: "127.0.0.1", port, path, method: body === undefined ? "GET" : "POST", headers, agent: false },
      (res) => {
        let text = "";
        res.on("data", (c) => {
          text += String(c);
        });
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            body: text,
            ms: performance.now() - started,
            at: performance.now(),
          }),
        );
      },
    )
      .on("error", reject)
      .end(body);
  });
}

function signed(port: number, body: string, contentType: string) {
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac("sha256", SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  return http(port, "/slack/events", body, {
    "content-type": contentType,
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": signature,
  });
}

const mention = (port: number, n: number) =>
  signed(
    port,
    JSON.stringify({
      token: "x",
      team_id: "T0BENCH",
      api_app_id: "A0BENCH",
      type: "event_callback",
      event_id: `Ev0LOCK${n}`,
      event_time: 1718000000,
      event: {
        type: "app_mention",
        user: `U0ASKER${n}`,
        text: `<@U0BENCHBOT> demands ${n}`,
        ts: `1718000000.00010${n}`,
        channel: "C0BENCH",
        event_ts: `1718000000.00010${n}`,
      },
    }),
    "application/json",
  );

const command = (port: number, text: string, responseUrl: string) =>
  signed(
    port,
    new URLSearchParams({
      token: "x",
      team_id: "T0BENCH",
      team_domain: "bench",
      channel_id: "C0BENCH",
      channel_name: "general",
      user_id: "U0COMMAND",
      user_name: "bench",
      command: "/letter",
      text,
      api_app_id: "A0BENCH",
      response_url: responseUrl,
      trigger_id: "1.2.3",
    }).toString(),
    "application/x-www-form-urlencoded",
  );

/** Holds the database's write lock from another process; resolves once it is held. */
async function lockDatabase(file: string, seconds: number): Promise<ChildProcess> {
  const script = `
    const Database = require("better-sqlite3");
    const db = new Database(process.argv[1]);
    db.exec("BEGIN EXCLUSIVE");
    process.stdout.write("locked\\n");
    setTimeout(() => { db.exec("COMMIT"); db.close(); }, Number(process.argv[2]) * 1000);
  `;
  const child = spawn(process.execPath, ["-e", script, file, String(seconds)], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (c) => {
      if (String(c).includes("locked")) resolve();
    });
    child.once("exit", () => reject(new Error("the locking process exited before taking the lock")));
  });
  return child;
}

async function main(): Promise<number> {
  await buildIfStale();
  const slack = await fakeSlack();
  const dataDir = mkdtempSync(join(tmpdir(), "letterbot-lock-"));
  const bot = spawn(process.execPath, [join(root, "dist/main.js")], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "production",
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: `${slack.origin}/api/`,
      PORT: "0",
      DATA_DIR: dataDir,
      LOG_FORMAT: "json",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  bot.stderr?.on("data", (c) => {
    stderr += String(c);
  });
  try {
    let port: number | undefined;
    for (const end = Date.now() + 30_000; port === undefined; await sleep(20)) {
      if (bot.exitCode !== null || Date.now() > end) throw new Error(`letterbot did not start:\n${stderr}`);
      const started = /"healthPorts":\[(\d+)\][^\n]*"message":"letterbot started"/.exec(stderr);
      if (started) port = Number(started[1]);
    }
    const own = openSqliteStore(join(dataDir, "letterbot.sqlite"));
    const locker = await lockDatabase(join(dataDir, "letterbot.sqlite"), LOCK_SECONDS);
    const lockedAt = performance.now();
    const since = (at: number) => `${((at - lockedAt) / 1000).toFixed(2)} s`;

    const probes = { healthz: [] as number[], readyz: [] as number[], readyStatus: new Set<number>() };
    let probing = true;
    const probing$ = (async () => {
      while (probing) {
        const [live, ready] = await Promise.all([http(port, "/healthz"), http(port, "/readyz")]);
        probes.healthz.push(live.ms);
        probes.readyz.push(ready.ms);
        probes.readyStatus.add(ready.status);
        await sleep(200);
      }
    })();

    await sleep(500);
    const sentMentions = performance.now();
    await Promise.all([mention(port, 1), mention(port, 2)]);
    await sleep(500);
    const sentCommand = performance.now();
    const ack = await command(port, "daily on 09:00 UTC", `${slack.origin}/hooks/daily-on`);

    const lockEnds = lockedAt + LOCK_SECONDS * 1000;
    await sleep(Math.max(0, lockEnds - performance.now()) + 3_000);
    probing = false;
    await probing$;
    await new Promise((resolve) =>
      locker.exitCode !== null ? resolve(undefined) : locker.once("exit", resolve),
    );
    const status = await command(port, "daily status", `${slack.origin}/hooks/daily-status`);

    // Then, apart, this process's own event loop while 50 writes wait for a lock held 4 s.
    const relocker = await lockDatabase(join(dataDir, "letterbot.sqlite"), 4);
    const stall = monitorEventLoopDelay({ resolution: 5 });
    stall.enable();
    // The monitor counts stalls only once its own timer has started.
    await sleep(50);
    const writes = Array.from({ length: 50 }, (_, i) =>
      own.firstSighting("slack", `Ev0OWN${i}`, 60_000).then(
        () => "made",
        () => "given up",
      ),
    );
    await sleep(3_000);
    stall.disable();
    const stallMs = stall.max / 1e6;
    const outcomes = await Promise.all(writes);
    await new Promise((resolve) =>
      relocker.exitCode !== null ? resolve(undefined) : relocker.once("exit", resolve),
    );
    await own.close();

    const answered = slack.posts.filter((p) => p.body.includes("Demand"));
    const ackText = (() => {
      try {
        return String((JSON.parse(ack.body || "{}") as { text?: unknown }).text ?? "(empty)");
      } catch {
        return ack.body;
      }
    })();
    const later = slack.responses.find((r) => r.body.includes("daily") || r.body.includes("Daily"));
    const max = (values: number[]) => Math.max(...values);
    console.log(`SQLite write lock held ${LOCK_SECONDS} s by another process (times from the lock)`);
    console.log(`/healthz: ${probes.healthz.length} probes, slowest ${max(probes.healthz).toFixed(0)} ms`);
    console.log(
      `/readyz: ${probes.readyz.length} probes, slowest ${max(probes.readyz).toFixed(0)} ms, statuses ${[...probes.readyStatus].join(", ")}`,
    );
    console.log(`mentions sent at ${since(sentMentions)}; replies posted: ${answered.length} of 2`);
    for (const post of answered) console.log(`  reply at ${since(post.at)}`);
    console.log(
      `daily on sent at ${since(sentCommand)}: acknowledged after ${ack.ms.toFixed(0)} ms (HTTP ${ack.status}): ${ackText.slice(0, 90)}`,
    );
    if (later)
      console.log(`  answer through the response URL at ${since(later.at)}: ${later.body.slice(0, 120)}`);
    console.log(`daily status after the lock: ${status.body.slice(0, 160)}`);
    console.log(
      `this process, 50 writes waiting for the lock: longest event-loop stall ${stallMs.toFixed(0)} ms; writes ${outcomes.filter((o) => o === "given up").length} given up, ${outcomes.filter((o) => o === "made").length} made`,
    );
    const ok = max(probes.healthz) < 1_000 && answered.length === 2 && ack.ms < 3_000;
    console.log(ok ? "ok" : "MISSED");
    return ok ? 0 : 1;
  } finally {
    bot.kill("SIGTERM");
    await new Promise((resolve) => (bot.exitCode !== null ? resolve(undefined) : bot.once("exit", resolve)));
    slack.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
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
