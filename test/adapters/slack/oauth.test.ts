/**
 * Installing letterbot in many workspaces, end to end: the whole bot (startLetterbot) in Slack's
 * HTTP mode with OAuth settings, against a fake Slack on loopback, fed real signed requests; its
 * state in SQLite, and in PostgreSQL when DATABASE_URL is set.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { startSlack } from "../../../src/adapters/slack/app.js";
import { SLACK_BOT_SCOPES, STATE_TTL_SECONDS } from "../../../src/adapters/slack/oauth.js";
import { createMemoryStore } from "../../../src/adapters/store/memory.js";
import { openStore } from "../../../src/adapters/store/open.js";
import { type Letterbot, startLetterbot } from "../../../src/app.js";
import { BotError, type Store, silentLogger } from "../../../src/core/index.js";
import { loadDailyConfig } from "../../../src/runtime/daily-config.js";
import { createLogger } from "../../../src/runtime/logger.js";
import { loadStoreConfig } from "../../../src/runtime/store-config.js";
import { FakeSlack, type FakeWorkspace, workspace } from "../../fakes/slack/server.js";
import { makeBot } from "../../helpers.js";
import { DATABASE_URL, dropSchemas, freshDatabaseUrl } from "../../postgres.js";
import { SIGNING_SECRET, signedHeaders } from "./signing.js";

const CLIENT_ID = "1111111111.2222222222";
const CLIENT_SECRET = "0123456789abcdef0123456789abcdef";
const STATE_SECRET = "state-secret-for-tests-only-0123";
const COOKIE = "slack-app-oauth-state";
const FORM = "application/x-www-form-urlencoded";

const T1 = workspace("T0FIRST01", "First Team");
const T2 = workspace("T0SECOND1", "Second Team");

interface Running {
  bot: Letterbot;
  slack: FakeSlack;
  store: Store;
  base: string;
  log: () => string;
  setNow: (iso: string) => void;
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(dropSchemas);

/** Starts the whole bot with OAuth settings against a fake Slack; `database` adds DATABASE_URL. */
async function start(database: () => Promise<Record<string, string>>): Promise<Running> {
  const slack = await FakeSlack.start({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    workspaces: [T1, T2],
  });
  cleanups.push(() => slack.close());
  let now = new Date("2026-03-02T08:59:00Z");
  const logStream = new PassThrough();
  let logged = "";
  logStream.on("data", (c) => {
    logged += String(c);
  });
  const env = {
    SLACK_CLIENT_ID: CLIENT_ID,
    SLACK_CLIENT_SECRET: CLIENT_SECRET,
    SLACK_STATE_SECRET: STATE_SECRET,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    PORT: "0",
    DATA_DIR: mkdtempSync(join(tmpdir(), "letterbot-oauth-")),
    DEFAULT_TIMEZONE: "UTC",
    ...(await database()),
  };
  const bot = await startLetterbot({
    env,
    input: new PassThrough(),
    output: new PassThrough(),
    logStream,
    clock: { now: () => now },
    tickSeconds: 1,
  });
  cleanups.push(() => bot.stop());
  const base = `http://127.0.0.1:${bot.healthPorts[0]}`;
  slack.redirectUrl = `${base}/slack/oauth_redirect`;
  // A second handle on the same database, as another replica would have.
  const store = await openStore(loadStoreConfig(env, loadDailyConfig(env)), silentLogger);
  cleanups.push(() => store.close());
  return {
    bot,
    slack,
    store,
    base,
    log: () => logged,
    setNow: (iso) => {
      now = new Date(iso);
    },
  };
}

/** A browser's GET that does not follow redirects, carrying `cookie`. */
async function get(url: string, cookie?: string) {
  const response = await fetch(url, { redirect: "manual", headers: cookie ? { cookie } : {} });
  return {
    status: response.status,
    location: response.headers.get("location") ?? "",
    cookies: response.headers.getSetCookie(),
    body: await response.text(),
  };
}

