import type { AddressInfo } from "node:net";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type WebSocket, WebSocketServer } from "ws";
import { type SlackAdapter, startSlack } from "../../../src/adapters/slack/app.js";
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

let server: WebSocketServer;
let adapter: SlackAdapter | undefined;

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
});
afterAll(() => nock.enableNetConnect());
afterEach(async () => {
  await adapter?.stop();
  await new Promise((resolve) => server.close(resolve));
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

/** A fake Slack Socket Mode endpoint: says hello to each connection and hands out its frames. */
async function fakeSocketMode() {
  server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise((resolve) => server.once("listening", resolve));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/link`;
  const connected = new Promise<WebSocket>((resolve) =>
    server.once("connection", (socket) => {
      socket.send(
        JSON.stringify({ type: "hello", num_connections: 1, connection_info: { app_id: "A0FAKEAPP" } }),
      );
      resolve(socket);
    }),
  );
  nock(API_ORIGIN)
    .post("/api/apps.connections.open")
    .matchHeader("authorization", `Bearer ${APP_TOKEN}`)
    .reply(200, { ok: true, url });
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
      config: { botToken: BOT_TOKEN, mode: { kind: "socket", appToken: APP_TOKEN }, apiUrl: API_URL },
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
