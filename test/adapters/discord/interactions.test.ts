/**
 * Buttons and the message command "Check in the letter" on Discord, end to end: the real discord.js
 * client connected to the fake Discord, which delivers recorded-shape INTERACTION_CREATE payloads
 * and records every interaction callback the bot makes.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type DiscordAdapter, startDiscord } from "../../../src/adapters/discord/index.js";
import { createMemoryStore } from "../../../src/adapters/store/memory.js";
import {
  type Bot,
  CHECK_LABEL,
  CONFIRM_LABEL,
  CONFIRM_THANKS,
  createDaily,
  INVALID_ACTION_MESSAGE,
  type Logger,
  VOTE_AGAIN,
  VOTE_THANKS,
} from "../../../src/core/index.js";
import { FakeDiscord, type RecordedRequest } from "../../fakes/discord/server.js";
import {
  APPLICATION_ID,
  BOT_ID,
  buttonInteraction,
  CHANNEL_ID,
  GUILD_ID,
  MODERATOR_PERMISSIONS,
  messageCommandInteraction,
  OTHER_CHANNEL_ID,
  sentMessage,
  slashInteraction,
  subcommand,
  TOKEN,
  USER_ID,
} from "../../fixtures/discord/events.js";
import { article, makeBot } from "../../helpers.js";

interface Button {
  type: number;
  custom_id: string;
  label: string;
}
interface Data {
  content?: string;
  flags?: number;
  embeds: { title?: string; description?: string; footer?: { text: string } }[];
  components?: { type: number; components: Button[] }[];
  allowed_mentions: unknown;
}
interface Callback {
  type: number;
  data: Data;
}

const running: { fake?: FakeDiscord; adapter?: DiscordAdapter } = {};

afterEach(async () => {
  await running.adapter?.stop();
  await running.fake?.close();
  running.adapter = undefined;
  running.fake = undefined;
});

/** Starts a fake Discord and the adapter, with a bot that records what it is asked to act on. */
async function connect(base: Bot = makeBot(), publicUrl?: string, deferAfterMs?: number) {
  const lines: { level: string; message: string; fields?: unknown }[] = [];
  const logger: Logger = {
    info: (message, fields) => lines.push({ level: "info", message, fields }),
    warn: (message, fields) => lines.push({ level: "warn", message, fields }),
    error: (message, fields) => lines.push({ level: "error", message, fields }),
  };
  const acts: Parameters<Bot["act"]>[] = [];
  const bot: Bot = {
    ...base,
    act: (...args) => {
      acts.push(args);
      return base.act(...args);
    },
  };
  const fake = await FakeDiscord.start({
    token: TOKEN,
    applicationId: APPLICATION_ID,
    botUserId: BOT_ID,
    guilds: [{ id: GUILD_ID, channels: [CHANNEL_ID, OTHER_CHANNEL_ID] }],
  });
  running.fake = fake;
  running.adapter = await startDiscord({
    bot,
    config: { token: TOKEN, applicationId: APPLICATION_ID, apiUrl: fake.apiUrl },
    logger,
    ...(publicUrl ? { publicUrl } : {}),
    ...(deferAfterMs !== undefined ? { deferAfterMs } : {}),
  });
  /** Dispatches an interaction and resolves with the bot's callback to it. */
  const interact = async (interaction: Record<string, unknown>): Promise<Callback> => {
    fake.dispatch("INTERACTION_CREATE", interaction);
    const request: RecordedRequest = await fake.waitForRequest(
      (r) => r.path === `/interactions/${interaction.id}/${interaction.token}/callback`,
    );
    return request.body as Callback;
  };
  return { fake, interact, acts, lines };
}

const buttonsOf = (data: Data) => (data.components ?? []).flatMap((row) => row.components);
const buttonLabeled = (data: Data, label: RegExp) => {
  const button = buttonsOf(data).find((b) => label.test(b.label));
  if (!button) throw new Error(`no button labeled ${label}: ${JSON.stringify(buttonsOf(data))}`);
  return button;
};
const text = (data: Data) =>
  [
    data.content ?? "",
    ...data.embeds.flatMap((e) => [e.title ?? "", e.description ?? "", e.footer?.text ?? ""]),
  ].join("\n");
