import { afterEach, describe, expect, it } from "vitest";
import { type DiscordAdapter, startDiscord } from "../../../src/adapters/discord/index.js";
import { createMemoryStore } from "../../../src/adapters/store/memory.js";
import { type Bot, createDaily, isBotError, type Logger } from "../../../src/core/index.js";
import { createRateLimiter, SLOW_DOWN_MESSAGE } from "../../../src/runtime/rate-limit.js";
import { FakeDiscord } from "../../fakes/discord/server.js";
import {
  APPLICATION_ID,
  BOT_ID,
  CHANNEL_ID,
  GUILD_ID,
  messageCreate,
  OTHER_CHANNEL_ID,
  slashInteraction,
  subcommand,
  TOKEN,
  USER_ID,
} from "../../fixtures/discord/events.js";
import { article, makeBot } from "../../helpers.js";

const silent: Logger = { info() {}, warn() {}, error() {} };
const running: { fake?: FakeDiscord; adapter?: DiscordAdapter } = {};

async function fake() {
  const started = await FakeDiscord.start({
    token: TOKEN,
    applicationId: APPLICATION_ID,
    botUserId: BOT_ID,
    guilds: [{ id: GUILD_ID, channels: [CHANNEL_ID, OTHER_CHANNEL_ID] }],
  });
  running.fake = started;
  return started;
}

async function connect(options: Partial<Parameters<typeof startDiscord>[0]> = {}, bot: Bot = makeBot()) {
  const discord = running.fake ?? (await fake());
  const fatal: string[] = [];
  const adapter = await startDiscord({
    bot,
    config: { token: TOKEN, applicationId: APPLICATION_ID, apiUrl: discord.apiUrl },
    logger: silent,
    onFatal: (message) => fatal.push(message),
    ...options,
  });
  running.adapter = adapter;
  return { fake: discord, adapter, fatal };
}

afterEach(async () => {
  await running.adapter?.stop(AbortSignal.abort());
  await running.fake?.close();
  running.adapter = undefined;
  running.fake = undefined;
});

