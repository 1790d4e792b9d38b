/**
 * Two real bot processes (the compiled entry point, built by the global setup) sharing one store,
 * as replicas behind a load balancer: on one PostgreSQL database (DATABASE_URL), and, where that is
 * meant to work too, on one SQLite file. Slack and Discord are local fakes.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { openPostgresStore } from "../src/adapters/store/postgres.js";
import type { ChannelRef } from "../src/core/index.js";
import { SIGNING_SECRET, signedHeaders } from "./adapters/slack/signing.js";
import { FakeDiscord } from "./fakes/discord/server.js";
import { FakeSlack, workspace } from "./fakes/slack/server.js";
import {
  APPLICATION_ID,
  BOT_ID,
  CHANNEL_ID,
  GUILD_ID,
  messageCreate,
  TOKEN,
} from "./fixtures/discord/events.js";
import { DATABASE_URL, dropSchemas, freshDatabaseUrl } from "./postgres.js";
import { type Watched, watch } from "./process.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const shiftedClock = fileURLToPath(new URL("./fakes/clock/shifted-clock.mjs", import.meta.url));
const TEAM = workspace("T0REPLICA");

type Bot = Watched;

const children: ChildProcess[] = [];
const cleanups: (() => Promise<unknown> | undefined)[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  for (const cleanup of cleanups.splice(0)) await cleanup();
});
afterAll(dropSchemas);

function startBot(env: Record<string, string>, preload: string[] = []): Bot {
  const child = spawn(process.execPath, [...preload, join(root, "dist/main.js")], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  children.push(child);
  return watch(child, 15_000);
}

const started = (bot: Bot) => bot.waitForLog((l) => l.message === "letterbot started");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const until = async (test: () => boolean, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await sleep(20);
  }
};

async function fakeSlack() {
  const slack = await FakeSlack.start({ clientId: "1.1", clientSecret: "unused", workspaces: [TEAM] });
  cleanups.push(() => slack.close());
  return slack;
}

const slackEnv = (slack: FakeSlack) => ({
  SLACK_BOT_TOKEN: TEAM.botToken,
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  SLACK_API_URL: slack.apiUrl,
  PORT: "0",
});

/** The same signed mention, as Slack would send it (and send it again) to whichever replica. */
function mentionEvent(eventId: string) {
  return JSON.stringify({
    token: "x",
    team_id: TEAM.teamId,
    api_app_id: "A0LETTERBOT",
    type: "event_callback",
    event_id: eventId,
    event_time: 1718000000,
    event: {
      type: "app_mention",
      user: "U0ASKER01",
      text: `<@${TEAM.botUserId}> demands 2`,
      ts: "1718000000.000100",
      channel: "C0TALK001",
      event_ts: "1718000000.000100",
    },
  });
}

async function deliver(bot: Bot, body: string, retry?: number) {
  const [port] = (await started(bot)).healthPorts as number[];
  const response = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: "POST",
    body,
    headers: {
      ...signedHeaders(body, "application/json"),
      ...(retry ? { "x-slack-retry-num": String(retry), "x-slack-retry-reason": "http_timeout" } : {}),
    },
  });
  return response.status;
}

/** Where both replicas keep their state. */
interface SharedStore {
  name: string;
  env: () => Promise<Record<string, string>>;
}

const SQLITE: SharedStore = {
  name: "SQLite (one file)",
  env: async () => ({ DATA_DIR: mkdtempSync(join(tmpdir(), "letterbot-replicas-")) }),
};
const POSTGRES: SharedStore = {
  name: "PostgreSQL",
  env: async () => ({
    DATA_DIR: mkdtempSync(join(tmpdir(), "letterbot-replicas-")),
    DATABASE_URL: await freshDatabaseUrl(),
  }),
};

function describeSlackDedupe(store: SharedStore) {
  it(`answers the same signed Slack event once when it reaches each of two replicas, and after a restart (${store.name})`, async () => {
    const slack = await fakeSlack();
    const env = { ...slackEnv(slack), ...(await store.env()) };
    const a = startBot(env);
    const b = startBot(env);
    await Promise.all([started(a), started(b)]);

    const body = mentionEvent("Ev0SAMEEVENT1");
    expect(await Promise.all([deliver(a, body), deliver(b, body, 1)])).toEqual([200, 200]);
    await until(() => slack.callsTo("chat.postMessage").length >= 1);
    await sleep(1_000);
    expect(slack.callsTo("chat.postMessage")).toHaveLength(1);

    // A replica restarted since is asked again: it remembers too.
    a.child.kill("SIGTERM");
    expect(await a.exited).toBe(0);
    const restarted = startBot(env);
    expect(await deliver(restarted, body, 2)).toBe(200);
    expect(await deliver(restarted, mentionEvent("Ev0NEWEVENT01"))).toBe(200);
    await until(() => slack.callsTo("chat.postMessage").length >= 2);
    await sleep(500);
    expect(slack.callsTo("chat.postMessage")).toHaveLength(2);
    expect(
      restarted.logs().some((l) => l.message === "Slack event already handled; redelivery ignored"),
    ).toBe(true);
    expect(a.stderr() + b.stderr() + restarted.stderr()).not.toContain(TEAM.botToken);
  }, 45_000);
}

