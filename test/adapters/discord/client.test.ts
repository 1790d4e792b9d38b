import { afterEach, describe, expect, it } from "vitest";
import { type DiscordAdapter, startDiscord } from "../../../src/adapters/discord/index.js";
import { createMemoryStore } from "../../../src/adapters/store/memory.js";
import { type Bot, createDaily, isBotError, type Logger } from "../../../src/core/index.js";
import { FakeDiscord } from "../../fakes/discord/server.js";
import {
  APPLICATION_ID,
  BOT_ID,
  CHANNEL_ID,
  DM_CHANNEL_ID,
  dailySubcommand,
  GUILD_ID,
  MODERATOR_PERMISSIONS,
  messageCreate,
  OTHER_CHANNEL_ID,
  slashInteraction,
  subcommand,
  TOKEN,
} from "../../fixtures/discord/events.js";
import { article, makeBot } from "../../helpers.js";

interface LogLine {
  level: string;
  message: string;
  fields?: Record<string, unknown> | undefined;
}

interface Callback {
  type: number;
  data: { embeds: { title?: string; description?: string }[]; flags?: number; allowed_mentions: unknown };
}

const running: { fake?: FakeDiscord; adapter?: DiscordAdapter } = {};

/** Starts a fake Discord and the adapter connected to it. */
async function connect(bot: Bot = makeBot()) {
  const lines: LogLine[] = [];
  const logger: Logger = {
    info: (message, fields) => lines.push({ level: "info", message, fields }),
    warn: (message, fields) => lines.push({ level: "warn", message, fields }),
    error: (message, fields) => lines.push({ level: "error", message, fields }),
  };
  const fake = await FakeDiscord.start({
    token: TOKEN,
    applicationId: APPLICATION_ID,
    botUserId: BOT_ID,
    guilds: [{ id: GUILD_ID, channels: [CHANNEL_ID, OTHER_CHANNEL_ID] }],
  });
  running.fake = fake;
  const adapter = await startDiscord({
    bot,
    config: { token: TOKEN, applicationId: APPLICATION_ID, apiUrl: fake.apiUrl },
    logger,
  });
  running.adapter = adapter;
  return { fake, adapter, lines };
}

afterEach(async () => {
  await running.adapter?.stop();
  await running.fake?.close();
  running.adapter = undefined;
  running.fake = undefined;
});

const descriptions = (body: unknown) =>
  ((body as Callback).data ?? (body as Callback["data"])).embeds.map((e) => e.description ?? "").join("\n");

