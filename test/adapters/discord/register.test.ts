import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ApplicationCommandType, PermissionFlagsBits } from "discord.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  buildCommands,
  INVITE_PERMISSIONS,
  inviteUrl,
  registerCommands,
  restFor,
} from "../../../src/adapters/discord/register.js";
import { CHECK_LABEL, isBotError, type Paragraph } from "../../../src/core/index.js";
import { FakeDiscord } from "../../fakes/discord/server.js";
import { APPLICATION_ID, BOT_ID, GUILD_ID, TOKEN } from "../../fixtures/discord/events.js";
import { article } from "../../helpers.js";

let fake: FakeDiscord;

beforeEach(async () => {
  fake = await FakeDiscord.start({
    token: TOKEN,
    applicationId: APPLICATION_ID,
    botUserId: BOT_ID,
    guilds: [{ id: GUILD_ID, channels: [] }],
  });
});

afterEach(async () => {
  await fake.close();
});

interface Option {
  name: string;
  description: string;
  type?: number;
  max_value?: number;
  options?: Option[];
}
const letterOf = (commands: ReturnType<typeof buildCommands>) =>
  commands.find((c) => c.type === ApplicationCommandType.ChatInput) as unknown as Option;

describe("buildCommands", () => {
  it("defines /letter, whose subcommands mirror the core's, and the message command Check in the letter", () => {
    const commands = buildCommands(article);
    expect(commands.map((c) => [c.type, c.name])).toEqual([
      [ApplicationCommandType.ChatInput, "letter"],
      [ApplicationCommandType.Message, CHECK_LABEL],
    ]);
    const letter = letterOf(commands);
    expect(letter.options?.map((o) => o.name)).toEqual([
      "ask",
      "demands",
      "quote",
      "search",
      "check",
      "context",
      "about",
      "daily",
      "help",
    ]);
    const daily = letter.options?.find((o) => o.name === "daily");
    expect(daily?.options?.map((o) => o.name)).toEqual(["on", "off", "status", "preview"]);
    // A context-menu command has no description and no options.
    expect(commands[1]).not.toHaveProperty("description");
    expect(commands[1]).not.toHaveProperty("options");
    expect(commands[1]).toMatchObject({ integration_types: [0], contexts: [0, 1] });
  });

  it("numbers the demands as the article does, and offers none when it has none", () => {
    const number = (commands: ReturnType<typeof buildCommands>) =>
      letterOf(commands).options?.find((o) => o.name === "demands")?.options?.[0];
    expect(number(buildCommands(article))).toMatchObject({ max_value: article.demands.length });
    expect(number(buildCommands(article))?.description).toBe(`Which demand (1 to ${article.demands.length})`);
    const five = Array.from({ length: 5 }, () => article.demands[0] as Paragraph);
    expect(number(buildCommands({ demands: five }))).toMatchObject({ max_value: 5 });
    const none = letterOf(buildCommands({ demands: [] }));
    expect(none.options?.map((o) => o.name)).not.toContain("demands");
  });

  it("keeps every name and description within Discord's limits", () => {
    const walk = (options: Option[]): void => {
      for (const option of options) {
        expect(option.name).toMatch(/^[-_a-z0-9]{1,32}$/);
        expect(option.description.length).toBeGreaterThan(0);
        expect(option.description.length).toBeLessThanOrEqual(100);
        walk(option.options ?? []);
      }
    };
    walk([letterOf(buildCommands(article))]);
    // Context-menu names may hold spaces and capitals: 1 to 32 characters.
    expect(CHECK_LABEL.length).toBeLessThanOrEqual(32);
  });
});

describe("the invite link", () => {
  it("asks for Send Messages in Threads besides reading, sending and embedding", () => {
    const has = (flag: bigint) => (INVITE_PERMISSIONS & flag) === flag;
    expect(has(PermissionFlagsBits.SendMessagesInThreads)).toBe(true);
    expect(has(PermissionFlagsBits.SendMessages)).toBe(true);
    expect(has(PermissionFlagsBits.EmbedLinks)).toBe(true);
    expect(has(PermissionFlagsBits.ViewChannel)).toBe(true);
    expect(has(PermissionFlagsBits.ReadMessageHistory)).toBe(true);
    expect(has(PermissionFlagsBits.ManageChannels)).toBe(false);
    expect(has(PermissionFlagsBits.MentionEveryone)).toBe(false);
    const url = new URL(inviteUrl(APPLICATION_ID));
    expect(url.searchParams.get("permissions")).toBe(String(INVITE_PERMISSIONS));
    expect(url.searchParams.get("scope")).toBe("bot applications.commands");
  });

  it("is the one the README gives", () => {
    const readme = readFileSync(fileURLToPath(new URL("../../../README.md", import.meta.url)), "utf8");
    expect(readme).toContain(`permissions=${INVITE_PERMISSIONS}`);
    expect(readme).toContain("Send Messages in Threads");
  });
});

describe("registerCommands", () => {
  const config = () => ({ token: TOKEN, applicationId: APPLICATION_ID, apiUrl: fake.apiUrl });

  it("overwrites the global commands in one PUT, the same way every time", async () => {
    expect(await registerCommands(config())).toEqual({ scope: "global", count: 2 });
    await registerCommands(config());
    const puts = fake.requestsTo("PUT", `/applications/${APPLICATION_ID}/commands`);
    expect(puts).toHaveLength(2);
    expect(puts[0]?.body).toEqual(buildCommands(article));
    expect(puts[1]?.body).toEqual(puts[0]?.body);
    expect(puts[0]?.authorization).toBe(`Bot ${TOKEN}`);
  });

  it("registers on one server when DISCORD_GUILD_ID is set", async () => {
    const result = await registerCommands({ ...config(), guildId: GUILD_ID });
    expect(result.scope).toBe("guild");
    expect(
      fake.requestsTo("PUT", `/applications/${APPLICATION_ID}/guilds/${GUILD_ID}/commands`),
    ).toHaveLength(1);
  });

  it("explains a server the bot is not in, naming DISCORD_GUILD_ID", async () => {
    const failure = await registerCommands({ ...config(), guildId: "1300000000000009999" }).catch(
      (e: unknown) => e,
    );
    expect(isBotError(failure, "config_invalid")).toBe(true);
    expect((failure as Error).message).toContain("DISCORD_GUILD_ID");
  });

  it("explains a rejected token without repeating it", async () => {
    const wrong = { ...config(), token: "MTMwMDAwMDAwMDAwMDAwMDAx.Gwrong.not-the-token-the-fake-expects-00" };
    const failure = await registerCommands(wrong, restFor(wrong)).catch((e: unknown) => e);
    expect(isBotError(failure, "config_invalid")).toBe(true);
    expect((failure as Error).message).toContain("DISCORD_TOKEN");
    expect((failure as Error).message).not.toContain(wrong.token);
  });
});
