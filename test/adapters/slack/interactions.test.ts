/**
 * Buttons, the message shortcut and the Home tab, end to end: recorded payloads sent as signed
 * requests to the real Bolt app, answers read where Slack would receive them (the response URL,
 * the Web API), every outside call intercepted by nock.
 */
import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type SlackAdapter, slackRenderOptions } from "../../../src/adapters/slack/app.js";
import { renderHome } from "../../../src/adapters/slack/home.js";
import type { SlackButton } from "../../../src/adapters/slack/render.js";
import { createMemoryStore } from "../../../src/adapters/store/memory.js";
import {
  type Bot,
  createDaily,
  INVALID_ACTION_MESSAGE,
  INVITE_FIRST,
  questionKey,
  type Subscription,
  silentLogger,
  VOTE_AGAIN,
  VOTE_THANKS,
} from "../../../src/core/index.js";
import { article, makeBot } from "../../helpers.js";
import { fixture } from "./fixtures.js";
import {
  API_ORIGIN,
  BOT_TOKEN,
  captureLog,
  commandBody,
  interactionBody,
  mockResponseUrl,
  post,
  type Responded,
  SIGNING_SECRET,
  signedHeaders,
  spyBot,
  startTestSlack,
} from "./harness.js";

const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";
const ACTION_HOOK = "/actions/T0FAKE001/1111111111/fakeActionResponseToken";
const SHORTCUT_HOOK = "/app/T0FAKE001/1111111111/fakeShortcutResponseToken";

let adapter: SlackAdapter | undefined;
let bot: ReturnType<typeof spyBot>;
let log: ReturnType<typeof captureLog>;
let store: ReturnType<typeof createMemoryStore>;

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
});
afterAll(() => {
  nock.enableNetConnect();
});

async function start(base?: Bot, options: Parameters<typeof startTestSlack>[2] = {}) {
  await adapter?.stop();
  bot = spyBot(base ?? makeBot({ feedback: store }));
  adapter = await startTestSlack(bot, log.logger, options);
}

beforeEach(async () => {
  log = captureLog();
  store = createMemoryStore();
  await start();
});
afterEach(async () => {
  await adapter?.stop();
  adapter = undefined;
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
  expect(log.output()).not.toContain(BOT_TOKEN);
  expect(log.output()).not.toContain(SIGNING_SECRET);
  expect(log.output()).not.toContain("fakeActionResponseToken");
});

const port = () => adapter?.port ?? 0;

/** Runs `/letter <text>` and returns its acknowledgement: the reply, with its buttons. */
async function command(text: string) {
  const body = commandBody({ ...fixture<Record<string, string>>("slash-command"), text });
  const res = await post(port(), body, signedHeaders(body, FORM));
  expect(res.status).toBe(200);
  return JSON.parse(res.body) as { response_type: string; text: string; blocks: unknown[] };
}

/** The buttons of a rendered message. */
const buttonsOf = (blocks: unknown[]) =>
  (blocks as { type: string; elements?: SlackButton[] }[]).flatMap((b) =>
    b.type === "actions" ? (b.elements ?? []) : [],
  );

/** The button with `actionId` on the reply to `/letter <text>`. */
async function buttonOn(text: string, actionId: string): Promise<SlackButton> {
  const button = buttonsOf((await command(text)).blocks).find((b) => b.action_id === actionId);
  if (!button) throw new Error(`no ${actionId} button on the reply to ${text}`);
  return button;
}

/** Presses a button: the recorded `block_actions` payload with its action and the pressing user. */
function press(
  button: Pick<SlackButton, "action_id" | "value">,
  change: (payload: Record<string, unknown>) => void = () => {},
) {
  const payload = fixture<Record<string, unknown> & { actions: Record<string, unknown>[] }>("block-actions");
  payload.actions = [{ ...payload.actions[0], action_id: button.action_id, value: button.value }];
  change(payload);
  const body = interactionBody(payload);
  return post(port(), body, signedHeaders(body, FORM));
}