const until = async (test: () => boolean, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe("the Discord adapter as a service", () => {
  it("reports the gateway as up, and as down once Discord closes it for good", async () => {
    const { fake, adapter, fatal } = await connect();
    expect(adapter.state()).toEqual({ up: true });
    fake.closeGateway(4004, "Authentication failed.");
    await until(() => fatal.length > 0);
    expect(fatal).toHaveLength(1);
    expect(fatal[0]).toContain("4004");
    expect(fatal[0]).toContain("DISCORD_TOKEN");
    expect(adapter.state().up).toBe(false);
  });

  it("reports 4014 after start-up as fatal, naming the intents", async () => {
    const { fake, fatal } = await connect();
    fake.closeGateway(4014, "Disallowed intent(s).");
    await until(() => fatal.length > 0);
    expect(fatal[0]).toContain("4014");
    expect(fatal[0]).toContain("Guilds, GuildMessages, DirectMessages");
  });

  it("reconnects after an ordinary close, without reporting anything fatal", async () => {
    const { fake, fatal } = await connect();
    fake.closeGateway(4000, "Unknown error.");
    await fake.waitForGateway((p) => p.op === 6);
    expect(fatal).toEqual([]);
  });

  it("refuses to start on 4014 with a message that says which intents it asked for, and no token", async () => {
    const discord = await fake();
    discord.refuseIdentify(4014);
    const failure = await startDiscord({
      bot: makeBot(),
      config: { token: TOKEN, applicationId: APPLICATION_ID, apiUrl: discord.apiUrl },
      logger: silent,
    }).catch((e: unknown) => e);
    expect(isBotError(failure, "config_invalid")).toBe(true);
    const message = (failure as Error).message;
    expect(message).toContain("4014");
    expect(message).toContain("disallowed intents");
    expect(message).toContain("Guilds, GuildMessages, DirectMessages");
    expect(message).not.toContain("DISCORD_API_URL.");
    expect(message).not.toContain(TOKEN);
  });

  it("answers 5 of 30 mentions from one user, tells them once in a DM to slow down, and drops the rest", async () => {
    const { fake } = await connect({ gate: createRateLimiter() });
    for (let i = 0; i < 30; i++) fake.dispatch("MESSAGE_CREATE", messageCreate(`<@${BOT_ID}> demands 1`));
    const dm = await fake.waitForRequest((r) => r.path === "/users/@me/channels");
    expect(dm.body).toEqual({ recipient_id: USER_ID });
    const dmChannel = fake.dmChannels.get(USER_ID) as string;
    await fake.waitForRequest((r) => r.path === `/channels/${dmChannel}/messages`);
    await until(() => fake.requestsTo("POST", `/channels/${CHANNEL_ID}/messages`).length >= 5);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fake.requestsTo("POST", `/channels/${CHANNEL_ID}/messages`)).toHaveLength(5);
    const notices = fake.requestsTo("POST", `/channels/${dmChannel}/messages`);
    expect(notices).toHaveLength(1);
    expect(JSON.stringify(notices[0]?.body)).toContain("sending requests faster than I can answer");
  });

  it("counts slash commands and mentions alike, with a private notice for the command", async () => {
    const { fake } = await connect({ gate: createRateLimiter() });
    for (let i = 0; i < 3; i++) fake.dispatch("MESSAGE_CREATE", messageCreate(`<@${BOT_ID}> about`));
    for (let i = 0; i < 4; i++) fake.dispatch("INTERACTION_CREATE", slashInteraction(subcommand("about")));
    await until(() => fake.requests.filter((r) => r.path.endsWith("/callback")).length >= 3);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const callbacks = fake.requests.filter((r) => r.path.endsWith("/callback"));
    expect(callbacks).toHaveLength(3);
    const notice = callbacks.find((c) => JSON.stringify(c.body).includes(SLOW_DOWN_MESSAGE.slice(0, 40)));
    expect(notice?.body).toMatchObject({ data: { flags: 64 } });
  });

  it("does not limit daily posts", async () => {
    const store = createMemoryStore();
    const daily = createDaily({ article, store, clock: { now: () => new Date("2026-11-26T08:00:00Z") } });
    const { fake, adapter } = await connect({ gate: createRateLimiter() });
    daily.addPublisher(adapter.publisher);
    const where = (channel: string) => ({ platform: "discord" as const, workspace: GUILD_ID, channel });
    for (let i = 0; i < 8; i++) {
      await store.saveSubscription({
        where: where(`13000000000000009${String(i).padStart(2, "0")}`),
        time: "09:00",
        timeZone: "UTC",
        since: "2026-11-26T08:00:00.000Z",
      });
    }
    const summary = await daily.tick(new Date("2026-11-26T09:00:00Z"));
    expect(summary.posts.map((p) => p.outcome)).toEqual(Array(8).fill("posted"));
    expect(fake.posted.size).toBe(8);
  });

  it("on stop, waits for an answer in progress until the deadline, then abandons it and disconnects", async () => {
    const { fake, adapter } = await connect();
    fake.hangChannel(CHANNEL_ID);
    fake.dispatch("MESSAGE_CREATE", messageCreate(`<@${BOT_ID}> demands`));
    await fake.waitForRequest((r) => r.path === `/channels/${CHANNEL_ID}/messages`);
    const deadline = new AbortController();
    let stopped = false;
    const stopping = adapter.stop(deadline.signal).then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stopped).toBe(false);
    // New work is not taken while draining.
    fake.dispatch("MESSAGE_CREATE", messageCreate(`<@${BOT_ID}> about`, { guildId: null }));
    deadline.abort();
    await stopping;
    expect(stopped).toBe(true);
    expect(fake.requests.filter((r) => r.path.includes("/channels/") && r.method === "POST")).toHaveLength(1);
  });
});
