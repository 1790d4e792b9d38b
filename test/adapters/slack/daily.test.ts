import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type SlackAdapter, slackRenderOptions, startSlack } from "../../../src/adapters/slack/app.js";
import { renderSlack } from "../../../src/adapters/slack/render.js";
import { createMemoryStore } from "../../../src/adapters/store/memory.js";
import { createDaily, dailyPostReply, INVITE_FIRST, silentLogger } from "../../../src/core/index.js";
import { article, makeBot } from "../../helpers.js";
import { fixture } from "./fixtures.js";
import {
  API_ORIGIN,
  BOT_TOKEN,
  captureLog,
  commandBody,
  httpConfig,
  mockPostMessage,
  post,
  type SentMessage,
  signedHeaders,
  startTestSlack,
  TEAM_ID,
} from "./harness.js";

const adapters: SlackAdapter[] = [];

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
});
afterAll(() => nock.enableNetConnect());
afterEach(async () => {
  await Promise.all(adapters.splice(0).map((a) => a.stop()));
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

/** Intercepts one `conversations.info` about the fixture's channel, answering `reply`. */
function mockConversationsInfo(reply: Record<string, unknown>) {
  return nock(API_ORIGIN)
    .post("/api/conversations.info", (body: Record<string, string>) => body.channel === "C0FAKE001")
    .matchHeader("authorization", `Bearer ${BOT_TOKEN}`)
    .reply(200, reply);
}

function sendCommand(adapter: SlackAdapter, text: string) {
  const body = commandBody({ ...fixture<Record<string, string>>("slash-command"), text });
  return post(adapter.port ?? 0, body, signedHeaders(body, "application/x-www-form-urlencoded"));
}

describe("daily quotes on Slack", () => {
  it.each([
    ["a public channel it was not invited to", { ok: true, channel: { id: "C0FAKE001", is_member: false } }],
    ["a private channel it cannot see", { ok: false, error: "channel_not_found" }],
  ])("asks to be invited, and subscribes nothing, in %s", async (_where, reply) => {
    const store = createMemoryStore();
    const daily = createDaily({ article, store, logger: silentLogger, defaultTimeZone: "UTC" });
    const adapter = await startTestSlack(makeBot({ daily: daily.commands }));
    adapters.push(adapter);
    const info = mockConversationsInfo(reply);
    const res = await sendCommand(adapter, "daily on 09:00 UTC");
    expect(info.isDone()).toBe(true);
    const ack = JSON.parse(res.body) as { response_type: string; text: string };
    expect(ack.response_type).toBe("ephemeral");
    expect(ack.text).toContain("/invite @letterbot");
    expect(ack.text).toContain(INVITE_FIRST.slice(0, 40));
    expect(await store.listSubscriptions()).toEqual([]);
    // Asking about the channel needs no membership, and no check.
    const status = await sendCommand(adapter, "daily status");
    expect(JSON.parse(status.body).text).toContain("not getting daily quotes");
  });

  it("subscribes when Slack cannot say whether it is in the channel (an app installed before the scope)", async () => {
    const store = createMemoryStore();
    const daily = createDaily({ article, store, logger: silentLogger, defaultTimeZone: "UTC" });
    const adapter = await startTestSlack(makeBot({ daily: daily.commands }));
    adapters.push(adapter);
    const info = mockConversationsInfo({ ok: false, error: "missing_scope", needed: "channels:read" });
    await sendCommand(adapter, "daily on 09:00 UTC");
    expect(info.isDone()).toBe(true);
    expect(await store.listSubscriptions()).toHaveLength(1);
  });

  it("subscribes with a signed /letter daily command and posts exactly once, even after a restart", async () => {
    let now = new Date("2025-03-10T08:00:00Z");
    const clock = { now: () => now };
    const store = createMemoryStore();
    const makeDaily = () =>
      createDaily({ article, store, clock, logger: silentLogger, defaultTimeZone: "UTC", graceMinutes: 60 });

    const daily = makeDaily();
    const first = await startTestSlack(makeBot({ daily: daily.commands }));
    adapters.push(first);
    daily.addPublisher(first.publisher);

    const info = mockConversationsInfo({ ok: true, channel: { id: "C0FAKE001", is_member: true } });
    const res = await sendCommand(first, "daily on 09:00 UTC");
    expect(res.status).toBe(200);
    expect(info.isDone()).toBe(true);
    const ack = JSON.parse(res.body) as { response_type: string; text: string };
    expect(ack.response_type).toBe("ephemeral");
    expect(ack.text).toContain("09:00");
    expect(
      await store.getSubscription({ platform: "slack", workspace: "T0FAKE001", channel: "C0FAKE001" }),
    ).toMatchObject({
      time: "09:00",
      timeZone: "UTC",
    });

    now = new Date("2025-03-10T08:59:00Z");
    expect((await daily.tick()).posts).toEqual([]);

    const sent: SentMessage[] = [];
    mockPostMessage(sent);
    now = new Date("2025-03-10T09:00:00Z");
    const summary = await daily.tick();
    expect(summary.posts).toEqual([
      expect.objectContaining({ outcome: "posted", messageId: "1718009999.000900" }),
    ]);
    const passage = article.sentences
      .concat(article.paragraphs)
      .find((p) => p.id === summary.posts[0]?.passageId);
    expect(passage).toBeDefined();
    // The daily post carries the app's buttons: the passage in context, and the suggestions.
    const expected = renderSlack(
      dailyPostReply(passage as NonNullable<typeof passage>),
      slackRenderOptions(undefined),
    );
    expect(JSON.stringify(expected.blocks)).toContain('"action_id":"letterbot.context"');
    expect(sent).toEqual([
      expect.objectContaining({ channel: "C0FAKE001", text: expected.text, blocks: expected.blocks }),
    ]);
    expect(sent[0]?.thread_ts).toBeUndefined();

    now = new Date("2025-03-10T09:05:00Z");
    expect((await daily.tick()).posts).toEqual([]);

    // A restart: a new adapter and a new daily instance over the same store post nothing more today.
    await first.stop();
    const restarted = makeDaily();
    const second = await startTestSlack(makeBot({ daily: restarted.commands }));
    adapters.push(second);
    restarted.addPublisher(second.publisher);
    now = new Date("2025-03-10T09:10:00Z");
    expect((await restarted.tick()).posts).toEqual([]);
    expect(sent).toHaveLength(1);
  });
});

describe("daily quotes on Slack, with channels that hang", () => {
  it("posts to a healthy channel within seconds while 8 channels of the same minute hang", async () => {
    // A Web API on a real socket, so that the client's own deadline and Retry-After are real:
    // three channels get no answer, three get headers and then nothing, two a 30 s rate limit.
    const hangs = new Map<string, "silent" | "stalled" | "ratelimited">();
    for (let i = 0; i < 8; i++) hangs.set(`CHUNG0${i}`, i < 3 ? "silent" : i < 6 ? "stalled" : "ratelimited");
    const posted = new Map<string, number>();
    const open: ServerResponse[] = [];
    const api = createServer(async (req, res) => {
      let body = "";
      for await (const chunk of req) body += String(chunk);
      const method = req.url?.replace(/^\/api\//, "");
      const channel = new URLSearchParams(body).get("channel") ?? "";
      const hang = method === "chat.postMessage" ? hangs.get(channel) : undefined;
      if (hang === "ratelimited") {
        res.writeHead(429, { "retry-after": "30" }).end('{"ok":false,"error":"ratelimited"}');
        return;
      }
      if (hang) {
        if (hang === "stalled") res.writeHead(200, { "content-type": "application/json" }).flushHeaders();
        open.push(res);
        return;
      }
      if (method === "chat.postMessage") posted.set(channel, Date.now());
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          ok: true,
          team_id: TEAM_ID,
          user_id: "U0FAKEBOT",
          channel,
          ts: "1718009999.000900",
        }),
      );
    });
    await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
    const apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}/api/`;
    try {
      const store = createMemoryStore();
      const nine = new Date("2025-03-10T09:00:00Z");
      const daily = createDaily({ article, store, clock: { now: () => nine }, logger: silentLogger });
      const adapter = await startSlack({
        bot: makeBot({ daily: daily.commands }),
        config: { ...httpConfig, apiUrl },
        logger: captureLog().logger,
        webApiRetry: { retries: 0 },
      });
      adapters.push(adapter);
      daily.addPublisher(adapter.publisher);
      // The hung channels subscribed first, so they are first in line.
      for (const channel of [...hangs.keys(), "CHEALTHY"]) {
        const where = { platform: "slack", workspace: TEAM_ID, channel } as const;
        await store.saveSubscription({
          where,
          time: "09:00",
          timeZone: "UTC",
          since: "2025-03-10T08:00:00Z",
        });
      }
      const started = Date.now();
      const { settled } = await daily.dispatch(nine);
      while (!posted.has("CHEALTHY") && Date.now() - started < 30_000)
        await new Promise((resolve) => setTimeout(resolve, 50));
      // Today's queue gets it out about 2 s in; a queue held by hung channels took 20 to 40 s.
      expect((posted.get("CHEALTHY") ?? Number.POSITIVE_INFINITY) - started).toBeLessThan(8_000);
      await daily.stop(AbortSignal.abort());
      const outcomes = new Map((await settled).posts.map((p) => [p.where.channel, p.outcome]));
      expect(outcomes.get("CHEALTHY")).toBe("posted");
      expect([...hangs.keys()].filter((c) => outcomes.get(c) === "posted")).toEqual([]);
      expect(posted.size).toBe(1);
    } finally {
      for (const res of open) res.destroy();
      api.closeAllConnections();
      await new Promise((resolve) => api.close(resolve));
    }
  }, 45_000);
});