const texts = (r: Responded) => JSON.stringify(r.blocks);

/** A Web API call's form fields, as nock hands over the body. */
const formOf = (body: unknown): Record<string, string> =>
  typeof body === "string" ? Object.fromEntries(new URLSearchParams(body)) : (body as Record<string, string>);

describe("buttons on Slack", () => {
  it("shares a private answer in the channel, marked with who shared it, pinging no one", async () => {
    const reply = await command("check they asked Amazon to stop selling Rekognition to police");
    expect(reply.response_type).toBe("ephemeral");
    const share = buttonsOf(reply.blocks).find((b) => b.action_id === "letterbot.share");
    expect(share).toBeDefined();
    const sent: Responded[] = [];
    mockResponseUrl(ACTION_HOOK, sent);
    const res = await press(share as SlackButton, (p) => {
      p.user = { id: "U0FAKEUSR", username: "<!channel> alex", name: "alex", team_id: "T0FAKE001" };
    });
    // Acknowledged with an empty 200: the answer goes to the response URL.
    expect(res).toEqual({ status: 200, body: "" });
    await adapter?.stop();
    expect(sent).toHaveLength(1);
    const shared = sent[0] as Responded;
    expect(shared).toMatchObject({ response_type: "in_channel", replace_original: false });
    expect(shared.blocks[0]).toEqual({
      type: "context",
      elements: [{ type: "mrkdwn", text: "Shared by @&lt;!channel&gt; alex", verbatim: true }],
    });
    expect(texts(shared)).not.toContain("<!channel>");
    expect(shared.text).not.toContain("<!");
    // The same quotes as the private answer, and no second Share.
    const quoted = (reply.blocks as { text?: { text: string } }[])
      .map((b) => b.text?.text ?? "")
      .filter((t) => t.startsWith(">"));
    expect(quoted.length).toBeGreaterThan(0);
    for (const quote of quoted) expect(texts(shared)).toContain(JSON.stringify(quote).slice(1, -1));
    expect(buttonsOf(shared.blocks).map((b) => b.action_id)).not.toContain("letterbot.share");
    expect(bot.acts[0]).toMatchObject({
      action: { kind: "share" },
      request: {
        where: { platform: "slack", workspace: "T0FAKE001", channel: "C0FAKE001" },
        user: "U0FAKEUSR",
      },
      options: { sharedBy: "<!channel> alex" },
    });
  });

  it("shares into the thread the private answer was in", async () => {
    const share = await buttonOn(
      "check they asked Amazon to stop selling Rekognition to police",
      "letterbot.share",
    );
    const sent: Responded[] = [];
    mockResponseUrl(ACTION_HOOK, sent);
    await press(share, (p) => {
      p.container = { ...(p.container as object), thread_ts: "1718000000.000100" };
    });
    await adapter?.stop();
    expect(sent[0]).toMatchObject({ response_type: "in_channel", thread_ts: "1718000000.000100" });
  });

  it("shows a quote's paragraph in context, privately", async () => {
    const context = await buttonOn("who is palantir?", "letterbot.context");
    expect(context.value).toBe("lb1:c:5");
    const sent: Responded[] = [];
    mockResponseUrl(ACTION_HOOK, sent);
    expect((await press(context)).status).toBe(200);
    await adapter?.stop();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(texts(sent[0] as Responded)).toContain("¶5 in context");
    expect(sent[0]?.text).toContain(article.paragraphs[4]?.text.slice(0, 40));
  });

  it("records a vote without the voter, thanks privately, and counts a second press once", async () => {
    const down = await buttonOn("who is palantir?", "letterbot.vote.down");
    const sent: Responded[] = [];
    mockResponseUrl(ACTION_HOOK, sent, 2);
    await press(down);
    await press(down);
    await adapter?.stop();
    expect(sent.map((r) => [r.response_type, r.text])).toEqual([
      ["ephemeral", VOTE_THANKS],
      ["ephemeral", VOTE_AGAIN],
    ]);
    const report = await store.feedbackReport(10);
    expect(report.totals).toEqual({ up: 0, down: 1, declined: 0, closest: 0 });
    expect(report.questions).toEqual([
      { question: questionKey("who is palantir?"), up: 0, down: 1, declined: 0, closest: 0 },
    ]);
    expect(report.passages.map((p) => p.passage)).toContain("p5.s1");
    expect(JSON.stringify(report)).not.toContain("U0FAKEUSR");
  });

  it("runs a suggestion for the person who pressed it: a public reply in the channel", async () => {
    const suggestion = buttonsOf(
      (await command("ask what's the airspeed velocity of an unladen swallow")).blocks,
    ).find((b) => b.text.text === "/letter demands");
    expect(suggestion?.action_id).toMatch(/^letterbot\.suggest\.\d+$/);
    const sent: Responded[] = [];
    mockResponseUrl(ACTION_HOOK, sent);
    await press(suggestion as SlackButton);
    await adapter?.stop();
    expect(sent[0]?.response_type).toBe("in_channel");
    for (const demand of article.demands) expect(sent[0]?.text).toContain(demand.text);
    expect(bot.acts[0]?.action).toEqual({ kind: "suggest", command: "/letter demands" });
  });

  it("asks to be invited when a suggestion turns daily quotes on in a channel the bot is not in", async () => {
    const daily = createDailyBot();
    await start(daily.bot);
    const info = nock(API_ORIGIN)
      .post("/api/conversations.info", (body: Record<string, string>) => body.channel === "C0FAKE001")
      .reply(200, { ok: true, channel: { id: "C0FAKE001", is_member: false } });
    const sent: Responded[] = [];
    mockResponseUrl(ACTION_HOOK, sent);
    await press({ action_id: "letterbot.suggest.0", value: "lb1:g:daily on" });
    await adapter?.stop();
    expect(info.isDone()).toBe(true);
    expect(sent[0]).toMatchObject({ response_type: "ephemeral", text: INVITE_FIRST });
    expect(await daily.store.listSubscriptions()).toEqual([]);
  });

  it.each([
    ["a paragraph the article does not have", "lb1:c:9999"],
    ["a vote for a passage that does not exist", "lb1:v:d:p999.s1:abc"],
    ["a share of a command whose reply cannot be shared", "lb1:s:daily off"],
    ["a suggestion that is not a command", "lb1:g:<!channel> hello"],
    ["an unknown version", "lb9:c:11"],
    ["no value at all", ""],
  ])("refuses a forged button (%s) privately, and posts nothing", async (_what, value) => {
    const sent: Responded[] = [];
    mockResponseUrl(ACTION_HOOK, sent);
    const res = await press({ action_id: "letterbot.context", value });
    expect(res).toEqual({ status: 200, body: "" });
    await adapter?.stop();
    expect(sent).toEqual([
      expect.objectContaining({
        response_type: "ephemeral",
        replace_original: false,
        text: INVALID_ACTION_MESSAGE,
      }),
    ]);
    expect(bot.acts).toEqual([]);
    expect(bot.calls).toEqual([]);
    expect(log.output()).toContain("Slack button press refused");
    if (value) expect(log.output()).not.toContain(value);
  });

  it("acknowledges a press at once, before its answer is ready", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const real = makeBot();
    await start({
      ...real,
      act: async (...args) => {
        await gate;
        return real.act(...args);
      },
    });
    const sent: Responded[] = [];
    mockResponseUrl(ACTION_HOOK, sent);
    const started = Date.now();
    const res = await press({ action_id: "letterbot.context", value: "lb1:c:11" });
    expect(res).toEqual({ status: 200, body: "" });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(sent).toEqual([]);
    release();
    await adapter?.stop();
    expect(sent).toHaveLength(1);
  });

  it("answers through the Web API when a press comes without a response URL", async () => {
    const posted: Record<string, string>[] = [];
    nock(API_ORIGIN)
      .post("/api/chat.postEphemeral")
      .reply(200, (_uri, body) => {
        posted.push(formOf(body));
        return { ok: true, message_ts: "1718009999.000901" };
      });
    await press({ action_id: "letterbot.context", value: "lb1:c:11" }, (p) => {
      delete p.response_url;
    });
    await adapter?.stop();
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ channel: "C0FAKE001", user: "U0FAKEUSR" });
    expect(posted[0]?.text).toContain(article.paragraphs[10]?.text.slice(0, 40));
  });

  it("refuses a press with a forged signature without acting", async () => {
    const payload = fixture("block-actions");
    const body = interactionBody(payload);
    const headers = { ...signedHeaders(body, FORM), "x-slack-signature": "v0=forged" };
    expect((await post(port(), body, headers)).status).toBe(401);
    expect(bot.acts).toEqual([]);
  });
});

