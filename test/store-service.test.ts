/**
 * letterbot as a real process (the compiled entry point, built by the global setup) when its SQLite
 * store misbehaves: a database another process holds locked, a data folder that cannot be made.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { existsSync, mkdtempSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { type HeldLock, holdLock } from "./fakes/sqlite/lock.js";
import { type Watched, watch } from "./process.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const BOT_TOKEN = "xoxb-1111-2222-fakeBotTokenValue";
const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

const children: ChildProcess[] = [];
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function run(env: Record<string, string>): Watched {
  const child = spawn(process.execPath, [join(root, "dist/main.js")], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", LOG_FORMAT: "json", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  return watch(child);
}

/** A fake Slack: the Web API, and response URLs under /hooks/, recording what is posted to each. */
async function fakeSlack() {
  const posts: string[] = [];
  const responses: string[] = [];
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
        responses.push(body);
        res.end("ok");
      } else if (req.url === "/api/chat.postMessage") {
        posts.push(decodeURIComponent(body));
        json({ ok: true, channel: "C0FAKE001", ts: "1718009999.000900" });
      } else if (req.url === "/api/conversations.info") {
        json({ ok: true, channel: { id: "C0FAKE001", is_member: true } });
      } else {
        json({ ok: true, team_id: "T0FAKE001", user_id: "U0FAKEBOT", bot_id: "B0FAKEBOT" });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => {
    server.closeAllConnections();
    server.close();
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, posts, responses };
}

function http(port: number, path: string, body?: string, headers: Record<string, string> = {}) {
  const started = performance.now();
  return new Promise<{ status: number; body: string; ms: number }>((resolve, reject) => {
    request(
      { host: "127.0.0.1", port, path, method: body === undefined ? "GET" : "POST", headers, agent: false },
      (res) => {
        let text = "";
        res.on("data", (c) => {
          text += String(c);
        });
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: text, ms: performance.now() - started }),
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
      team_id: "T0FAKE001",
      api_app_id: "A0FAKEAPP",
      type: "event_callback",
      event_id: `Ev0BUSY${n}`,
      event_time: 1718000000,
      event: {
        type: "app_mention",
        user: `U0ASKER${n}`,
        text: `<@U0FAKEBOT> demands ${n}`,
        ts: `1718000000.00010${n}`,
        channel: "C0FAKE001",
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
      team_id: "T0FAKE001",
      team_domain: "example",
      channel_id: "C0FAKE001",
      channel_name: "general",
      user_id: "U0FAKEUSR",
      user_name: "alex",
      command: "/letter",
      text,
      api_app_id: "A0FAKEAPP",
      response_url: responseUrl,
      trigger_id: "1.2.3",
    }).toString(),
    "application/x-www-form-urlencoded",
  );

const until = async (test: () => boolean, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe("letterbot with its SQLite database locked by another process", () => {
  it("keeps answering /healthz and mentions, acknowledges daily on in time, and says it could not be saved", async () => {
    const slack = await fakeSlack();
    const dataDir = mkdtempSync(join(tmpdir(), "letterbot-busy-"));
    const bot = run({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: `${slack.origin}/api/`,
      PORT: "0",
      DATA_DIR: dataDir,
    });
    const started = await bot.waitForLog((l) => l.message === "letterbot started");
    const port = (started.healthPorts as number[])[0] as number;
    const lock: HeldLock = await holdLock(join(dataDir, "letterbot.sqlite"));
    cleanups.push(() => lock.release());

    // /healthz every 100 ms meanwhile: how long each answer took (a failure counts as forever).
    const liveness: number[] = [];
    let probing = true;
    cleanups.push(() => {
      probing = false;
    });
    const probes = (async () => {
      while (probing) {
        const live = await http(port, "/healthz").catch(() => undefined);
        liveness.push(live?.status === 200 ? live.ms : Number.POSITIVE_INFINITY);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const [first, second, ack] = await Promise.all([
      mention(port, 1),
      mention(port, 2),
      command(port, "daily on 09:00 UTC", `${slack.origin}/hooks/daily-on`),
    ]);
    expect([first.status, second.status, ack.status]).toEqual([200, 200, 200]);
    // Slack wants its acknowledgement within 3 s; the answer waits for the store.
    expect(ack.ms).toBeLessThan(3_000);
    expect(ack.body).toBe("");
    // Both questions are answered while the database is still locked.
    await until(() => slack.posts.length === 2);
    expect(slack.posts.join("\n")).toContain("Stop selling facial recognition");
    expect(slack.posts.join("\n")).toContain("Stop providing infrastructure");
    // The store gives the subscription up after its deadline, and the asker is told.
    await until(() => slack.responses.length === 1);
    probing = false;
    await probes;
    expect(JSON.parse(slack.responses[0] ?? "{}")).toMatchObject({
      response_type: "ephemeral",
      text: expect.stringContaining("Daily quotes are unavailable right now"),
    });
    expect(liveness.length).toBeGreaterThan(10);
    expect(Math.max(...liveness)).toBeLessThan(1_000);
    expect(bot.stderr()).toContain("another process kept it locked");

    // Nothing was saved; once the lock is gone, the same command works, answered at once.
    await lock.release();
    const again = await command(port, "daily status", `${slack.origin}/hooks/daily-status`);
    expect(JSON.parse(again.body).text).toContain("not getting daily quotes");
    const on = await command(port, "daily on 09:00 UTC", `${slack.origin}/hooks/daily-on-2`);
    expect(JSON.parse(on.body).text).toContain("Daily quotes are on for this channel");
    bot.child.kill("SIGTERM");
    expect(await bot.exited).toBe(0);
  }, 30_000);
});

describe("letterbot with a data folder that cannot be made", () => {
  it.skipIf(!existsSync("/proc/self"))(
    "stops at once with one line naming the folder, where Node's own recursive mkdir would spin forever",
    async () => {
      const bot = run({
        DATA_DIR: "/proc/nope/data",
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
      });
      const outcome = await Promise.race([
        bot.exited,
        new Promise((resolve) => setTimeout(() => resolve("still running after 10 s"), 10_000)),
      ]);
      expect(outcome).toBe(1);
      const lines = bot.stderr().trim().split("\n");
      expect(lines).toEqual([
        "letterbot: Cannot create the database folder /proc/nope/data (at /proc/nope): no folder can be made there. Set DATA_DIR to a writable folder.",
      ]);
    },
  );
});
