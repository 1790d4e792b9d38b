import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import { webApi } from "@slack/bolt";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createSlackPublisher, type Sleep } from "../../../src/adapters/slack/publisher.js";
import { renderSlack } from "../../../src/adapters/slack/render.js";
import { type BotReply, type ErrorCode, isBotError, silentLogger } from "../../../src/core/index.js";
import { makeBot } from "../../helpers.js";
import { API_ORIGIN, API_URL, BOT_TOKEN, mockPostMessage, type SentMessage, TEAM_ID } from "./harness.js";

const where = { platform: "slack", workspace: TEAM_ID, channel: "C0DAILY01" } as const;
let reply: BotReply;

beforeAll(async () => {
  nock.disableNetConnect();
  reply = await makeBot().handle({ where, user: "U0FAKEUSR", source: "command", text: "demands 1" });
});
afterAll(() => nock.enableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

function publisher(options: { sleep?: Sleep; signal?: AbortSignal } = {}) {
  const waits: number[] = [];
  const sleep: Sleep = options.sleep ?? (async (ms) => void waits.push(ms));
  const client = new webApi.WebClient(BOT_TOKEN, {
    slackApiUrl: API_URL,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
  });
  return {
    waits,
    publisher: createSlackPublisher({ client, teamId: TEAM_ID, logger: silentLogger, sleep, ...options }),
  };
}

async function failure(promise: Promise<unknown>): Promise<{ code: ErrorCode; message: string }> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isBotError(err)) throw new Error(`expected a BotError, got ${String(err)}`);
  return { code: err.code, message: err.message };
}

const rateLimited = (seconds: string) =>
  nock(API_ORIGIN)
    .post("/api/chat.postMessage")
    .reply(429, { ok: false, error: "ratelimited" }, { "Retry-After": seconds });