describe("the message shortcut on Slack", () => {
  const shortcut = (change: (p: Record<string, unknown>) => void = () => {}) => {
    const payload = fixture<Record<string, unknown>>("message-shortcut");
    change(payload);
    const body = interactionBody(payload);
    return post(port(), body, signedHeaders(body, FORM));
  };

  it("checks the message as a claim and answers privately, with the passage that bears on it", async () => {
    const sent: Responded[] = [];
    mockResponseUrl(SHORTCUT_HOOK, sent);
    const res = await shortcut();
    expect(res).toEqual({ status: 200, body: "" });
    await adapter?.stop();
    expect(bot.calls).toEqual([
      {
        where: { platform: "slack", workspace: "T0FAKE001", channel: "C0FAKE001" },
        user: "U0FAKEUSR",
        source: "check",
        text: fixture<{ message: { text: string } }>("message-shortcut").message.text,
      },
    ]);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(sent[0]?.text).toContain(
      "Checking against the article: “apparently the letter asks Amazon to stop selling Rekognition to police”",
    );
    expect(sent[0]?.text).toContain(article.demands[0]?.text);
    // A private check can be shared, shown in context and voted on.
    expect(buttonsOf(sent[0]?.blocks ?? []).map((b) => b.action_id)).toEqual([
      "letterbot.share",
      "letterbot.context",
      "letterbot.vote.up",
      "letterbot.vote.down",
    ]);
  });

  it("says honestly when a message has nothing to check", async () => {
    const sent: Responded[] = [];
    mockResponseUrl(SHORTCUT_HOOK, sent);
    await shortcut((p) => {
      p.message = { type: "message", ts: "1718000250.000300", text: ":thumbsup: <@U0FAKEOTHER>" };
    });
    await adapter?.stop();
    expect(sent[0]).toMatchObject({ response_type: "ephemeral" });
    expect(sent[0]?.text).toContain("no words I can check");
  });

  it("answers with an ephemeral message in the thread when Slack gives no response URL", async () => {
    const posted: Record<string, string>[] = [];
    nock(API_ORIGIN)
      .post("/api/chat.postEphemeral")
      .reply(200, (_uri, body) => {
        posted.push(formOf(body));
        return { ok: true, message_ts: "1718009999.000902" };
      });
    await shortcut((p) => {
      delete p.response_url;
    });
    await adapter?.stop();
    expect(posted[0]).toMatchObject({
      channel: "C0FAKE001",
      user: "U0FAKEUSR",
      thread_ts: "1718000000.000100",
    });
  });
});

