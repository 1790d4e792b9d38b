import { describe, expect, it } from "vitest";
import { commandText, translateMessage, translateSlash } from "../../../src/adapters/discord/translate.js";
import {
  BOT_ID,
  CHANNEL_ID,
  DM_CHANNEL_ID,
  dailySubcommand,
  GUILD_ID,
  MEMBER_PERMISSIONS,
  MODERATOR_PERMISSIONS,
  subcommand,
  USER_ID,
} from "../../fixtures/discord/events.js";

const slash = (
  options: ReturnType<typeof subcommand>,
  extra: { guildId?: string | null; perms?: bigint | null } = {},
) =>
  translateSlash({
    commandName: "letter",
    options,
    guildId: extra.guildId === undefined ? GUILD_ID : extra.guildId,
    channelId: CHANNEL_ID,
    userId: USER_ID,
    memberPermissions: extra.perms === undefined ? MEMBER_PERMISSIONS : extra.perms,
  });

const message = (content: string, extra: Partial<Parameters<typeof translateMessage>[0]> = {}) =>
  translateMessage(
    {
      content,
      type: 0,
      authorId: USER_ID,
      authorIsBot: false,
      webhookId: null,
      guildId: GUILD_ID,
      channelId: CHANNEL_ID,
      memberPermissions: extra.guildId === null ? null : MEMBER_PERMISSIONS,
      ...extra,
    },
    BOT_ID,
  );

describe("commandText", () => {
  it.each([
    [subcommand("demands"), "demands"],
    [subcommand("demands", { number: 2 }), "demands 2"],
    [subcommand("ask", { question: "  who did they write to? " }), "ask who did they write to?"],
    [subcommand("quote"), "quote"],
    [subcommand("quote", { topic: "palantir" }), "quote palantir"],
    [subcommand("search", { words: "children detention" }), "search children detention"],
    [subcommand("check", { claim: "they wrote to the CEO" }), "check they wrote to the CEO"],
    [subcommand("context", { paragraph: 11 }), "context 11"],
    [subcommand("about"), "about"],
    [subcommand("help"), "help"],
    [dailySubcommand("on", { time: "09:00", timezone: "Europe/Berlin" }), "daily on 09:00 Europe/Berlin"],
    [dailySubcommand("on", { timezone: "Europe/Berlin" }), "daily on Europe/Berlin"],
    [dailySubcommand("off"), "daily off"],
    [dailySubcommand("status"), "daily status"],
    [dailySubcommand("preview"), "daily preview"],
  ])("turns %j into the core's command text", (options, text) => {
    expect(commandText(options)).toBe(text);
  });

  it("knows no other shapes, including inherited property names", () => {
    expect(commandText([])).toBeUndefined();
    expect(commandText(subcommand("toString"))).toBeUndefined();
    expect(commandText(subcommand("on"))).toBeUndefined();
    expect(commandText(dailySubcommand("constructor"))).toBeUndefined();
  });
});

describe("translateSlash", () => {
  it("makes a command request for the guild channel", () => {
    expect(slash(subcommand("demands", { number: 1 }))).toEqual({
      request: {
        where: { platform: "discord", workspace: GUILD_ID, channel: CHANNEL_ID },
        user: USER_ID,
        source: "command",
        text: "demands 1",
        canManageChannel: false,
      },
    });
  });

  it("uses 'dm' as the workspace of a DM", () => {
    const result = slash(subcommand("about"), { guildId: null, perms: null });
    expect(result).toMatchObject({ request: { where: { workspace: "dm" } } });
  });

  it("tells the core whether the member may change the channel's daily quotes", () => {
    const may = (
      options: ReturnType<typeof subcommand>,
      extra: { guildId?: string | null; perms?: bigint | null },
    ) => {
      const result = slash(options, extra);
      return "request" in result ? result.request.canManageChannel : undefined;
    };
    expect(may(dailySubcommand("on"), {})).toBe(false);
    expect(may(dailySubcommand("on"), { perms: MODERATOR_PERMISSIONS })).toBe(true);
    expect(may(dailySubcommand("off"), { guildId: null, perms: null })).toBe(true);
  });

  it("refuses an unknown command name", () => {
    const result = translateSlash({
      commandName: "other",
      options: subcommand("about"),
      guildId: GUILD_ID,
      channelId: CHANNEL_ID,
      userId: USER_ID,
      memberPermissions: MEMBER_PERMISSIONS,
    });
    expect(result).toMatchObject({ refusal: { kind: "error" } });
  });
});

describe("translateMessage", () => {
  it("answers an explicit mention in either form, with the mention stripped", () => {
    expect(message(`<@${BOT_ID}> what is Palantir?`)).toEqual({
      where: { platform: "discord", workspace: GUILD_ID, channel: CHANNEL_ID },
      user: USER_ID,
      source: "mention",
      text: "what is Palantir?",
      canManageChannel: false,
    });
    expect(message(`hey <@!${BOT_ID}>, demands 2`)?.text).toBe("hey , demands 2");
    expect(message(`<@${BOT_ID}>: who wrote it?`)?.text).toBe(": who wrote it?");
  });

  it("tells the core a moderator's mention may change the channel's daily quotes", () => {
    expect(
      message(`<@${BOT_ID}> daily off`, { memberPermissions: MODERATOR_PERMISSIONS })?.canManageChannel,
    ).toBe(true);
    expect(message(`<@${BOT_ID}> daily off`, { memberPermissions: 0n })?.canManageChannel).toBe(false);
  });

  it("answers a DM without a mention", () => {
    expect(message("demands", { guildId: null, channelId: DM_CHANNEL_ID })).toMatchObject({
      where: { workspace: "dm", channel: DM_CHANNEL_ID },
      source: "dm",
      text: "demands",
      canManageChannel: true,
    });
  });

  it.each([
    ["@everyone what is Palantir?", {}],
    ["@here demands", {}],
    ["<@&1300000000000000700> demands", {}],
    ["thanks, that helps", { type: 19 }],
    [`<@${BOT_ID}> demands`, { authorIsBot: true }],
    [`<@${BOT_ID}> demands`, { webhookId: "1300000000000000600" }],
    [`<@${BOT_ID}> demands`, { authorId: BOT_ID }],
    [`<@${BOT_ID}>`, { type: 7 }],
    [`<@1${BOT_ID}> demands`, {}],
  ])("stays quiet for %j %j", (content, extra) => {
    expect(message(content, extra)).toBeUndefined();
  });
});