/** `/slack/install`, then Slack's authorize page: the redirect back to the app, and the browser's cookie. */
async function beginInstall(app: Running, teamId: string) {
  const install = await get(`${app.base}/slack/install`);
  const authorize = new URL(install.location);
  authorize.searchParams.set("team", teamId);
  const approved = await get(authorize.toString());
  const cookie =
    install.cookies.map((c) => c.split(";")[0] ?? "").find((c) => c.startsWith(`${COOKIE}=`)) ?? "";
  return { install, redirect: approved.location, cookie };
}

async function installIn(app: Running, teamId: string) {
  const { redirect, cookie } = await beginInstall(app, teamId);
  const done = await get(redirect, cookie);
  expect(done.status).toBe(200);
  return done;
}

function post(app: Running, body: string, contentType: string) {
  return fetch(`${app.base}/slack/events`, {
    method: "POST",
    body,
    headers: signedHeaders(body, contentType),
  }).then(async (r) => ({ status: r.status, body: await r.text() }));
}

const command = (app: Running, team: string, text: string, channel = "C0DAILY01") =>
  post(
    app,
    new URLSearchParams({
      token: "x",
      team_id: team,
      channel_id: channel,
      user_id: "U0ASKER01",
      command: "/letter",
      text,
      response_url: "https://hooks.slack.test/commands/1",
      trigger_id: "1.2.3",
    }).toString(),
    FORM,
  );

let nextEvent = 1;
const event = (app: Running, team: string, inner: Record<string, unknown>) =>
  post(
    app,
    JSON.stringify({
      token: "x",
      team_id: team,
      api_app_id: "A0LETTERBOT",
      type: "event_callback",
      event_id: `Ev0OAUTH${nextEvent++}`,
      event_time: 1718000000,
      event: inner,
    }),
    "application/json",
  );

const mention = (app: Running, team: FakeWorkspace) =>
  event(app, team.teamId, {
    type: "app_mention",
    user: "U0ASKER01",
    text: `<@${team.botUserId}> demands 2`,
    ts: "1718000000.000100",
    channel: "C0TALK001",
    event_ts: "1718000000.000100",
  });

