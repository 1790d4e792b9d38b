/**
 * A real Slack adapter on an ephemeral port, fed real signed HTTP requests, with every Web API
 * call intercepted by nock at a fake base URL.
 */
import { request as httpRequest } from "node:http";
import { Writable } from "node:stream";
import nock from "nock";
import { type SlackAdapter, type StartSlackOptions, startSlack } from "../../../src/adapters/slack/app.js";
import type { SlackConfig } from "../../../src/adapters/slack/config.js";
import type { ActOptions, Bot, BotRequest, ReplyAction } from "../../../src/core/index.js";
import { createLogger } from "../../../src/runtime/logger.js";
import { makeBot } from "../../helpers.js";
import { SIGNING_SECRET } from "./signing.js";

export { nowSeconds, SIGNING_SECRET, sign, signedHeaders } from "./signing.js";

/** The fake Web API, and the fake secrets and workspace the adapter is started with. */
export const API_ORIGIN = "https://slack.test";
export const API_URL = `${API_ORIGIN}/api/`;
export const BOT_TOKEN = "xoxb-1111-2222-fakeBotTokenValue";
export const TEAM_ID = "T0FAKE001";

/** Intercepts the start-up `auth.test`, checking that it carries the bot token. */
export function mockAuthTest(reply: Record<string, unknown> = {}): nock.Scope {
  return nock(API_ORIGIN)
    .post("/api/auth.test")
    .matchHeader("authorization", `Bearer ${BOT_TOKEN}`)
    .reply(200, {
      ok: true,
      url: "https://example-team.slack.test/",
      team: "Example",
      user: "letterbot",
      team_id: TEAM_ID,
      user_id: "U0FAKEBOT",
      bot_id: "B0FAKEBOT",
      ...reply,
    });
}

/** A Web API call as the adapter sent it: form fields, with `blocks` parsed. */
export interface SentMessage {
  channel?: string;
  thread_ts?: string;
  text?: string;
  blocks: Array<{ type: string; text?: { text: string } }>;
  unfurl_links?: string;
}

/** Intercepts one `chat.postMessage`, recording what was sent and answering `reply`. */
export function mockPostMessage(sent: SentMessage[], reply: Record<string, unknown> = { ok: true }) {
  return nock(API_ORIGIN)
    .post("/api/chat.postMessage")
    .matchHeader("authorization", `Bearer ${BOT_TOKEN}`)
    .reply(200, (_uri, body) => {
      const fields = Object.fromEntries(new URLSearchParams(String(body)));
      sent.push({ ...fields, blocks: JSON.parse(fields.blocks ?? "[]") });
      return { channel: fields.channel, ts: "1718009999.000900", ...reply };
    });
}

/** Everything the adapter logged, as one string, through the project's masking logger. */
export function captureLog() {
  let output = "";
  const stream = new Writable({
    write(chunk, _encoding, done) {
      output += String(chunk);
      done();
    },
  });
  const logger = createLogger({ stream, secrets: [BOT_TOKEN, SIGNING_SECRET] });
  return { logger, output: () => output };
}

/** The real bot, recording every request it is asked and every button it is asked to act on. */
export function spyBot(
  base: Bot = makeBot(),
): Bot & { calls: BotRequest[]; acts: { action: ReplyAction; request: BotRequest; options?: ActOptions }[] } {
  const calls: BotRequest[] = [];
  const acts: { action: ReplyAction; request: BotRequest; options?: ActOptions }[] = [];
  return {
    ...base,
    calls,
    acts,
    handle: (request) => {
      calls.push(request);
      return base.handle(request);
    },
    act: (action, request, options) => {
      acts.push({ action, request, ...(options ? { options } : {}) });
      return base.act(action, request, options);
    },
  };
}

/** HTTP-mode settings on an ephemeral port, against the fake API. */
export const httpConfig: SlackConfig = {
  botToken: BOT_TOKEN,
  mode: { kind: "http", signingSecret: SIGNING_SECRET, port: 0 },
  apiUrl: API_URL,
};

/** Starts the adapter in HTTP mode with no Web API retries (tests control every answer). */
export async function startTestSlack(
  bot: Bot,
  logger = captureLog().logger,
  options: Partial<StartSlackOptions> = {},
): Promise<SlackAdapter> {
  mockAuthTest();
  return startSlack({ bot, config: httpConfig, logger, webApiRetry: { retries: 0 }, ...options });
}

/** Where the fixtures' interactions may be answered: Slack's response URLs, on a fake host. */
export const HOOKS_ORIGIN = "https://hooks.slack.test";

/** A reply posted to a response URL. */
export interface Responded {
  response_type?: string;
  replace_original?: boolean;
  thread_ts?: string;
  text: string;
  blocks: Array<{ type: string; text?: { text: string }; elements?: unknown[] }>;
}

/** Intercepts posts to one response URL (its path on the hooks host), recording each. */
export function mockResponseUrl(path: string, sent: Responded[], times = 1): nock.Scope {
  return nock(HOOKS_ORIGIN)
    .post(path)
    .times(times)
    .reply(200, (_uri, body) => {
      sent.push((typeof body === "string" ? JSON.parse(body) : body) as Responded);
      return "ok";
    });
}

/** A form-encoded interaction (`payload=…`), as Slack posts button presses and shortcuts. */
export function interactionBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** A slash-command body, form-encoded as Slack sends it. */
export function commandBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** POSTs `body` to the adapter and resolves with the response, even if the server stops reading. */
export function post(
  port: number,
  body: string | Buffer,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: "127.0.0.1", port, path: "/slack/events", method: "POST", headers, agent: false },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on("error", reject);
      },
    );
    // A refused upload may be cut off mid-body; the response has already been read by then.
    req.on("error", reject);
    req.end(body);
  });
}
