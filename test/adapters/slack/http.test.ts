import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SlackAdapter } from "../../../src/adapters/slack/app.js";
import { slackRenderOptions, startSlack } from "../../../src/adapters/slack/app.js";
import { renderSlack } from "../../../src/adapters/slack/render.js";
import { createArticlePages, WEB_PAGE_PATHS } from "../../../src/adapters/web/serve.js";
import { type BotRequest, isBotError } from "../../../src/core/index.js";
import { article, makeBot } from "../../helpers.js";
import { call } from "../web/http.js";
import { fixture } from "./fixtures.js";
import {
  API_ORIGIN,
  BOT_TOKEN,
  captureLog,
  commandBody,
  httpConfig,
  mockAuthTest,
  mockPostMessage,
  nowSeconds,
  post,
  type SentMessage,
  SIGNING_SECRET,
  sign,
  signedHeaders,
  spyBot,
  startTestSlack,
} from "./harness.js";

const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";

let adapter: SlackAdapter | undefined;
let bot: ReturnType<typeof spyBot>;
let log: ReturnType<typeof captureLog>;

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
});
afterAll(() => {
  nock.enableNetConnect();
});
beforeEach(async () => {
  bot = spyBot();
  log = captureLog();
  adapter = await startTestSlack(bot, log.logger);
});
afterEach(async () => {
  await adapter?.stop();
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
  expect(log.output()).not.toContain(BOT_TOKEN);
  expect(log.output()).not.toContain(SIGNING_SECRET);
});

const port = () => adapter?.port ?? 0;
const command = (text: string) => commandBody({ ...fixture<Record<string, string>>("slash-command"), text });
const sendCommand = (text: string) => {
  const body = command(text);
  return post(port(), body, signedHeaders(body, FORM));
};
const sendEvent = (name: string, headers: Record<string, string> = {}) => {
  const body = JSON.stringify(fixture(name));
  return post(port(), body, { ...signedHeaders(body, JSON_TYPE), ...headers });
};

describe("the Slack adapter over HTTP", () => {
  it("checks the token with auth.test at the fake API and reports the port it listens on", () => {
    expect(port()).toBeGreaterThan(0);
    expect(adapter?.identity).toEqual({ botUserId: "U0FAKEBOT", botId: "B0FAKEBOT", teamId: "T0FAKE001" });
  });

  it("answers /letter demands in the acknowledgement, in the channel, with the three demands verbatim", async () => {
    const res = await sendCommand("demands");
    expect(res.status).toBe(200);
    const answer = JSON.parse(res.body) as { response_type: string; text: string; blocks: unknown[] };
    expect(answer.response_type).toBe("in_channel");
    const blocks = JSON.stringify(answer.blocks);
    for (const demand of article.demands) {
      expect(blocks).toContain(JSON.stringify(demand.text).slice(1, -1));
      expect(answer.text).toContain(demand.text);
    }
    expect(bot.calls).toEqual([
      {
        where: { platform: "slack", workspace: "T0FAKE001", channel: "C0FAKE001" },
        user: "U0FAKEUSR",
        source: "command",
        text: "demands",
      },
    ]);
  });

  it("answers help privately (ephemeral)", async () => {
    const res = await sendCommand("help");
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).response_type).toBe("ephemeral");
  });

  it("answers a mention with one chat.postMessage in the message's thread", async () => {
    const sent: SentMessage[] = [];
    mockPostMessage(sent);
    const res = await sendEvent("app-mention");
    expect(res.status).toBe(200);
    await adapter?.stop();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      channel: "C0FAKE001",
      thread_ts: "1718000000.000100",
      unfurl_links: "false",
    });
    expect(bot.calls[0]?.text).toBe("who did they write to?");
    const expected = renderSlack(
      await makeBot().handle(bot.calls[0] as BotRequest),
      slackRenderOptions(undefined),
    );
    expect(sent[0]?.text).toBe(expected.text);
    expect(sent[0]?.blocks).toEqual(expected.blocks);
  });

  it("answers a mention privately, in the thread, when the reply is for the asker only", async () => {
    const sent: Record<string, string>[] = [];
    nock(API_ORIGIN)
      .post("/api/chat.postEphemeral")
      .reply(200, (_uri, body) => {
        sent.push(Object.fromEntries(new URLSearchParams(String(body))));
        return { ok: true, message_ts: "1718009999.000901" };
      });
    const event = fixture<{ event: { text: string }; event_id: string }>("app-mention");
    event.event.text = "<@U0FAKEBOT> help";
    event.event_id = "Ev0FAKEHELP";
    const body = JSON.stringify(event);
    expect((await post(port(), body, signedHeaders(body, JSON_TYPE))).status).toBe(200);
    await adapter?.stop();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      channel: "C0FAKE001",
      user: "U0FAKEUSR",
      thread_ts: "1718000000.000100",
    });
    expect(sent[0]?.text).toContain("/letter demands");
  });

  it("never answers a redelivered event twice", async () => {
    const sent: SentMessage[] = [];
    mockPostMessage(sent);
    expect((await sendEvent("app-mention")).status).toBe(200);
    const retry = await sendEvent("app-mention", {
      "x-slack-retry-num": "1",
      "x-slack-retry-reason": "http_timeout",
    });
    expect(retry.status).toBe(200);
    expect((await sendEvent("app-mention")).status).toBe(200);
    await adapter?.stop();
    expect(sent).toHaveLength(1);
    expect(bot.calls).toHaveLength(1);
    expect(log.output()).toContain("redelivery ignored");
  });

  it("answers a redelivery whose first delivery never arrived, once", async () => {
    const sent: SentMessage[] = [];
    mockPostMessage(sent);
    expect(
      (await sendEvent("app-mention", { "x-slack-retry-num": "2", "x-slack-retry-reason": "http_error" }))
        .status,
    ).toBe(200);
    expect(
      (await sendEvent("app-mention", { "x-slack-retry-num": "3", "x-slack-retry-reason": "http_error" }))
        .status,
    ).toBe(200);
    await adapter?.stop();
    expect(sent).toHaveLength(1);
  });

  it("answers Slack's URL verification challenge", async () => {
    const body = JSON.stringify({ token: "fAkE", challenge: "c0ffee-challenge", type: "url_verification" });
    const res = await post(port(), body, signedHeaders(body, JSON_TYPE));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ challenge: "c0ffee-challenge" });
  });

  it("answers a direct message in the conversation, not in a thread", async () => {
    const sent: SentMessage[] = [];
    mockPostMessage(sent);
    expect((await sendEvent("direct-message")).status).toBe(200);
    expect((await sendEvent("bot-message")).status).toBe(200);
    await adapter?.stop();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.channel).toBe("D0FAKEDM1");
    expect(sent[0]?.thread_ts).toBeUndefined();
    expect(sent[0]?.text).toContain(article.demands[1]?.text);
  });

  it("refuses unsigned, forged and stale requests with 401 without running a listener", async () => {
    const body = command("demands");
    const forged = {
      ...signedHeaders(body, FORM),
      "x-slack-signature": sign(body, nowSeconds(), "not-the-secret"),
    };
    const stale = signedHeaders(body, FORM, nowSeconds() - 6 * 60);
    const tampered = { ...signedHeaders(body, FORM) };
    const results = [
      await post(port(), body, { "content-type": FORM }),
      await post(port(), body, forged),
      await post(port(), body, stale),
      await post(port(), command("about"), tampered),
    ];
    expect(results.map((r) => r.status)).toEqual([401, 401, 401, 401]);
    expect(results.map((r) => r.body)).toEqual(["", "", "", ""]);
    expect(bot.calls).toEqual([]);
  });

  it("refuses a body over 1 MB with 413 without running a listener", async () => {
    const huge = command(`ask ${"x".repeat(1024 * 1024)}`);
    const res = await post(port(), huge, signedHeaders(huge, FORM));
    expect(res.status).toBe(413);
    expect(bot.calls).toEqual([]);
    expect((await sendCommand("about")).status).toBe(200);
  });

  it("stops reading a body sent without a length once it passes 1 MB", async () => {
    const huge = command(`ask ${"x".repeat(2 * 1024 * 1024)}`);
    const res = await post(port(), huge, { ...signedHeaders(huge, FORM), "transfer-encoding": "chunked" });
    expect(res.status).toBe(413);
    expect(bot.calls).toEqual([]);
  });

  it("keeps answering after a listener fails, and logs the failure without secrets", async () => {
    const sent: SentMessage[] = [];
    mockPostMessage(sent, { ok: false, error: "channel_not_found" });
    expect((await sendEvent("app-mention")).status).toBe(200);
    expect((await sendCommand("demands")).status).toBe(200);
    await adapter?.stop();
    expect(sent).toHaveLength(1);
    const lines = log
      .output()
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { level: string; message: string });
    const failure = lines.find((line) => line.message === "Slack listener failed");
    expect(failure?.level).toBe("error");
    expect(JSON.stringify(failure)).toContain("channel_not_found");
  });
});

