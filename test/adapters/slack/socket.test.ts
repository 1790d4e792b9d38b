import { createServer } from "node:http";
import { type AddressInfo, createServer as createNetServer } from "node:net";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type WebSocket, WebSocketServer } from "ws";
import { type SlackAdapter, startSlack } from "../../../src/adapters/slack/app.js";
import { describeFailure } from "../../../src/adapters/slack/socket.js";
import { article } from "../../helpers.js";
import { fixture } from "./fixtures.js";
import {
  API_ORIGIN,
  API_URL,
  BOT_TOKEN,
  captureLog,
  mockAuthTest,
  mockPostMessage,
  type SentMessage,
  spyBot,
} from "./harness.js";

const APP_TOKEN = "xapp-1-A0FAKEAPP-1111-fakeAppTokenValue";
const socketConfig = {
  botToken: BOT_TOKEN,
  mode: { kind: "socket" as const, appToken: APP_TOKEN },
  apiUrl: API_URL,
};

let server: WebSocketServer | undefined;
let adapter: SlackAdapter | undefined;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
});
afterAll(() => nock.enableNetConnect());
afterEach(async () => {
  await adapter?.stop();
  adapter = undefined;
  if (server) await new Promise((resolve) => server?.close(resolve));
  server = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

/** A fake Slack Socket Mode endpoint: says hello to each connection; resolves with the first one. */
async function socketServer() {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  server = wss;
  await new Promise((resolve) => wss.once("listening", resolve));
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/link/?ticket=fakeTicket`;
  const connected = new Promise<WebSocket>((resolve) =>
    wss.once("connection", (socket) => {
      socket.send(
        JSON.stringify({ type: "hello", num_connections: 1, connection_info: { app_id: "A0FAKEAPP" } }),
      );
      resolve(socket);
    }),
  );
  return { url, connected };
}

/** `apps.connections.open`, answered `times` times with `url`, checking the app token. */
function mockConnectionsOpen(url: string, times = 1) {
  return nock(API_ORIGIN)
    .post("/api/apps.connections.open")
    .times(times)
    .matchHeader("authorization", `Bearer ${APP_TOKEN}`)
    .reply(200, { ok: true, url });
}

/** A fake Slack Socket Mode endpoint reached through apps.connections.open. */
async function fakeSocketMode() {
  const { url, connected } = await socketServer();
  mockConnectionsOpen(url);
  return { connected };
}

/** Sends an envelope and resolves with the client's acknowledgement of it. */
function exchange(
  socket: WebSocket,
  envelope: Record<string, unknown>,
): Promise<{ payload?: Record<string, unknown> }> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer) => {
      const message = JSON.parse(String(data)) as { envelope_id?: string; payload?: Record<string, unknown> };
      if (message.envelope_id !== envelope.envelope_id) return;
      socket.off("message", onMessage);
      resolve(message);
    };
    socket.on("message", onMessage);
    socket.send(JSON.stringify(envelope));
  });
}

describe("the Slack adapter over Socket Mode", () => {
  it("connects through SLACK_API_URL, answers a command in its ack, and answers an event once", async () => {
    const { connected } = await fakeSocketMode();
    mockAuthTest();
    const bot = spyBot();
    adapter = await startSlack({
      bot,
      config: socketConfig,
      logger: captureLog().logger,
      webApiRetry: { retries: 0 },
    });
    expect(adapter.port).toBeUndefined();
    const socket = await connected;

    const command = await exchange(socket, {
      envelope_id: "env-command-1",
      type: "slash_commands",
      accepts_response_payload: true,
      payload: fixture("slash-command"),
    });
    expect(command.payload?.response_type).toBe("in_channel");
    for (const demand of article.demands) expect(String(command.payload?.text)).toContain(demand.text);

    const sent: SentMessage[] = [];
    mockPostMessage(sent);
    const event = { type: "events_api", accepts_response_payload: false, payload: fixture("app-mention") };
    await exchange(socket, { ...event, envelope_id: "env-event-1", retry_attempt: 0, retry_reason: "" });
    await exchange(socket, {
      ...event,
      envelope_id: "env-event-2",
      retry_attempt: 1,
      retry_reason: "timeout",
    });
    await adapter.stop();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ channel: "C0FAKE001", thread_ts: "1718000000.000100" });
    expect(bot.calls.map((c) => c.source)).toEqual(["command", "mention"]);
  });
});

describe("signed payloads letterbot cannot use, over Socket Mode", () => {
  it("acknowledges each at once, does nothing, and leaves one warning line", async () => {
    const { connected } = await fakeSocketMode();
    mockAuthTest();
    const bot = spyBot();
    const log = captureLog();
    adapter = await startSlack({
      bot,
      config: socketConfig,
      logger: log.logger,
      webApiRetry: { retries: 0 },
    });
    const socket = await connected;
    const press = fixture<Record<string, unknown>>("block-actions");
    const began = Date.now();
    const ack = await exchange(socket, {
      envelope_id: "env-press-1",
      type: "interactive",
      accepts_response_payload: false,
      payload: { ...press, user: undefined },
    });
    expect(Date.now() - began).toBeLessThan(2_000);
    expect(ack).toEqual({ envelope_id: "env-press-1", payload: {} });
    await adapter.stop();
    expect(bot.acts).toEqual([]);
    const warnings = linesOf(log).filter((l) => l.level !== "info");
    expect(warnings).toMatchObject([{ level: "warn", payload: "block_actions", fields: ["user"] }]);
  });
});

/** A loopback address where nothing listens. */
async function closedPort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** An HTTP server that answers every request, a WebSocket upgrade too, with `status`. */
async function plainHttp(status: number): Promise<number> {
  const http = createServer((_req, res) => res.writeHead(status).end("no"));
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise((resolve) => http.close(resolve)));
  return (http.address() as AddressInfo).port;
}

/** The log's lines, parsed. */
function linesOf(log: ReturnType<typeof captureLog>) {
  return log
    .output()
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { level: string; message: string; [key: string]: unknown });
}

const causeLines = (log: ReturnType<typeof captureLog>) =>
  linesOf(log).filter((l) => l.message.startsWith("Slack Socket Mode cannot connect"));

async function until(test: () => boolean, ms = 10_000) {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("Socket Mode that cannot connect", () => {
  it("starts anyway, says Slack is not up and why in one line, and is up once it connects", async () => {
    const refused = `ws://127.0.0.1:${await closedPort()}/link/?ticket=fakeTicket`;
    const { url, connected } = await socketServer();
    mockAuthTest();
    // Three connection URLs that lead nowhere, then one that works.
    mockConnectionsOpen(refused, 3);
    mockConnectionsOpen(url);
    const log = captureLog();
    adapter = await startSlack({
      bot: spyBot(),
      config: socketConfig,
      logger: log.logger,
      clientPingTimeoutMs: 100,
    });
    expect(adapter.state()).toEqual({ up: false, reason: "Socket Mode not connected: connection refused" });
    await connected;
    await until(() => adapter?.state().up === true);
    // Three refusals, one line: the same cause is not logged again at every attempt.
    const causes = causeLines(log);
    expect(causes).toHaveLength(1);
    expect(causes[0]?.level).toBe("error");
    expect(causes[0]?.message).toContain(`connection refused by ${new URL(refused).host}`);
    expect(causes[0]?.message).toContain(
      "Check that this host may open outgoing WebSocket connections (wss://)",
    );
    expect(log.output()).not.toContain("fakeTicket");
    // The SDK's own lines about it carry no cause, and are not written.
    expect(linesOf(log).filter((l) => l.message.startsWith("WebSocket error"))).toEqual([]);
    expect(linesOf(log).find((l) => l.message === "Slack Socket Mode connected")).toMatchObject({
      afterFailures: 3,
    });
  });

  it.each([
    [
      "an HTTP status",
      async () => `ws://127.0.0.1:${await plainHttp(404)}/link/`,
      "HTTP 404",
      "answered HTTP 404",
    ],
    [
      "TLS",
      async () => `wss://127.0.0.1:${await plainHttp(200)}/link/`,
      "TLS handshake failed",
      "TLS handshake with",
    ],
  ])("names %s as the cause", async (_name, address, short, cause) => {
    mockAuthTest();
    mockConnectionsOpen(await address());
    const log = captureLog();
    adapter = await startSlack({ bot: spyBot(), config: socketConfig, logger: log.logger });
    expect(adapter.state()).toEqual({ up: false, reason: `Socket Mode not connected: ${short}` });
    expect(causeLines(log)).toHaveLength(1);
    expect(causeLines(log)[0]?.message).toContain(cause);
  });

  it("retries apps.connections.open when it fails, naming the cause, then connects", async () => {
    const { url, connected } = await socketServer();
    mockAuthTest();
    nock(API_ORIGIN).post("/api/apps.connections.open").reply(503, "upstream unavailable");
    mockConnectionsOpen(url);
    const log = captureLog();
    adapter = await startSlack({
      bot: spyBot(),
      config: socketConfig,
      logger: log.logger,
      clientPingTimeoutMs: 100,
    });
    expect(adapter.state()).toEqual({ up: false, reason: "Socket Mode not connected: HTTP 503" });
    await connected;
    await until(() => adapter?.state().up === true);
    expect(causeLines(log)).toHaveLength(1);
    expect(causeLines(log)[0]).toMatchObject({ stage: "api" });
    expect(causeLines(log)[0]?.message).toContain("slack.test answered HTTP 503");
  });

  it("stops waiting at once when asked to stop while starting, and stops at once", async () => {
    mockAuthTest();
    let asked = false;
    nock(API_ORIGIN)
      .post("/api/apps.connections.open")
      .reply(() => {
        asked = true;
        return new Promise(() => {});
      });
    const stopping = new AbortController();
    const starting = startSlack({
      bot: spyBot(),
      config: socketConfig,
      logger: captureLog().logger,
      signal: stopping.signal,
    });
    await until(() => asked);
    const began = Date.now();
    stopping.abort();
    adapter = await starting;
    expect(adapter.state()).toEqual({ up: false, reason: "Socket Mode connecting" });
    await adapter.stop();
    adapter = undefined;
    // Far from the start-up wait (10 s) or the request's deadline (10 s).
    expect(Date.now() - began).toBeLessThan(3_000);
  });
});