const NO_MENTIONS = { parse: [], replied_user: false };
const CLAIM = "apparently the letter asks Amazon to stop selling Rekognition to police";

describe("Check in the letter on Discord", () => {
  it("checks the message it was chosen on and answers privately, with share, context and vote buttons", async () => {
    const { interact } = await connect();
    const answer = await interact(messageCommandInteraction(CHECK_LABEL, `<@${BOT_ID}> ${CLAIM} :eyes:`));
    expect(answer.type).toBe(4);
    expect(answer.data.flags).toBe(64);
    expect(answer.data.allowed_mentions).toEqual(NO_MENTIONS);
    expect(text(answer.data)).toContain(`Checking against the article: “${CLAIM}”`);
    expect(text(answer.data)).toContain("Stop** **selling** facial recognition services");
    expect(buttonsOf(answer.data).map((b) => b.label)).toEqual([
      "Share in channel",
      "Show context (¶16)",
      "👍 Helpful",
      "👎 Not helpful",
    ]);
    for (const button of buttonsOf(answer.data)) expect(button.custom_id.length).toBeLessThanOrEqual(100);
  });

  it("says honestly when the message has nothing to check, and works in a DM", async () => {
    const { interact } = await connect();
    const empty = await interact(messageCommandInteraction(CHECK_LABEL, "<:party:1300000000000000777> 👍"));
    expect(empty.data.flags).toBe(64);
    expect(text(empty.data)).toContain("no words I can check");
    const inDm = await interact(messageCommandInteraction(CHECK_LABEL, CLAIM, { guildId: null }));
    expect(inDm.data.flags).toBe(64);
    expect(text(inDm.data)).toContain("Checking against the article");
  });

  it("checks a claim typed as /letter check claim:, privately, as the message command does", async () => {
    const { interact } = await connect();
    const typed = await interact(slashInteraction(subcommand("check", { claim: CLAIM })));
    const chosen = await interact(messageCommandInteraction(CHECK_LABEL, CLAIM));
    expect(typed.type).toBe(4);
    expect(typed.data.flags).toBe(64);
    expect(text(typed.data)).toContain(`Checking against the article: “${CLAIM}”`);
    expect(text(typed.data)).toBe(text(chosen.data));
    expect(buttonsOf(typed.data).map((b) => b.label)).toEqual(buttonsOf(chosen.data).map((b) => b.label));
  });
});

