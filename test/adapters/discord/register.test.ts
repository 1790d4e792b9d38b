import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildCommands, registerCommands, restFor } from "../../../src/adapters/discord/register.js";
import { isBotError } from "../../../src/core/index.js";
import { FakeDiscord } from "../../fakes/discord/server.js";
import { APPLICATION_ID, BOT_ID, GUILD_ID, TOKEN } from "../../fixtures/discord/events.js";

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

describe("buildCommands", () => {
  it("defines one /letter command whose subcommands mirror the core's", () => {
    const [letter, ...others] = buildCommands();
    expect(others).toEqual([]);
    expect(letter?.name).toBe("letter");
    expect(letter?.options?.map((o) => o.name)).toEqual([
      "ask",
      "demands",
      "quote",
      "search",
      "context",
      "about",
      "daily",
      "help",
    ]);
    const daily = letter?.options?.find((o) => o.name === "daily") as { options: { name: string }[] };
    expect(daily.options.map((o) => o.name)).toEqual(["on", "off", "status", "preview"]);
  });

  it("keeps every name and description within Discord's limits", () => {
    const walk = (options: { name: string; description: string; options?: unknown }[]): void => {
      for (const option of options) {
        expect(option.name).toMatch(/^[-_a-z0-9]{1,32}$/);
        expect(option.description.length).toBeLessThanOrEqual(100);
        walk((option.options as typeof options | undefined) ?? []);
      }
    };
    walk(buildCommands() as never);
  });
});

describe("registerCommands", () => {
  const config = () => ({ token: TOKEN, applicationId: APPLICATION_ID, apiUrl: fake.apiUrl });

  it("overwrites the global commands in one PUT, the same way every time", async () => {
    expect(await registerCommands(config())).toEqual({ scope: "global", count: 1 });
    await registerCommands(config());
    const puts = fake.requestsTo("PUT", `/applications/${APPLICATION_ID}/commands`);
    expect(puts).toHaveLength(2);
    expect(puts[0]?.body).toEqual(buildCommands());
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
