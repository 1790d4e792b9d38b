/**
 * letterbot as a real process, the way a service manager runs it: the compiled entry point (built
 * by the global setup) against local fakes of Slack's Web API and of Discord.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import { type AddressInfo, connect, createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { openSqliteStore } from "../src/adapters/store/sqlite.js";
import { FakeDiscord } from "./fakes/discord/server.js";
import { APPLICATION_ID, BOT_ID, CHANNEL_ID, GUILD_ID, TOKEN } from "./fixtures/discord/events.js";
import { type Watched, watch } from "./process.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const BOT_TOKEN = "xoxb-1111-2222-fakeBotTokenValue";
const APP_TOKEN = "xapp-1-A0FAKEAPP-1111-fakeAppTokenValue";
const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

type Run = Watched;

const children: ChildProcess[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function run(
  env: Record<string, string>,
  options: { command?: string[]; detached?: boolean; cwd?: string; stdin?: "pipe" | "ignore" } = {},
): Run {
  const [command, ...args] = options.command ?? [process.execPath, join(root, "dist/main.js")];
  const child = spawn(command as string, args, {
    cwd: options.cwd ?? root,
    env: { PATH: process.env.PATH ?? "", DATA_DIR: mkdtempSync(join(tmpdir(), "letterbot-svc-")), ...env },
    stdio: [options.stdin ?? "pipe", "pipe", "pipe"],
    detached: options.detached ?? false,
  });
  children.push(child);
  return watch(child);
}

/**
 * A fake Slack Web API: auth.test succeeds; chat.postMessage is answered by `onPost`,
 * apps.connections.open by `onOpen` (Socket Mode).
 */
