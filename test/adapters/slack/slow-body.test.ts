/**
 * Slow-loris bodies in Slack's HTTP mode: a request whose body has not all arrived within the
 * bound is dropped, its connection closed, before Bolt reads it or checks its signature; requests
 * that arrive in time, even in pieces, are answered as ever. The bound is 10 s in production
 * (test/service.test.ts runs it so); here it is one second.
 */
import { connect } from "node:net";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { SlackAdapter } from "../../../src/adapters/slack/app.js";
import { fixture } from "./fixtures.js";
import {
  captureLog,
  commandBody,
  mockPostMessage,
  post,
  type SentMessage,
  signedHeaders,
  spyBot,
  startTestSlack,
} from "./harness.js";

const FORM = "application/x-www-form-urlencoded";
const BOUND_MS = 1_000;

let adapter: SlackAdapter | undefined;

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
});
afterAll(() => nock.enableNetConnect());
afterEach(async () => {
  await adapter?.stop();
  adapter = undefined;
  nock.cleanAll();
});

/**
 * A correctly signed request whose body is written in `pieces`, one every `everyMs`: resolves
 * when the server closes the connection, with what it answered and when.
 */
function sendInPieces(port: number, body: string, contentType: string, pieces: number, everyMs: number) {
  const headers = signedHeaders(body, contentType);
  const socket = connect(port, "127.0.0.1");
  const began = Date.now();
  let received = "";
  socket.on("data", (chunk) => {
    received += String(chunk);
    // An answered request is done with: the client closes its side.
    if (received.includes("\r\n\r\n")) socket.end();
  });
  socket.on("error", () => {});
  const head = [
    "POST /slack/events HTTP/1.1",
    "Host: 127.0.0.1",
    `Content-Type: ${contentType}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    `X-Slack-Request-Timestamp: ${headers["x-slack-request-timestamp"]}`,
    `X-Slack-Signature: ${headers["x-slack-signature"]}`,
  ].join("\r\n");
  socket.write(`${head}\r\n\r\n`);
  const size = Math.ceil(body.length / pieces);
  let sent = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || sent >= body.length) return clearInterval(timer);
    socket.write(body.slice(sent, sent + size));
    sent += size;
  }, everyMs);
  return new Promise<{ status: number; afterMs: number }>((resolve) =>
    socket.on("close", () => {
      clearInterval(timer);
      resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(received)?.[1] ?? 0), afterMs: Date.now() - began });
    }),
  );
}

describe("slow request bodies in Slack's HTTP mode", () => {
  it("drops every body not all arrived within the bound, unread, and goes on answering others", async () => {
    const bot = spyBot();
    adapter = await startTestSlack(bot, captureLog().logger, { requestTimeoutMs: BOUND_MS });
    const port = adapter.port ?? 0;
    // Signed mentions, one byte every 100 ms: each would take minutes to arrive, and be answered if it did.
    const mention = JSON.stringify(fixture("app-mention"));
    const trickling = Array.from({ length: 20 }, () =>
      sendInPieces(port, mention, "application/json", mention.length, 100),
    );
    // Meanwhile, commands are answered as ever.
    const command = commandBody(fixture<Record<string, string>>("slash-command"));
    for (let i = 0; i < 5; i++) {
      const res = await post(port, command, signedHeaders(command, FORM));
      expect(res.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const dropped = await Promise.all(trickling);
    for (const { status, afterMs } of dropped) {
      // Node answers 408 Request Timeout and closes the connection: no 401, so no signature was checked.
      expect(status).toBe(408);
      expect(afterMs).toBeGreaterThanOrEqual(BOUND_MS - 50);
      expect(afterMs).toBeLessThan(BOUND_MS + 5_000);
    }
    expect(bot.calls.map((c) => c.source)).toEqual(["command", "command", "command", "command", "command"]);
  });

  it("answers a request whose body arrives in pieces within the bound", async () => {
    const bot = spyBot();
    adapter = await startTestSlack(bot, captureLog().logger, { requestTimeoutMs: BOUND_MS });
    const sent: SentMessage[] = [];
    mockPostMessage(sent);
    const mention = JSON.stringify(fixture("app-mention"));
    // Four pieces over 400 ms (a slow client, within the bound).
    const answered = await sendInPieces(adapter.port ?? 0, mention, "application/json", 4, 100);
    expect(answered.status).toBe(200);
    await adapter.stop();
    expect(bot.calls.map((c) => c.source)).toEqual(["mention"]);
    expect(sent).toHaveLength(1);
  });
});