const until = async (test: () => boolean | Promise<boolean>, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

function describeOAuth(name: string, database: () => Promise<Record<string, string>>) {
  describe(`Slack installs through OAuth, state in ${name}`, () => {
    it("installs in two workspaces, answers and posts daily with each one's token, and forgets one when it uninstalls", async () => {
      const app = await start(database);
      expect(app.bot.adapters).toEqual(["slack"]);

      // /slack/install: straight to Slack's authorize page, with our scopes and a state in a cookie.
      const { install, redirect, cookie } = await beginInstall(app, T1.teamId);
      expect(install.status).toBe(302);
      const authorize = new URL(install.location);
      expect(`${authorize.origin}${authorize.pathname}`).toBe(app.slack.authorizeUrl);
      expect(authorize.searchParams.get("client_id")).toBe(CLIENT_ID);
      expect(authorize.searchParams.get("scope")?.split(",")).toEqual([...SLACK_BOT_SCOPES]);
      const state = authorize.searchParams.get("state") ?? "";
      expect(state.length).toBeGreaterThan(30);
      expect(cookie).toBe(`${COOKIE}=${state}`);
      expect(install.cookies[0]).toContain(`Max-Age=${STATE_TTL_SECONDS}`);

      // /slack/oauth_redirect?code=…&state=…: oauth.v2.access with our credentials, then stored.
      expect(new URL(redirect).pathname).toBe("/slack/oauth_redirect");
      const done = await get(redirect, cookie);
      expect(done.status).toBe(200);
      expect(done.body).toContain("letterbot is now installed in First Team");
      const exchanged = app.slack.callsTo("oauth.v2.access");
      expect(exchanged).toHaveLength(1);
      expect(exchanged[0]?.params).toMatchObject({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
      const stored = await app.store.getInstallation("slack", T1.teamId);
      expect(JSON.parse(stored?.data ?? "{}")).toMatchObject({
        team: { id: T1.teamId },
        bot: { token: T1.botToken, userId: T1.botUserId, id: T1.botId },
      });
      await installIn(app, T2.teamId);

      // Requests from each workspace are answered, each with its own token.
      const demands = await command(app, T1.teamId, "demands");
      expect(demands.status).toBe(200);
      expect(JSON.parse(demands.body)).toMatchObject({ response_type: "in_channel" });
      expect(demands.body).toContain("Stop selling facial recognition");
      expect((await mention(app, T1)).status).toBe(200);
      expect((await mention(app, T2)).status).toBe(200);
      await until(() => app.slack.callsTo("chat.postMessage").length === 2);
      const replies = app.slack.callsTo("chat.postMessage");
      expect(replies.map((r) => r.token).sort()).toEqual([T1.botToken, T2.botToken].sort());
      for (const reply of replies) expect(reply.params.thread_ts).toBe("1718000000.000100");

      // A daily post in the first workspace goes out with its token.
      const on = await command(app, T1.teamId, "daily on 09:00 UTC");
      expect(on.body).toContain("Daily quotes are on for this channel");
      app.setNow("2026-03-02T09:00:30Z");
      await until(() => app.slack.callsTo("chat.postMessage").some((c) => c.params.channel === "C0DAILY01"));
      const daily = app.slack.callsTo("chat.postMessage").filter((c) => c.params.channel === "C0DAILY01");
      expect(daily).toHaveLength(1);
      expect(daily[0]?.token).toBe(T1.botToken);
      await command(app, T1.teamId, "daily on 09:00 UTC", "C0DAILY02");

      // app_uninstalled: the installation is deleted and the workspace's daily quotes paused.
      app.slack.revoke(T1.teamId);
      expect(
        (await event(app, T1.teamId, { type: "app_uninstalled", event_ts: "1718000001.000001" })).status,
      ).toBe(200);
      await until(async () => (await app.store.getInstallation("slack", T1.teamId)) === undefined);
      await until(async () =>
        Boolean(
          (await app.store.getSubscription({ platform: "slack", workspace: T1.teamId, channel: "C0DAILY02" }))
            ?.paused,
        ),
      );
      const paused = await app.store.getSubscription({
        platform: "slack",
        workspace: T1.teamId,
        channel: "C0DAILY01",
      });
      expect(paused?.paused?.reason).toContain("letterbot was uninstalled from this workspace");
      expect(await app.store.getInstallation("slack", T2.teamId)).toBeDefined();

      // The uninstalled workspace is no longer answered; the other one still is.
      const ignored = await command(app, T1.teamId, "demands");
      expect(ignored.body).not.toContain("Stop selling");
      expect((await command(app, T2.teamId, "demands")).body).toContain("Stop selling facial recognition");
      expect(app.log()).toContain("not installed");
      for (const secret of [T1.botToken, T2.botToken, CLIENT_SECRET, STATE_SECRET])
        expect(app.log()).not.toContain(secret);
    }, 30_000);

    it("refuses a forged, tampered, reused or other browser's state with a clear page, and stores nothing", async () => {
      const app = await start(database);
      const page = /<h1>This install link is not valid<\/h1>.*Nothing was installed/s;
      const code = (url: string) => new URL(url).searchParams.get("code") ?? "";

      // A state we never issued.
      const forged = await get(
        `${app.base}/slack/oauth_redirect?code=anything&state=forged.c2lnbmF0dXJl`,
        `${COOKIE}=forged.c2lnbmF0dXJl`,
      );
      expect(forged.status).toBe(400);
      expect(forged.body).toMatch(page);

      // A real state with its signature changed.
      const first = await beginInstall(app, T1.teamId);
      const state = new URL(first.redirect).searchParams.get("state") ?? "";
      const tamperedState = `${state.split(".")[0]}.${"A".repeat(43)}`;
      const tampered = await get(
        `${app.base}/slack/oauth_redirect?code=${code(first.redirect)}&state=${tamperedState}`,
        `${COOKIE}=${tamperedState}`,
      );
      expect(tampered.status).toBe(400);
      expect(tampered.body).toMatch(page);

      // A real state, but without the cookie of the browser that started the install.
      const elsewhere = await get(first.redirect);
      expect(elsewhere.status).toBe(400);
      expect(elsewhere.body).toMatch(page);

      expect(app.slack.callsTo("oauth.v2.access")).toHaveLength(0);
      expect(await app.store.getInstallation("slack", T1.teamId)).toBeUndefined();

      // Used once, properly; then the same redirect again (a replayed link) is refused.
      const second = await beginInstall(app, T1.teamId);
      expect((await get(second.redirect, second.cookie)).status).toBe(200);
      const installed = await app.store.getInstallation("slack", T1.teamId);
      await app.store.deleteInstallation("slack", T1.teamId);
      const replayed = await get(second.redirect, second.cookie);
      expect(replayed.status).toBe(400);
      expect(replayed.body).toMatch(page);
      expect(app.slack.callsTo("oauth.v2.access")).toHaveLength(1);
      expect(installed).toBeDefined();
      expect(await app.store.getInstallation("slack", T1.teamId)).toBeUndefined();
      expect(app.log()).not.toContain(STATE_SECRET);
    }, 30_000);
  });
}

describe("Slack installs when the store fails", () => {
  it("answers with a page saying so, stores nothing, and goes on serving", async () => {
    const slack = await FakeSlack.start({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      workspaces: [T1],
    });
    cleanups.push(() => slack.close());
    const store = createMemoryStore();
    const failing = (what: string) => () =>
      Promise.reject(new BotError("store_failed", `The database failed to ${what}: connection refused.`));
    const { saveOAuthState, saveInstallation } = store;
    store.saveOAuthState = failing("save an install state");
    store.saveInstallation = failing("save an installation");
    const logStream = new PassThrough();
    let logged = "";
    logStream.on("data", (c) => {
      logged += String(c);
    });
    const adapter = await startSlack({
      bot: makeBot(),
      config: {
        oauth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, stateSecret: STATE_SECRET },
        mode: { kind: "http", signingSecret: SIGNING_SECRET, port: 0 },
        apiUrl: slack.apiUrl,
      },
      logger: createLogger({ stream: logStream }),
      store,
    });
    cleanups.push(() => adapter.stop());
    const base = `http://127.0.0.1:${adapter.port}`;
    slack.redirectUrl = `${base}/slack/oauth_redirect`;

    const refused = await get(`${base}/slack/install`);
    expect(refused.status).toBe(503);
    expect(refused.body).toContain("letterbot cannot start an installation right now");
    expect(logged).toContain("Slack install could not start");

    // The state is kept, but the installation cannot be: the person is told, nothing is stored.
    store.saveOAuthState = saveOAuthState;
    const { redirect, cookie } = await beginInstall({ base, slack } as Running, T1.teamId);
    const failed = await get(redirect, cookie);
    expect(failed.status).toBe(500);
    expect(failed.body).toMatch(/The installation did not complete.*Nothing was installed/s);
    expect(await store.getInstallation("slack", T1.teamId)).toBeUndefined();

    // Once the store answers again, the same adapter installs as usual.
    store.saveInstallation = saveInstallation;
    const retry = await beginInstall({ base, slack } as Running, T1.teamId);
    expect((await get(retry.redirect, retry.cookie)).status).toBe(200);
    expect(await store.getInstallation("slack", T1.teamId)).toBeDefined();
    expect(logged).not.toContain(T1.botToken);
  });
});

describeOAuth("SQLite", async () => ({}));

describe.skipIf(!DATABASE_URL)("PostgreSQL", () => {
  describeOAuth("PostgreSQL", async () => ({ DATABASE_URL: await freshDatabaseUrl() }));
});