async function fakeSlackApi(
  onPost: (answer: () => void) => void = (answer) => answer(),
  onOpen: (answer: (value: unknown) => void) => void = (answer) =>
    answer({ ok: false, error: "invalid_auth" }),
) {
  const opened: number[] = [];
  const posts: string[] = [];
  const answered: number[] = [];
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
      if (req.url === "/api/auth.test") {
        json({ ok: true, team_id: "T0FAKE001", user_id: "U0FAKEBOT", bot_id: "B0FAKEBOT" });
      } else if (req.url === "/api/apps.connections.open") {
        opened.push(Date.now());
        onOpen(json);
      } else if (req.url === "/api/chat.postMessage") {
        posts.push(body);
        onPost(() => {
          res.on("finish", () => answered.push(Date.now()));
          json({ ok: true, channel: "C0FAKE001", ts: "1718009999.000900" });
        });
      } else {
        json({ ok: false, error: "unknown_method" });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => {
    server.closeAllConnections();
    server.close();
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`, posts, answered, opened };
}

/** A loopback address where nothing listens. */
async function closedPort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * Opens a request to `path` whose body never finishes arriving (one byte every 200 ms of a
 * much longer one); resolves when the server closes the connection, with how long it held it.
 */
function trickle(port: number, path: string) {
  const socket = connect(port, "127.0.0.1");
  socket.on("error", () => {});
  const began = Date.now();
  socket.write(
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n`,
  );
  const timer = setInterval(() => socket.write("x"), 200);
  return new Promise<number>((resolve) =>
    socket.on("close", () => {
      clearInterval(timer);
      resolve(Date.now() - began);
    }),
  );
}

function slackEnv(apiUrl: string, extra: Record<string, string> = {}) {
  return {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: apiUrl,
    PORT: "0",
    ...extra,
  };
}

function http(port: number, path: string, body?: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    request(
      { host: "127.0.0.1", port, path, method: body === undefined ? "GET" : "POST", headers, agent: false },
      (res) => {
        let text = "";
        res.on("data", (c) => {
          text += String(c);
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    )
      .on("error", reject)
      .end(body);
  });
}

function signedEvent(port: number) {
  const body = JSON.stringify({
    token: "x",
    team_id: "T0FAKE001",
    api_app_id: "A0FAKEAPP",
    type: "event_callback",
    event_id: `Ev${Date.now()}`,
    event_time: 1718000000,
    event: {
      type: "app_mention",
      user: "U0FAKEUSR",
      text: "<@U0FAKEBOT> demands 2",
      ts: "1718000000.000100",
      channel: "C0FAKE001",
      event_ts: "1718000000.000100",
    },
  });
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac("sha256", SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  return http(port, "/slack/events", body, {
    "content-type": "application/json",
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": signature,
  });
}

const until = async (test: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe("letterbot as a service", () => {
  it("serves /healthz and /readyz beside /slack/events on PORT, and on HEALTH_PORT too when set", async () => {
    const slack = await fakeSlackApi();
    const bot = run(slackEnv(slack.url, { HEALTH_PORT: "0" }));
    const started = await bot.waitForLog((l) => l.message === "letterbot started");
    const [port, healthPort] = started.healthPorts as number[];
    for (const p of [port, healthPort] as number[]) {
      expect(await http(p, "/healthz")).toEqual({ status: 200, body: '{"status":"ok"}' });
      const ready = await http(p, "/readyz");
      expect(ready.status).toBe(200);
      expect(JSON.parse(ready.body)).toEqual({ status: "ready", checks: { store: "up", slack: "up" } });
      expect(ready.body).not.toContain(BOT_TOKEN);
    }
    bot.child.kill("SIGTERM");
    expect(await bot.exited).toBe(0);
  });

  /** Starts the bot in Slack HTTP mode with a chat.postMessage held until released; sends a mention. */
  async function requestInFlight(options: Parameters<typeof run>[1]) {
    let release: (() => void) | undefined;
    const slack = await fakeSlackApi((answer) => {
      release = answer;
    });
    const bot = run(slackEnv(slack.url), options);
    const started = await bot.waitForLog((l) => l.message === "letterbot started");
    const [port] = started.healthPorts as number[];
    expect((await signedEvent(port as number)).status).toBe(200);
    await until(() => release !== undefined);
    return { bot, slack, release: () => release?.() };
  }

  it("answers a request in flight when SIGTERM reaches the whole process group, twice, then exits 0", async () => {
    const { bot, slack, release } = await requestInFlight({ detached: true });
    // As systemd's default, Ctrl-C in a terminal, or `kill -- -PGID`; a launcher in the group
    // (npm, a shell) forwards the same signal a second time a moment later.
    process.kill(-(bot.child.pid as number), "SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 50));
    process.kill(-(bot.child.pid as number), "SIGTERM");
    await bot.waitForLog((l) => l.message === "letterbot stopping");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(bot.child.exitCode).toBeNull();
    release();
    expect(await bot.exited).toBe(0);
    expect(slack.posts).toHaveLength(1);
    expect(decodeURIComponent(slack.posts[0] ?? "")).toContain("Stop providing infrastructure");
    expect(slack.answered).toHaveLength(1);
    const messages = bot.logs().map((l) => l.message);
    expect(messages).toContain("letterbot stopped");
    expect(messages.filter((m) => String(m).includes("abandoned"))).toEqual([]);
  }, 20_000);

  it("drains the same way under npm start, whose shell and npm end at once on the group's signal", async () => {
    const { bot, slack, release } = await requestInFlight({
      command: ["npm", "start", "--silent"],
      detached: true,
    });
    process.kill(-(bot.child.pid as number), "SIGTERM");
    await bot.waitForLog((l) => l.message === "letterbot stopping");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(bot.child.exitCode).toBeNull();
    release();
    // npm and its shell end by the signal they were sent, whatever the bot does; the bot, still
    // holding the same output, finishes the answer and stops on its own.
    await until(() => slack.answered.length === 1);
    await until(() => bot.logs().some((l) => l.message === "letterbot stopped"));
  }, 20_000);

  it("abandons a hung platform call at the grace deadline, records its daily post as uncertain, and exits 0", async () => {
    const discord = await FakeDiscord.start({
      token: TOKEN,
      applicationId: APPLICATION_ID,
      botUserId: BOT_ID,
      guilds: [{ id: GUILD_ID, channels: [CHANNEL_ID] }],
    });
    cleanups.push(() => discord.close());
    discord.hangChannel(CHANNEL_ID);
    const dataDir = mkdtempSync(join(tmpdir(), "letterbot-svc-"));
    const store = openSqliteStore(join(dataDir, "letterbot.sqlite"));
    const now = new Date();
    const where = { platform: "discord" as const, workspace: GUILD_ID, channel: CHANNEL_ID };
    // Due at midnight with a whole day of grace: due now, whatever the time of day.
    const since = new Date(now.getTime() - 2 * 86_400_000).toISOString();
    await store.saveSubscription({ where, time: "00:00", timeZone: "UTC", since });
    store.close();
    const bot = run({
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: APPLICATION_ID,
      DISCORD_API_URL: discord.apiUrl,
      HEALTH_PORT: "0",
      DATA_DIR: dataDir,
      DAILY_GRACE_MINUTES: "1440",
      SHUTDOWN_GRACE_SECONDS: "1",
    });
    await discord.waitForRequest((r) => r.path === `/channels/${CHANNEL_ID}/messages`);
    const signalled = Date.now();
    bot.child.kill("SIGTERM");
    expect(await bot.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(4_000);
    const after = openSqliteStore(join(dataDir, "letterbot.sqlite"));
    const localDate = now.toISOString().slice(0, 10);
    expect(await after.getPost(where, localDate)).toMatchObject({
      status: "uncertain",
      error: "letterbot stopped before Discord answered",
    });
    after.close();
    expect(bot.logs().map((l) => l.message)).toContain("letterbot stopped");
  }, 20_000);

  it.each([4004, 4014])(
    "stops with exit code 1 and one line naming the cause when Discord closes the gateway with %i",
    async (code) => {
      const discord = await FakeDiscord.start({
        token: TOKEN,
        applicationId: APPLICATION_ID,
        botUserId: BOT_ID,
        guilds: [{ id: GUILD_ID, channels: [CHANNEL_ID] }],
      });
      cleanups.push(() => discord.close());
      const bot = run({
        DISCORD_TOKEN: TOKEN,
        DISCORD_APPLICATION_ID: APPLICATION_ID,
        DISCORD_API_URL: discord.apiUrl,
        HEALTH_PORT: "0",
      });
      await bot.waitForLog((l) => l.message === "letterbot started");
      discord.closeGateway(code);
      expect(await bot.exited).toBe(1);
      const fatal = bot.logs().filter((l) => String(l.message).startsWith("letterbot cannot continue"));
      expect(fatal).toHaveLength(1);
      expect(String(fatal[0]?.message)).toContain(`gateway close ${code}`);
      expect(bot.stderr()).not.toContain(TOKEN);
    },
  );

  it("drops a request body not all arrived within 10 s, on PORT and on HEALTH_PORT, and answers others meanwhile", async () => {
    const slack = await fakeSlackApi();
    const bot = run(slackEnv(slack.url, { HEALTH_PORT: "0" }));
    const started = await bot.waitForLog((l) => l.message === "letterbot started");
    const [port, healthPort] = started.healthPorts as number[];
    const held = [
      ...Array.from({ length: 5 }, () => trickle(port as number, "/slack/events")),
      ...Array.from({ length: 5 }, () => trickle(healthPort as number, "/healthz")),
    ];
    expect((await signedEvent(port as number)).status).toBe(200);
    expect((await http(healthPort as number, "/readyz")).status).toBe(200);
    for (const ms of await Promise.all(held)) {
      expect(ms).toBeGreaterThanOrEqual(9_900);
      expect(ms).toBeLessThan(16_000);
    }
    await until(() => slack.posts.length === 1);
    bot.child.kill("SIGTERM");
    expect(await bot.exited).toBe(0);
  }, 30_000);

  it("in Socket Mode that never connects: readiness says Slack is not up, one line says why, one SIGTERM ends it", async () => {
    const nowhere = `ws://127.0.0.1:${await closedPort()}/link/?ticket=fakeTicket`;
    const slack = await fakeSlackApi(undefined, (answer) => answer({ ok: true, url: nowhere }));
    const bot = run({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_API_URL: slack.url,
      HEALTH_PORT: "0",
    });
    const started = await bot.waitForLog((l) => l.message === "letterbot started");
    const [healthPort] = started.healthPorts as number[];
    const ready = await http(healthPort as number, "/readyz");
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body)).toMatchObject({
      status: "not ready",
      down: { slack: "Socket Mode not connected: connection refused" },
    });
    const causes = bot.logs().filter((l) => String(l.message).startsWith("Slack Socket Mode cannot connect"));
    expect(causes).toHaveLength(1);
    expect(String(causes[0]?.message)).toContain(`connection refused by ${new URL(nowhere).host}`);
    expect(String(causes[0]?.message)).toContain(
      "Check that this host may open outgoing WebSocket connections",
    );
    const signalled = Date.now();
    bot.child.kill("SIGTERM");
    expect(await bot.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(10_000);
    expect(bot.stderr()).not.toContain(APP_TOKEN);
    expect(bot.stderr()).not.toContain("fakeTicket");
  }, 30_000);

  it("ends on one SIGTERM within 10 s when it comes while Socket Mode is still starting", async () => {
    // Slack never answers apps.connections.open: start-up is waiting for Socket Mode.
    const slack = await fakeSlackApi(undefined, () => {});
    const bot = run({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: slack.url });
    await until(() => slack.opened.length === 1);
    const signalled = Date.now();
    bot.child.kill("SIGTERM");
    expect(await bot.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(10_000);
    expect(bot.logs().map((l) => l.message)).toContain("letterbot stopped");
  }, 30_000);

  it("says PORT is already in use, and exits 1", async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, resolve));
    cleanups.push(() => {
      holder.close();
    });
    const taken = (holder.address() as AddressInfo).port;
    const slack = await fakeSlackApi();
    const bot = run(slackEnv(slack.url, { PORT: String(taken) }));
    expect(await bot.exited).toBe(1);
    expect(bot.stderr()).toContain(`letterbot: PORT ${taken} is already in use`);
  });

  it("without a terminal or settings, says in one line which variables would start a platform, and exits 0", async () => {
    const bot = run({}, { stdin: "ignore" });
    expect(await bot.exited).toBe(0);
    expect(bot.stdout()).toBe("");
    const lines = bot.stderr().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("SLACK_BOT_TOKEN");
    expect(lines[0]).toContain("DISCORD_TOKEN");
  });

  it("reads .env from its working folder, with the environment taking precedence", async () => {
    const dir = mkdtempSync(join(tmpdir(), "letterbot-env-"));
    writeFileSync(join(dir, ".env"), "DEFAULT_TIMEZONE=Mars/Olympus\nSHUTDOWN_GRACE_SECONDS=2\n");
    const refused = run({}, { cwd: dir, stdin: "ignore" });
    expect(await refused.exited).toBe(1);
    expect(refused.stderr()).toContain("DEFAULT_TIMEZONE is not an IANA time zone name");
    expect(refused.stderr()).not.toContain("Mars/Olympus");
    const overridden = run({ DEFAULT_TIMEZONE: "Europe/Berlin" }, { cwd: dir, stdin: "ignore" });
    expect(await overridden.exited).toBe(0);
  });
});