describe("the Home tab on Slack", () => {
  const subscriptions: Subscription[] = [
    {
      where: { platform: "slack", workspace: "T0FAKE001", channel: "C0FAKE002" },
      time: "09:00",
      timeZone: "Europe/Berlin",
      since: "2026-01-01T00:00:00.000Z",
    },
    {
      where: { platform: "slack", workspace: "T0FAKE001", channel: "C0FAKE003" },
      time: "18:30",
      timeZone: "America/New_York",
      since: "2026-01-01T00:00:00.000Z",
      paused: { reason: "The channel no longer exists.", at: "2026-02-03T09:00:00.000Z" },
    },
  ];

  const open = (tab = "home") => {
    const event = fixture<{ event: { tab: string } }>("app-home-opened");
    event.event.tab = tab;
    const body = JSON.stringify(event);
    return post(port(), body, signedHeaders(body, JSON_TYPE));
  };

  it("publishes what the bot can do, the demands and the workspace's daily quotes for the person who opened it", async () => {
    const asked: string[] = [];
    await start(undefined, {
      publicUrl: "https://letterbot.example.com",
      subscriptions: async (workspace) => {
        asked.push(workspace);
        return subscriptions;
      },
    });
    const published: Record<string, string>[] = [];
    nock(API_ORIGIN)
      .post("/api/views.publish")
      .matchHeader("authorization", `Bearer ${BOT_TOKEN}`)
      .reply(200, (_uri, body) => {
        published.push(formOf(body));
        return { ok: true, view: { id: "V0FAKE" } };
      });
    expect((await open()).status).toBe(200);
    await adapter?.stop();
    expect(asked).toEqual(["T0FAKE001"]);
    expect(published).toHaveLength(1);
    expect(published[0]?.user_id).toBe("U0FAKEUSR");
    const view = JSON.parse(published[0]?.view ?? "{}");
    expect(view).toEqual(
      JSON.parse(
        JSON.stringify(
          renderHome(article, subscriptions, { articleUrl: "https://letterbot.example.com/article" }),
        ),
      ),
    );
    const shown = JSON.stringify(view);
    expect(shown).toContain("<#C0FAKE002> — one quote a day at 09:00 (Europe/Berlin)");
    expect(shown).toContain("<#C0FAKE003> — paused since 2026-02-03");
    expect(shown).toContain("<https://letterbot.example.com/article|Read the whole article>");
    for (const demand of article.demands) expect(shown).toContain(demand.text.slice(0, 30));
  });

  it("publishes nothing when the Messages tab is opened", async () => {
    expect((await open("messages")).status).toBe(200);
    await adapter?.stop();
  });

  it("says the daily-quote status is unavailable when the store cannot be read", async () => {
    await start(undefined, {
      subscriptions: () => Promise.reject(new Error("database is down")),
    });
    const published: Record<string, string>[] = [];
    nock(API_ORIGIN)
      .post("/api/views.publish")
      .reply(200, (_uri, body) => {
        published.push(formOf(body));
        return { ok: true };
      });
    await open();
    await adapter?.stop();
    expect(published[0]?.view).toContain("cannot be read right now");
    expect(log.output()).toContain("daily-quote status unavailable");
  });
});

describe("citations on Slack", () => {
  it("link to the article page when PUBLIC_URL is set", async () => {
    await start(undefined, { publicUrl: "https://letterbot.example.com/" });
    const reply = await command("who is palantir?");
    const linked = JSON.stringify(reply.blocks);
    expect(linked).toContain("<https://letterbot.example.com/article?q=p5.s1");
    expect(linked).toContain("#p5|");
    expect(slackRenderOptions("https://x.example").citationUrl).toBeDefined();
    expect(slackRenderOptions(undefined).citationUrl).toBeUndefined();
  });
});

/** A bot with daily quotes on a memory store of its own. */
function createDailyBot() {
  const dailyStore = createMemoryStore();
  const daily = createDaily({ article, store: dailyStore, logger: silentLogger, defaultTimeZone: "UTC" });
  return { store: dailyStore, bot: makeBot({ daily: daily.commands }) };
}