function describeDiscordLeader(store: SharedStore) {
  it(`keeps one Discord gateway between two replicas; when the leader is killed, the standby connects and answers (${store.name})`, async () => {
    const discord = await FakeDiscord.start({
      token: TOKEN,
      applicationId: APPLICATION_ID,
      botUserId: BOT_ID,
      guilds: [{ id: GUILD_ID, channels: [CHANNEL_ID] }],
    });
    cleanups.push(() => discord.close());
    const env = {
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: APPLICATION_ID,
      DISCORD_API_URL: discord.apiUrl,
      HEALTH_PORT: "0",
      LEADER_LEASE_SECONDS: "3",
      ...(await store.env()),
    };
    const bots = [startBot(env), startBot(env)];
    await Promise.all(bots.map(started));
    const connected = (bot: Bot) => bot.logs().filter((l) => l.message === "discord: connected").length;
    await until(() => bots.some((bot) => connected(bot) === 1));
    const leader = bots.find((bot) => connected(bot) === 1) as Bot;
    const standby = bots.find((bot) => bot !== leader) as Bot;
    expect(connected(standby)).toBe(0);
    expect(discord.connections).toHaveLength(1);

    const readiness = async (bot: Bot) => {
      const [port] = (await started(bot)).healthPorts as number[];
      const response = await fetch(`http://127.0.0.1:${port}/readyz`);
      return { status: response.status, body: await response.json() };
    };
    expect(await readiness(standby)).toEqual({
      status: 200,
      body: { status: "ready", checks: { store: "up", discord: "standby" } },
    });
    expect((await readiness(leader)).body).toMatchObject({ checks: { discord: "up" } });

    const replies = () => discord.requestsTo("POST", `/channels/${CHANNEL_ID}/messages`);
    discord.dispatch("MESSAGE_CREATE", messageCreate(`<@${BOT_ID}> demands 1`));
    await until(() => replies().length === 1);
    await sleep(500);
    expect(replies()).toHaveLength(1);

    const killed = Date.now();
    leader.child.kill("SIGKILL");
    await standby.waitForLog((l) => l.message === "discord: connected", 30_000);
    expect(Date.now() - killed).toBeLessThan(30_000);
    expect(discord.connections).toHaveLength(2);
    expect((await readiness(standby)).body).toMatchObject({ checks: { discord: "up" } });

    discord.dispatch("MESSAGE_CREATE", messageCreate(`<@${BOT_ID}> demands 3`));
    await until(() => replies().length === 2);
    expect(JSON.stringify(replies()[1]?.body)).toContain("transparency");
    expect(standby.stderr()).not.toContain(TOKEN);
  }, 60_000);
}

describe("replicas on one SQLite file", () => {
  describeSlackDedupe(SQLITE);
  describeDiscordLeader(SQLITE);
});

describe.skipIf(!DATABASE_URL)("replicas on one PostgreSQL database", () => {
  describeSlackDedupe(POSTGRES);
  describeDiscordLeader(POSTGRES);

  it("posts one daily quote per channel per day over a simulated week, with both schedulers running", async () => {
    const slack = await fakeSlack();
    const url = await freshDatabaseUrl();
    const channels = ["C0WEEK0001", "C0WEEK0002", "C0WEEK0003"];
    const where = (channel: string): ChannelRef => ({ platform: "slack", workspace: TEAM.teamId, channel });
    const seed = await openPostgresStore(url);
    for (const channel of channels) {
      await seed.saveSubscription({
        where: where(channel),
        time: "09:00",
        timeZone: "UTC",
        since: "2026-03-01T00:00:00.000Z",
      });
    }
    // Both processes read the same simulated time from this file.
    const clockFile = join(mkdtempSync(join(tmpdir(), "letterbot-clock-")), "offset");
    const setDay = (day: number) =>
      writeFileSync(clockFile, String(Date.parse(`2026-03-0${day + 2}T09:00:30Z`) - Date.now()));
    setDay(0);
    const env = {
      ...slackEnv(slack),
      DATABASE_URL: url,
      DATA_DIR: mkdtempSync(join(tmpdir(), "letterbot-replicas-")),
      DAILY_TICK_SECONDS: "1",
      LETTERBOT_TEST_CLOCK_FILE: clockFile,
    };
    const bots = [startBot(env, ["--import", shiftedClock]), startBot(env, ["--import", shiftedClock])];
    await Promise.all(bots.map(started));

    const posts = () => slack.callsTo("chat.postMessage");
    for (let day = 0; day < 7; day++) {
      if (day > 0) setDay(day);
      await until(() => posts().length >= channels.length * (day + 1));
      // Long enough for each scheduler to tick again on this day: a second post would show now.
      await sleep(2_000);
      expect(posts()).toHaveLength(channels.length * (day + 1));
    }

    for (const channel of channels) {
      const mine = posts().filter((p) => p.params.channel === channel);
      expect(mine).toHaveLength(7);
      // Seven different quotes: each day took the next passage of the channel's rotation.
      expect(new Set(mine.map((p) => p.params.text)).size).toBe(7);
      expect(await seed.tallyPosts(where(channel))).toEqual({ posted: 7, unconfirmed: [] });
    }
    const postedBy = bots.map((bot) => bot.logs().filter((l) => l.message === "daily quote posted").length);
    expect(postedBy.reduce((sum, n) => sum + n, 0)).toBe(21);
    expect(posts().every((p) => p.token === TEAM.botToken)).toBe(true);
    await seed.close();
  }, 90_000);
});
