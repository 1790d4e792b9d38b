import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { type SlackAdapter, startSlack } from "../../../src/adapters/slack/app.js";
import { isBotError } from "../../../src/core/index.js";
import { createHealth } from "../../../src/runtime/health.js";
import { createRateLimiter, SLOW_DOWN_MESSAGE } from "../../../src/runtime/rate-limit.js";
import { fixture } from "./fixtures.js";
import {
  API_ORIGIN,
  API_URL,
  BOT_TOKEN,
  captureLog,
  commandBody,
  httpConfig,
  mockAuthTest,
  mockPostMessage,
  post,
  type SentMessage,
  signedHeaders,
  spyBot,
} from "./harness.js";

const FORM = "application/x-www-form-urlencoded";
const APP_TOKEN = "xapp-1-A0FAKEAPP-1111-fakeAppTokenValue";

let adapter: SlackAdapter | undefined;

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
});
afterAll(() => nock.enableNetConnect());
afterEach(async () => {
  await adapter?.stop(AbortSignal.abort());
  adapter = undefined;
  nock.cleanAll();
});

const sendCommand = (port: number, text: string, user = "U0FAKEUSR") => {
  const body = commandBody({ ...fixture<Record<string, string>>("slash-command"), text, user_id: user });
  return post(port, body, signedHeaders(body, FORM));
};

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    httpRequest({ host: "127.0.0.1", port, path, agent: false }, (res) => {
      let body = "";
      res.on("data", (c) => {
        body += String(c);
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on("error", reject)
      .end();
  });
}

describe("the Slack adapter as a service", () => {
  it("answers 5 of 30 commands from one user, with one private notice, and acknowledges the rest silently", async () => {
    mockAuthTest();
    const bot = spyBot();
    adapter = await startSlack({
      bot,
      config: httpConfig,
      logger: captureLog().logger,
      gate: createRateLimiter(),
    });
    const port = adapter.port ?? 0;
    const responses = [];
    for (let i = 0; i < 30; i++) responses.push(await sendCommand(port, "demands 1"));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(bot.calls).toHaveLength(5);
    const notices = responses.filter((r) => r.body.includes("sending requests faster"));
    expect(notices).toHaveLength(1);
    expect(JSON.parse(notices[0]?.body ?? "{}")).toMatchObject({ response_type: "ephemeral" });
    expect(responses.filter((r) => r.body === "")).toHaveLength(24);
    // Another user is not affected.
    expect((await sendCommand(port, "demands 1", "U0OTHERUSR")).body).toContain("Stop selling");
  });

  it("counts mentions with commands: over the limit, a mention gets an ephemeral notice in its thread", async () => {
    mockAuthTest();
    const bot = spyBot();
    adapter = await startSlack({
      bot,
      config: httpConfig,
      logger: captureLog().logger,
      gate: createRateLimiter(),
    });
    const port = adapter.port ?? 0;
    for (let i = 0; i < 5; i++) await sendCommand(port, "about");
    const notice: Record<string, string>[] = [];
    nock(API_ORIGIN)
      .post("/api/chat.postEphemeral")
      .reply(200, (_uri, body) => {
        notice.push(Object.fromEntries(new URLSearchParams(String(body))));
        return { ok: true };
      });
    const body = JSON.stringify(fixture("app-mention"));
    expect((await post(port, body, signedHeaders(body, "application/json"))).status).toBe(200);
    await adapter.stop();
    expect(bot.calls).toHaveLength(5);
    expect(notice).toHaveLength(1);
    expect(notice[0]).toMatchObject({ user: "U0FAKEUSR", thread_ts: "1718000000.000100" });
    expect(notice[0]?.text).toContain(SLOW_DOWN_MESSAGE.slice(0, 40));
  });

  it("serves /healthz and /readyz on its HTTP port, beside the events path", async () => {
    mockAuthTest();
    const health = createHealth([{ name: "store", state: () => ({ up: true }) }]);
    adapter = await startSlack({
      bot: spyBot(),
      config: httpConfig,
      logger: captureLog().logger,
      health: (req, res) => health.handle(req, res),
    });
    const port = adapter.port ?? 0;
    expect(await get(port, "/healthz")).toEqual({ status: 200, body: '{"status":"ok"}' });
    const ready = await get(port, "/readyz");
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toEqual({ status: "ready", checks: { store: "up" } });
    expect(adapter.state()).toEqual({ up: true });
    expect((await get(port, "/slack/events")).status).toBe(404);
  });

  it("reports a bot token Slack stops accepting, once, as fatal with the fix", async () => {
    mockAuthTest();
    const fatal: string[] = [];
    adapter = await startSlack({
      bot: spyBot(),
      config: httpConfig,
      logger: captureLog().logger,
      onFatal: (message) => fatal.push(message),
    });
    const sent: SentMessage[] = [];
    mockPostMessage(sent, { ok: false, error: "invalid_auth" });
    mockPostMessage(sent, { ok: false, error: "account_inactive" });
    const body = JSON.stringify(fixture("app-mention"));
    await post(adapter.port ?? 0, body, signedHeaders(body, "application/json"));
    const second = JSON.stringify({
      ...fixture<Record<string, unknown>>("app-mention"),
      event_id: "Ev0OTHER",
    });
    await post(adapter.port ?? 0, second, signedHeaders(second, "application/json"));
    await adapter.stop();
    expect(sent).toHaveLength(2);
    expect(fatal).toHaveLength(1);
    expect(fatal[0]).toContain("SLACK_BOT_TOKEN (invalid_auth)");
    expect(fatal[0]).toContain("Reinstall the app");
    expect(fatal[0]).not.toContain(BOT_TOKEN);
  });

  it("reports a bot token refused at start-up as the start-up's error, not as a fatal report", async () => {
    nock(API_ORIGIN).post("/api/auth.test").reply(200, { ok: false, error: "invalid_auth" });
    const fatal: string[] = [];
    const failure = await startSlack({
      bot: spyBot(),
      config: httpConfig,
      logger: captureLog().logger,
      onFatal: (message) => fatal.push(message),
    }).catch((e: unknown) => e);
    expect(isBotError(failure, "config_invalid")).toBe(true);
    expect((failure as Error).message).toContain("SLACK_BOT_TOKEN (invalid_auth)");
    expect(fatal).toEqual([]);
  });

  it("says PORT is already in use when another process holds it", async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, resolve));
    const taken = (holder.address() as AddressInfo).port;
    mockAuthTest();
    const failure = await startSlack({
      bot: spyBot(),
      config: { ...httpConfig, mode: { ...httpConfig.mode, port: taken } as typeof httpConfig.mode },
      logger: captureLog().logger,
    }).catch((e: unknown) => e);
    holder.close();
    expect(isBotError(failure, "config_invalid")).toBe(true);
    expect((failure as Error).message).toContain(`PORT ${taken} is already in use`);
  });

  it("says which token Slack refused, and how to make a new one, when SLACK_APP_TOKEN is refused", async () => {
    mockAuthTest();
    nock(API_ORIGIN).post("/api/apps.connections.open").reply(200, { ok: false, error: "invalid_auth" });
    const failure = await startSlack({
      bot: spyBot(),
      config: { botToken: BOT_TOKEN, mode: { kind: "socket", appToken: APP_TOKEN }, apiUrl: API_URL },
      logger: captureLog().logger,
    }).catch((e: unknown) => e);
    expect(isBotError(failure, "config_invalid")).toBe(true);
    const message = (failure as Error).message;
    expect(message).toContain("Slack refused SLACK_APP_TOKEN (invalid_auth)");
    expect(message).toContain("connections:write");
    expect(message).toContain("App-Level Tokens");
    expect(message).not.toContain(APP_TOKEN);
  });

  it("reports an app token refused on a Socket Mode reconnection as fatal", async () => {
    const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    await new Promise((resolve) => server.once("listening", resolve));
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/link`;
    server.on("connection", (socket) => {
      socket.send(JSON.stringify({ type: "hello", num_connections: 1, connection_info: { app_id: "A0" } }));
    });
    mockAuthTest();
    nock(API_ORIGIN).post("/api/apps.connections.open").reply(200, { ok: true, url });
    const fatal: string[] = [];
    adapter = await startSlack({
      bot: spyBot(),
      config: { botToken: BOT_TOKEN, mode: { kind: "socket", appToken: APP_TOKEN }, apiUrl: API_URL },
      logger: captureLog().logger,
      onFatal: (message) => fatal.push(message),
      clientPingTimeoutMs: 50,
    });
    expect(adapter.state()).toEqual({ up: true });
    nock(API_ORIGIN).post("/api/apps.connections.open").reply(200, { ok: false, error: "account_inactive" });
    for (const socket of server.clients) socket.close();
    const end = Date.now() + 5_000;
    while (!fatal.length && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fatal[0]).toContain("SLACK_APP_TOKEN (account_inactive)");
    expect(adapter.state().up).toBe(false);
    await new Promise((resolve) => server.close(resolve));
  });

  it("on stop, waits for an answer in progress until the deadline, then abandons it", async () => {
    mockAuthTest();
    const log = captureLog();
    adapter = await startSlack({ bot: spyBot(), config: httpConfig, logger: log.logger });
    let received = false;
    nock(API_ORIGIN)
      .post("/api/chat.postMessage")
      .reply(() => {
        received = true;
        return new Promise(() => {});
      });
    const body = JSON.stringify(fixture("app-mention"));
    await post(adapter.port ?? 0, body, signedHeaders(body, "application/json"));
    const end = Date.now() + 5_000;
    while (!received && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 10));
    const deadline = new AbortController();
    let stopped = false;
    const stopping = adapter.stop(deadline.signal).then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(stopped).toBe(false);
    deadline.abort();
    await stopping;
    expect(log.output()).toContain("abandoned at shutdown");
  });
});