describe("buttons on Discord", () => {
  /** A private answer (a checked message), as the message the press comes from. */
  async function privateAnswer(interact: (i: Record<string, unknown>) => Promise<Callback>) {
    const answer = await interact(messageCommandInteraction(CHECK_LABEL, CLAIM));
    return { data: answer.data, message: sentMessage({ ...answer.data, flags: 64 }) };
  }

  it("shares a private answer in the channel, marked with who shared it, pinging no one", async () => {
    const { interact, acts } = await connect();
    const { data, message } = await privateAnswer(interact);
    const share = buttonLabeled(data, /^Share/);
    const shared = await interact(
      buttonInteraction(share.custom_id, message, { displayName: "@everyone <@&1>" }),
    );
    expect(shared.type).toBe(4);
    expect(shared.data.flags).toBeUndefined();
    expect(shared.data.allowed_mentions).toEqual(NO_MENTIONS);
    expect(shared.data.content).toBe("Shared by @\u200beveryone \\<@&1\\>");
    expect(text(shared.data)).toContain("Stop** **selling** facial recognition services");
    expect(buttonsOf(shared.data).map((b) => b.label)).not.toContain("Share in channel");
    expect(acts[0]?.[0]).toEqual({ kind: "share", text: `check ${CLAIM}` });
    expect(acts[0]?.[1]).toMatchObject({
      where: { platform: "discord", workspace: GUILD_ID, channel: CHANNEL_ID },
      user: USER_ID,
    });
  });

  it("shares a message whose Share carries no text by posting the message again", async () => {
    const { interact, acts } = await connect();
    const { data, message } = await privateAnswer(interact);
    const shared = await interact(buttonInteraction("lb1:s", message, { displayName: "ana" }));
    expect(shared.data.flags).toBeUndefined();
    expect(shared.data.content).toBe("Shared by @ana");
    expect(shared.data.embeds).toEqual(data.embeds.map((e) => expect.objectContaining(e)));
    expect(buttonsOf(shared.data).map((b) => b.custom_id)).not.toContain("lb1:s");
    expect(acts).toEqual([]);
  });

  it("does not share a message that is public already", async () => {
    const { interact } = await connect();
    const shared = await interact(
      buttonInteraction("lb1:s", sentMessage({ embeds: [{ description: "x" }] })),
    );
    expect(shared.data.flags).toBe(64);
    expect(text(shared.data)).toContain("already in the channel");
  });

  it("shows a quote's paragraph in context, privately", async () => {
    const { interact } = await connect();
    const answer = await interact(slashInteraction(subcommand("ask", { question: "who is palantir?" })));
    expect(answer.data.flags).toBeUndefined();
    const context = buttonLabeled(answer.data, /^Show context/);
    expect(context.custom_id).toBe("lb1:c:5");
    const shown = await interact(buttonInteraction(context.custom_id, sentMessage(answer.data)));
    expect(shown.data.flags).toBe(64);
    expect(text(shown.data)).toContain("¶5 in context");
    expect(text(shown.data)).toContain(article.paragraphs[4]?.text.slice(0, 40));
  });

  it("records a vote with no user id and thanks privately", async () => {
    const store = createMemoryStore();
    const { interact } = await connect(makeBot({ feedback: store }));
    const answer = await interact(slashInteraction(subcommand("ask", { question: "who is palantir?" })));
    const up = buttonLabeled(answer.data, /Helpful$/);
    const thanks = await interact(buttonInteraction(up.custom_id, sentMessage(answer.data)));
    expect(thanks.data.flags).toBe(64);
    expect(text(thanks.data)).toContain(VOTE_THANKS);
    const report = await store.feedbackReport(5);
    expect(report.totals).toEqual({ up: 1, down: 0, declined: 0, closest: 0 });
    expect(JSON.stringify(report)).not.toContain(USER_ID);
    expect(report.questions).toEqual([]);
    expect(report.passages).toEqual([]);
    // The same person's second vote on the same answer does not count again.
    const down = buttonLabeled(answer.data, /Not helpful$/);
    const again = await interact(buttonInteraction(down.custom_id, sentMessage(answer.data)));
    expect(again.data.flags).toBe(64);
    expect(text(again.data)).toContain(VOTE_AGAIN);
    expect((await store.feedbackReport(5)).totals).toEqual({ up: 1, down: 0, declined: 0, closest: 0 });
  });

  it("defers an answer that is not ready in time, then edits it in, still private", async () => {
    const store = createMemoryStore();
    // A slow database behind the vote.
    const slow = {
      ...store,
      recordFeedback: async (event: Parameters<typeof store.recordFeedback>[0]) => {
        await new Promise((resolve) => setTimeout(resolve, 150));
        await store.recordFeedback(event);
      },
    };
    const { fake, interact } = await connect(makeBot({ feedback: slow }), undefined, 20);
    const answer = await interact(slashInteraction(subcommand("ask", { question: "who is palantir?" })));
    expect(answer.type).toBe(4);
    const press = buttonInteraction(
      buttonLabeled(answer.data, /Helpful$/).custom_id,
      sentMessage(answer.data),
    );
    const deferred = await interact(press);
    expect(deferred).toEqual({ type: 5, data: { flags: 64 } });
    const edit = await fake.waitForRequest(
      (r) =>
        r.method === "PATCH" && r.path === `/webhooks/${APPLICATION_ID}/${press.token}/messages/@original`,
    );
    const edited = edit.body as Data;
    expect(text(edited)).toContain(VOTE_THANKS);
    expect(edited.flags).toBeUndefined();
    expect(edited.allowed_mentions).toEqual(NO_MENTIONS);
    expect((await store.feedbackReport(5)).totals).toEqual({ up: 1, down: 0, declined: 0, closest: 0 });
  });

  it("offers each closest passage to confirm, and answers a press privately with that passage", async () => {
    const store = createMemoryStore();
    const { interact } = await connect(makeBot({ learning: { store }, feedback: store }));
    const closest = await interact(slashInteraction(subcommand("ask", { question: "how do workers feel" })));
    expect(closest.data.flags).toBe(64);
    const confirms = buttonsOf(closest.data).filter((b) => b.label.startsWith(CONFIRM_LABEL));
    expect(confirms.length).toBeGreaterThanOrEqual(2);
    for (const b of confirms) expect(b.label).toMatch(/^This answers it \(¶\d+\)$/);
    const second = confirms[1] as Button;
    const paragraph = /¶(\d+)/.exec(second.label)?.[1];
    const picked = await interact(
      buttonInteraction(second.custom_id, sentMessage({ ...closest.data, flags: 64 })),
    );
    expect(picked.data.flags).toBe(64);
    expect(text(picked.data)).toContain(CONFIRM_THANKS);
    expect(buttonsOf(picked.data).map((b) => b.label)).toEqual([
      "Share in channel",
      `Show context (¶${paragraph})`,
    ]);
    const [record] = await store.allLearnedRecords(5);
    expect(record).toMatchObject({ platform: "discord", workspace: GUILD_ID, confirmedBy: 1 });
    // Shared, the picked passage goes to the channel with its question.
    const share = buttonLabeled(picked.data, /^Share/);
    const shared = await interact(
      buttonInteraction(share.custom_id, sentMessage({ ...picked.data, flags: 64 })),
    );
    expect(shared.data.flags).toBeUndefined();
    expect(text(shared.data)).toContain("“how do workers feel”");
  });

  it("runs a suggestion for the person who pressed it, as its command would answer", async () => {
    const { interact, acts } = await connect();
    const notFound = await interact(
      slashInteraction(subcommand("ask", { question: "what's the airspeed velocity of an unladen swallow" })),
    );
    expect(notFound.data.flags).toBe(64);
    const demands = buttonLabeled(notFound.data, /^\/letter demands$/);
    const answer = await interact(
      buttonInteraction(demands.custom_id, sentMessage({ ...notFound.data, flags: 64 })),
    );
    expect(answer.data.flags).toBeUndefined();
    for (const demand of article.demands) expect(text(answer.data)).toContain(demand.text.slice(0, 30));
    expect(acts[0]?.[0]).toEqual({ kind: "suggest", command: "/letter demands" });
  });

  it("keeps channel permissions for a suggestion that changes settings", async () => {
    const store = createMemoryStore();
    const daily = createDaily({ article, store });
    const { interact } = await connect(makeBot({ daily: daily.commands }));
    const refused = await interact(buttonInteraction("lb1:g:daily on", sentMessage({})));
    expect(refused.data.flags).toBe(64);
    expect(text(refused.data)).toContain("manage this channel");
    expect(await store.listSubscriptions()).toEqual([]);
    const allowed = await interact(
      buttonInteraction("lb1:g:daily on", sentMessage({}), { permissions: MODERATOR_PERMISSIONS }),
    );
    expect(text(allowed.data)).toContain("Daily quotes are on");
    expect(await store.listSubscriptions()).toHaveLength(1);
  });

  it.each([
    ["a paragraph the article does not have", "lb1:c:9999"],
    ["a vote for a passage that does not exist", "lb1:v:u:p999:abc"],
    ["a suggestion that is not a command", "lb1:g:@everyone hello"],
    ["another bot's button", "other-bot:button:1"],
  ])("refuses a forged button (%s) privately, and does nothing", async (_what, customId) => {
    const { interact, acts, lines, fake } = await connect();
    const refused = await interact(buttonInteraction(customId, sentMessage({})));
    expect(refused.type).toBe(4);
    expect(refused.data.flags).toBe(64);
    expect(text(refused.data)).toContain(INVALID_ACTION_MESSAGE.replace(/\//g, "/").slice(0, 30));
    expect(acts).toEqual([]);
    expect(fake.requestsTo("POST", `/channels/${CHANNEL_ID}/messages`)).toEqual([]);
    const warning = lines.find((l) => l.message.includes("button press refused"));
    expect(warning?.level).toBe("warn");
    expect(JSON.stringify(lines)).not.toContain(customId);
    expect(JSON.stringify(lines)).not.toContain(TOKEN);
  });

  it("links citations to the article page when PUBLIC_URL is set", async () => {
    const { interact } = await connect(makeBot(), "https://letterbot.example.com");
    const answer = await interact(slashInteraction(subcommand("ask", { question: "who is palantir?" })));
    expect(text(answer.data)).toContain("](https://letterbot.example.com/article?q=p5.s1");
  });
});
