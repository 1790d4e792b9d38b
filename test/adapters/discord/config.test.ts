import { describe, expect, it } from "vitest";
import { loadDiscordConfig } from "../../../src/adapters/discord/config.js";
import { isBotError } from "../../../src/core/index.js";
import { APPLICATION_ID, GUILD_ID, TOKEN } from "../../fixtures/discord/events.js";

const failure = (env: Record<string, string>) => {
  try {
    loadDiscordConfig(env);
  } catch (err) {
    return err;
  }
  throw new Error("expected loadDiscordConfig to throw");
};

describe("loadDiscordConfig", () => {
  it("is undefined when no Discord variable is set, so Discord stays off", () => {
    expect(loadDiscordConfig({ SLACK_BOT_TOKEN: "x", DISCORD_TOKEN: "  " })).toBeUndefined();
  });

  it("returns the settings, with a trailing slash removed from the API URL", () => {
    expect(
      loadDiscordConfig({
        DISCORD_TOKEN: TOKEN,
        DISCORD_APPLICATION_ID: APPLICATION_ID,
        DISCORD_GUILD_ID: GUILD_ID,
        DISCORD_API_URL: "http://127.0.0.1:9999/api/",
      }),
    ).toEqual({
      token: TOKEN,
      applicationId: APPLICATION_ID,
      guildId: GUILD_ID,
      apiUrl: "http://127.0.0.1:9999/api",
    });
  });

  it("names a missing variable and how to get it", () => {
    const err = failure({ DISCORD_TOKEN: TOKEN });
    expect(isBotError(err, "config_invalid")).toBe(true);
    expect((err as Error).message).toMatch(/^DISCORD_APPLICATION_ID is missing: .*Developer Portal/);
  });

  it("rejects a malformed token without ever repeating it", () => {
    const token = "Bot my-secret-token-value";
    const err = failure({ DISCORD_TOKEN: token, DISCORD_APPLICATION_ID: APPLICATION_ID });
    expect((err as Error).message).toMatch(/^DISCORD_TOKEN is not valid/);
    expect((err as Error).message).not.toContain("my-secret-token-value");
  });

  it("rejects a guild id that is not a snowflake and an API URL that is not http(s)", () => {
    const base = { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APPLICATION_ID };
    expect((failure({ ...base, DISCORD_GUILD_ID: "my-server" }) as Error).message).toMatch(
      /^DISCORD_GUILD_ID/,
    );
    expect((failure({ ...base, DISCORD_API_URL: "ftp://example" }) as Error).message).toMatch(
      /^DISCORD_API_URL/,
    );
  });
});