describe("the Slack publisher", () => {
  it("posts the rendered reply with chat.postMessage and returns the message ts", async () => {
    const sent: SentMessage[] = [];
    mockPostMessage(sent);
    const { publisher: p } = publisher();
    expect(p.platform).toBe("slack");
    expect(await p.publish(where, reply, { idempotencyKey: "k1" })).toEqual({
      messageId: "1718009999.000900",
    });
    const expected = renderSlack(reply);
    expect(sent).toEqual([
      expect.objectContaining({
        channel: "C0DAILY01",
        text: expected.text,
        blocks: expected.blocks,
        unfurl_links: "false",
      }),
    ]);
  });

  it("does not post twice for the same idempotency key", async () => {
    const sent: SentMessage[] = [];
    mockPostMessage(sent);
    const { publisher: p } = publisher();
    const first = await p.publish(where, reply, { idempotencyKey: "same" });
    expect(await p.publish(where, reply, { idempotencyKey: "same" })).toEqual(first);
    expect(sent).toHaveLength(1);
  });

  it("waits out a rate limit for the Retry-After seconds, then posts", async () => {
    const sent: SentMessage[] = [];
    rateLimited("7");
    mockPostMessage(sent);
    const { publisher: p, waits } = publisher();
    await p.publish(where, reply, { idempotencyKey: "k2" });
    expect(waits).toEqual([7000]);
    expect(sent).toHaveLength(1);
  });

  it("gives up as transient on a Retry-After too long to wait, or after repeated rate limits", async () => {
    rateLimited("3600");
    const long = publisher();
    expect(await failure(long.publisher.publish(where, reply, { idempotencyKey: "k3" }))).toMatchObject({
      code: "publish_transient",
      message: "Slack did not take the post to channel C0DAILY01: ratelimited.",
    });
    expect(long.waits).toEqual([]);
    for (let i = 0; i < 4; i++) rateLimited("1");
    const repeated = publisher();
    expect((await failure(repeated.publisher.publish(where, reply, { idempotencyKey: "k4" }))).code).toBe(
      "publish_transient",
    );
    expect(repeated.waits).toEqual([1000, 1000, 1000]);
  });

  it("stops waiting when the adapter stops, and reports the post as transient", async () => {
    rateLimited("30");
    const stopping = new AbortController();
    const sleep: Sleep = (_ms, signal) =>
      new Promise((_resolve, reject) =>
        signal?.addEventListener("abort", () => reject(new Error("aborted"))),
      );
    const { publisher: p } = publisher({ sleep, signal: stopping.signal });
    const pending = failure(p.publish(where, reply, { idempotencyKey: "k5" }));
    await new Promise((resolve) => setImmediate(resolve));
    stopping.abort();
    expect((await pending).code).toBe("publish_transient");
  });

  it("stops a rate-limit wait when the post's own deadline passes, and reports the post as transient", async () => {
    rateLimited("30");
    const sleep: Sleep = (ms, signal) => delay(ms, undefined, signal ? { signal } : {});
    const { publisher: p } = publisher({ sleep });
    const started = performance.now();
    const result = await failure(
      p.publish(where, reply, { idempotencyKey: "k5b", signal: AbortSignal.timeout(200) }),
    );
    expect(result.code).toBe("publish_transient");
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it("reports as uncertain a post Slack began to answer but did not finish within the client's deadline", async () => {
    // Slack sends its headers, then nothing: the post may well be in the channel.
    const stalled: ServerResponse[] = [];
    const server = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { "content-type": "application/json" });
      res.flushHeaders();
      stalled.push(res);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    nock.enableNetConnect("127.0.0.1");
    try {
      const client = new webApi.WebClient(BOT_TOKEN, {
        slackApiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`,
        rejectRateLimitedCalls: true,
        retryConfig: { retries: 0 },
        timeout: 300,
      });
      const p = createSlackPublisher({ client, teamId: TEAM_ID, logger: silentLogger });
      expect(await failure(p.publish(where, reply, { idempotencyKey: "k5c" }))).toEqual({
        code: "publish_uncertain",
        message: "Slack may or may not have taken the post to channel C0DAILY01: timeout.",
      });
    } finally {
      nock.disableNetConnect();
      for (const res of stalled) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it.each([
    "channel_not_found",
    "not_in_channel",
    "is_archived",
    "account_inactive",
    "token_revoked",
    "invalid_auth",
    "missing_scope",
  ])("treats %s as permanent", async (error) => {
    mockPostMessage([], { ok: false, error });
    const result = await failure(publisher().publisher.publish(where, reply, { idempotencyKey: error }));
    expect(result).toEqual({
      code: "publish_permanent",
      message: `Slack did not take the post to channel C0DAILY01: ${error}.`,
    });
  });

  it("reports a server error as uncertain and an unknown Slack error as transient, never naming the token", async () => {
    nock(API_ORIGIN).post("/api/chat.postMessage").reply(503, "Service Unavailable");
    mockPostMessage([], { ok: false, error: "internal_error" });
    const { publisher: p } = publisher();
    const server = await failure(p.publish(where, reply, { idempotencyKey: "k6" }));
    const unknown = await failure(p.publish(where, reply, { idempotencyKey: "k7" }));
    expect(server).toEqual({
      code: "publish_uncertain",
      message: "Slack may or may not have taken the post to channel C0DAILY01: http_503.",
    });
    expect(unknown.code).toBe("publish_transient");
    expect(`${server.message}${unknown.message}`).not.toContain(BOT_TOKEN);
  });

  it("refuses, as permanent, a channel of another workspace or platform without calling Slack", async () => {
    const { publisher: p } = publisher();
    const other = await failure(
      p.publish({ ...where, workspace: "T0OTHER01" }, reply, { idempotencyKey: "k8" }),
    );
    expect(other.code).toBe("publish_permanent");
    const discord = await failure(
      p.publish({ ...where, platform: "discord" }, reply, { idempotencyKey: "k9" }),
    );
    expect(discord.code).toBe("publish_permanent");
  });
});