describe("describeFailure", () => {
  /** An error as the Web API client throws it for a request that failed on the network. */
  const requestError = (code: string) => {
    const cause = Object.assign(new Error(`connect ${code}`), { code });
    return Object.assign(new Error("A request error occurred: fetch failed"), {
      code: "slack_webapi_request_error",
      original: Object.assign(new TypeError("fetch failed"), { cause }),
    });
  };

  // A failed name lookup is read the same way from the WebSocket's own request (not run here: how
  // fast a lookup fails depends on the host's resolver).
  it.each([
    ["ECONNREFUSED", "connection refused"],
    ["ENOTFOUND", "DNS lookup failed"],
    ["EAI_AGAIN", "DNS lookup failed"],
    ["CERT_HAS_EXPIRED", "TLS handshake failed"],
    ["ERR_TLS_CERT_ALTNAME_INVALID", "TLS handshake failed"],
    ["UND_ERR_CONNECT_TIMEOUT", "timed out"],
    ["ENETUNREACH", "network unreachable"],
    ["ECONNRESET", "connection reset"],
  ])("reads %s, wrapped as the Web API client wraps it, as %s", (code, short) => {
    const failure = describeFailure("api", "slack.com", requestError(code));
    expect(failure.short).toBe(short);
    expect(failure.cause).toContain("slack.com");
    expect(failure.check).toMatch(/^Check/);
  });

  it("reads a deadline that passed, and an HTTP status", () => {
    const timeout = Object.assign(new Error("The operation was aborted due to timeout"), {
      name: "TimeoutError",
    });
    expect(describeFailure("api", "slack.com", { original: timeout }).short).toBe("timed out");
    expect(describeFailure("api", "slack.com", { statusCode: 404 })).toMatchObject({
      short: "HTTP 404",
      check: "Check SLACK_API_URL if it is set: Slack's Web API answers 200.",
    });
    expect(describeFailure("websocket", "wss.slack.test", 502).check).toContain("outage");
  });

  it("names the error Slack answered with", () => {
    const refused = Object.assign(new Error("An API error occurred: team_disabled"), {
      code: "slack_webapi_platform_error",
      data: { ok: false, error: "team_disabled" },
    });
    expect(describeFailure("api", "slack.com", refused)).toMatchObject({
      short: "Slack answered team_disabled",
      check: "Check SLACK_APP_TOKEN, and that Socket Mode is on in the app's settings.",
    });
  });

  it("names an error it does not know by its code or name, never its message", () => {
    const odd = Object.assign(new Error("https://wss.slack.test/link/?ticket=secret"), { code: "EWHATEVER" });
    expect(describeFailure("websocket", "wss.slack.test", odd).cause).toBe(
      "the connection to wss.slack.test failed (EWHATEVER)",
    );
    expect(describeFailure("websocket", "wss.slack.test", undefined).cause).toBe(
      "the connection to wss.slack.test failed (no reason given)",
    );
  });
});