describe("the Discord adapter against a local fake Discord", () => {
  it("connects with only the Guilds, GuildMessages and DirectMessages intents, uncompressed JSON", async () => {
    const { fake } = await connect();
    const identify = await fake.waitForGateway((p) => p.op === 2);
    expect((identify.d as { intents: number }).intents).toBe(1 | (1 << 9) | (1 << 12));
    expect(fake.connections[0]?.get("encoding")).toBe("json");
    expect(fake.connections[0]?.get("compress")).toBeNull();
  });

  it("answers /letter demands with the three demands verbatim in a public interaction callback", async () => {
    const { fake, adapter } = await connect();
    const interaction = slashInteraction(subcommand("demands"));
    fake.dispatch("INTERACTION_CREATE", interaction);
    const callback = await fake.waitForRequest((r) => r.path.endsWith("/callback"));
    expect(callback.path).toBe(`/interactions/${interaction.id}/${interaction.token}/callback`);
    const body = callback.body as Callback;
    expect(body.type).toBe(4);
    expect(body.data.flags).toBeUndefined();
    expect(body.data.allowed_mentions).toEqual({ parse: [], replied_user: false });
    for (const demand of article.demands) expect(descriptions(body)).toContain(demand.text);
    expect(adapter.userId).toBe(BOT_ID);
  });

  it("answers /letter help privately (ephemeral)", async () => {
    const { fake } = await connect();
    fake.dispatch("INTERACTION_CREATE", slashInteraction(subcommand("help")));
    const callback = await fake.waitForRequest((r) => r.path.endsWith("/callback"));
    expect((callback.body as Callback).data.flags).toBe(64);
  });

  it("replies to a message that mentions it, referencing that message, and pings no one", async () => {
    const { fake } = await connect();
    const message = messageCreate(`<@!${BOT_ID}> what is Palantir?`);
    fake.dispatch("MESSAGE_CREATE", message);
    const post = await fake.waitForRequest((r) => r.path === `/channels/${CHANNEL_ID}/messages`);
    expect(post.body).toMatchObject({
      message_reference: { message_id: message.id, channel_id: CHANNEL_ID, guild_id: GUILD_ID },
      allowed_mentions: { parse: [], replied_user: false },
    });
    expect(descriptions(post.body)).toContain("Palantir");
  });

  it("answers a DM in the DM, without a message reference", async () => {
    const { fake } = await connect();
    fake.dispatch("MESSAGE_CREATE", messageCreate("demands 2", { guildId: null }));
    const post = await fake.waitForRequest((r) => r.path === `/channels/${DM_CHANNEL_ID}/messages`);
    expect(descriptions(post.body)).toContain(article.demands[1]?.text);
    expect(post.body).not.toHaveProperty("message_reference");
  });

  it("ignores @everyone, bots, webhooks and reply pings, then still answers a real mention", async () => {
    const { fake } = await connect();
    fake.dispatch("MESSAGE_CREATE", messageCreate("@everyone what is Palantir?", { mentionEveryone: true }));
    fake.dispatch("MESSAGE_CREATE", messageCreate(`<@${BOT_ID}> demands`, { authorIsBot: true }));
    fake.dispatch(
      "MESSAGE_CREATE",
      messageCreate(`<@${BOT_ID}> demands`, { webhookId: "1300000000000000600" }),
    );
    const replyPing = {
      ...messageCreate("thanks!"),
      type: 19,
      mentions: [{ id: BOT_ID, username: "letterbot" }],
    };
    fake.dispatch("MESSAGE_CREATE", replyPing);
    const last = messageCreate(`<@${BOT_ID}> about`);
    fake.dispatch("MESSAGE_CREATE", last);
    await fake.waitForRequest((r) => r.path === `/channels/${CHANNEL_ID}/messages`);
    const posts = fake.requestsTo("POST", `/channels/${CHANNEL_ID}/messages`);
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body).toMatchObject({ message_reference: { message_id: last.id } });
  });

  it("refuses /letter daily on to members who cannot manage channels", async () => {
    const store = createMemoryStore();
    const daily = createDaily({ article, store });
    const { fake } = await connect(makeBot({ daily: daily.commands }));
    fake.dispatch("INTERACTION_CREATE", slashInteraction(dailySubcommand("on")));
    const callback = await fake.waitForRequest((r) => r.path.endsWith("/callback"));
    expect((callback.body as Callback).data.flags).toBe(64);
    expect(descriptions(callback.body)).toContain("manage this channel");
    expect(await store.listSubscriptions()).toEqual([]);
  });

  it("subscribes with /letter daily on and posts the daily quote once, with a nonce", async () => {
    const store = createMemoryStore();
    const subscribedAt = new Date("2024-03-04T08:00:00Z");
    const daily = createDaily({ article, store, clock: { now: () => subscribedAt } });
    const { fake, adapter } = await connect(makeBot({ daily: daily.commands }));
    daily.addPublisher(adapter.publisher);

    const on = slashInteraction(dailySubcommand("on", { time: "09:00", timezone: "UTC" }), {
      permissions: MODERATOR_PERMISSIONS,
    });
    fake.dispatch("INTERACTION_CREATE", on);
    const callback = await fake.waitForRequest((r) => r.path.endsWith("/callback"));
    expect((callback.body as Callback).data.flags).toBe(64);
    expect(await store.listSubscriptions()).toHaveLength(1);

    const first = await daily.tick(new Date("2024-03-04T09:00:30Z"));
    const again = await daily.tick(new Date("2024-03-04T09:05:00Z"));
    expect(first.posts.map((p) => p.outcome)).toEqual(["posted"]);
    expect(again.posts).toEqual([]);
    const posts = fake.requestsTo("POST", `/channels/${CHANNEL_ID}/messages`);
    expect(posts).toHaveLength(1);
    const body = posts[0]?.body as { nonce: string; enforce_nonce: boolean };
    expect(body.enforce_nonce).toBe(true);
    expect(body.nonce.length).toBeLessThanOrEqual(25);
    expect(fake.posted.get(CHANNEL_ID)?.[0]?.id).toBe(first.posts[0]?.messageId);
  });

  it("posts once when the publisher retries with the same idempotency key", async () => {
    const { fake, adapter } = await connect();
    const reply = makeBot().handle({
      where: { platform: "discord", workspace: GUILD_ID, channel: OTHER_CHANNEL_ID },
      user: "daily",
      source: "command",
      text: "demands 1",
    });
    const where = { platform: "discord" as const, workspace: GUILD_ID, channel: OTHER_CHANNEL_ID };
    const a = await adapter.publisher.publish(where, await reply, { idempotencyKey: "daily:x:2024-03-04" });
    const b = await adapter.publisher.publish(where, await reply, { idempotencyKey: "daily:x:2024-03-04" });
    expect(b.messageId).toBe(a.messageId);
    expect(fake.requestsTo("POST", `/channels/${OTHER_CHANNEL_ID}/messages`)).toHaveLength(2);
    expect(fake.posted.get(OTHER_CHANNEL_ID)).toHaveLength(1);
  });

  it("reports a channel the bot lost access to as a permanent publish failure", async () => {
    const { fake, adapter } = await connect();
    fake.failChannel(OTHER_CHANNEL_ID, { status: 403, code: 50001, message: "Missing Access" });
    const reply = await makeBot().handle({
      where: { platform: "discord", workspace: GUILD_ID, channel: OTHER_CHANNEL_ID },
      user: "daily",
      source: "command",
      text: "demands 1",
    });
    const where = { platform: "discord" as const, workspace: GUILD_ID, channel: OTHER_CHANNEL_ID };
    const failure = await adapter.publisher
      .publish(where, reply, { idempotencyKey: "k" })
      .catch((e: unknown) => e);
    expect(isBotError(failure, "publish_permanent")).toBe(true);
  });

  it("survives a gateway RECONNECT by resuming, and still answers", async () => {
    const { fake } = await connect();
    fake.requestReconnect();
    const resume = await fake.waitForGateway((p) => p.op === 6);
    expect(resume.d).toMatchObject({ token: TOKEN, seq: expect.any(Number) });
    expect(fake.connections).toHaveLength(2);
    fake.dispatch("INTERACTION_CREATE", slashInteraction(subcommand("demands", { number: 3 })));
    const callback = await fake.waitForRequest((r) => r.path.endsWith("/callback"));
    expect(descriptions(callback.body)).toContain(article.demands[2]?.text);
  });

  it("logs a failing handler without the interaction token and keeps answering", async () => {
    const real = makeBot();
    let calls = 0;
    const flaky: Bot = {
      ...real,
      handle: async (request) => {
        calls++;
        if (calls === 1) throw new Error("boom");
        return real.handle(request);
      },
    };
    const { fake, lines } = await connect(flaky);
    const broken = slashInteraction(subcommand("about"));
    fake.dispatch("INTERACTION_CREATE", broken);
    fake.dispatch("INTERACTION_CREATE", slashInteraction(subcommand("about")));
    await fake.waitForRequest((r) => r.path.endsWith("/callback"));
    const errors = lines.filter((l) => l.level === "error");
    expect(errors).toHaveLength(1);
    expect(JSON.stringify(errors)).not.toContain(String(broken.token));
    expect(JSON.stringify(lines)).not.toContain(TOKEN);
  });

  it("fails to start with a clear config error, never the token, when Discord rejects the token", async () => {
    const fake = await FakeDiscord.start({
      token: "MTMwMDAwMDAwMDAwMDAwMDAx.Gother.some-other-token-the-fake-expects-0000",
      applicationId: APPLICATION_ID,
      botUserId: BOT_ID,
      guilds: [],
    });
    running.fake = fake;
    const config = { token: TOKEN, applicationId: APPLICATION_ID, apiUrl: fake.apiUrl };
    const failure = await startDiscord({ bot: makeBot(), config, logger: silent }).catch((e: unknown) => e);
    expect(isBotError(failure, "config_invalid")).toBe(true);
    expect((failure as Error).message).toContain("DISCORD_TOKEN");
    expect((failure as Error).message).not.toContain(TOKEN);
  });
});

const silent: Logger = { info() {}, warn() {}, error() {} };