describe("the Slack adapter with a failing bot", () => {
  it("still acknowledges a command, privately explaining that something went wrong", async () => {
    await adapter?.stop();
    const failing = spyBot();
    failing.handle = async () => {
      throw new Error("boom");
    };
    adapter = await startTestSlack(failing, log.logger);
    const res = await sendCommand("demands");
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({
      response_type: "ephemeral",
      text: "Something went wrong answering that. Please try again.",
    });
    expect(log.output()).toContain("Slack command failed");
  });
});

describe("startSlack", () => {
  it("fails with config_invalid, naming the variable but not the token, when Slack rejects it", async () => {
    mockAuthTest({ ok: false, error: "invalid_auth" });
    const err = await startSlack({
      bot,
      config: httpConfig,
      logger: log.logger,
      webApiRetry: { retries: 0 },
    }).catch((e: unknown) => e);
    expect(isBotError(err, "config_invalid")).toBe(true);
    expect((err as Error).message).toMatch(/^Slack rejected SLACK_BOT_TOKEN \(invalid_auth\)/);
    expect((err as Error).message).not.toContain(BOT_TOKEN);
  });
});

describe("the article page on Slack's HTTP server", () => {
  it("serves GET and HEAD /article beside the events path, refuses other methods, and leaves other paths to Bolt", async () => {
    await adapter?.stop();
    adapter = await startTestSlack(bot, log.logger, {
      health: () => false,
      pages: { paths: WEB_PAGE_PATHS, handle: createArticlePages(article) },
    });
    const page = await call(port(), "/article?q=p11.s2&w=Palantir#p11");
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.body).toContain('<mark id="quoted">');
    const head = await call(port(), "/article", "HEAD");
    expect(head).toMatchObject({ status: 200, body: "" });
    expect(Number(head.headers["content-length"])).toBeGreaterThan(1000);
    const post = await call(port(), "/article", "POST");
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe("GET, HEAD");
    expect((await call(port(), "/elsewhere")).status).toBe(404);
    // The events path still takes signed requests only.
    expect((await sendCommand("about")).status).toBe(200);
  });
});
