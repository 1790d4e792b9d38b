import { describe, expect, it } from "vitest";
import { loadSlackConfig, slackSecrets } from "../../../src/adapters/slack/config.js";
import { isBotError } from "../../../src/core/index.js";

const BOT = "xoxb-111-222-fakeBotToken";
const APP = "xapp-1-A111-222-fakeAppToken";
const SECRET = "0123456789abcdef0123456789abcdef";

function failure(env: Record<string, string | undefined>): Error {
  try {
    loadSlackConfig(env);
  } catch (err) {
    if (isBotError(err, "config_invalid")) return err;
    throw err;
  }
  throw new Error("expected loadSlackConfig to throw");
}

describe("loadSlackConfig", () => {
  it("returns undefined when no Slack variable is set, even with PORT set", () => {
    expect(loadSlackConfig({})).toBeUndefined();
    expect(loadSlackConfig({ PORT: "8080", SLACK_BOT_TOKEN: "  " })).toBeUndefined();
  });

  it("reads Socket Mode from a bot token and an app token", () => {
    expect(loadSlackConfig({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP })).toEqual({
      botToken: BOT,
      mode: { kind: "socket", appToken: APP },
      apiUrl: "https://slack.com/api/",
    });
  });

  it("reads HTTP mode from a signing secret, on PORT or 3000", () => {
    expect(loadSlackConfig({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET })?.mode).toEqual({
      kind: "http",
      signingSecret: SECRET,
      port: 3000,
    });
    expect(
      loadSlackConfig({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET, PORT: "0" })?.mode,
    ).toMatchObject({
      port: 0,
    });
  });

  it("prefers Socket Mode when both an app token and a signing secret are set", () => {
    const config = loadSlackConfig({
      SLACK_BOT_TOKEN: BOT,
      SLACK_APP_TOKEN: APP,
      SLACK_SIGNING_SECRET: SECRET,
    });
    expect(config?.mode.kind).toBe("socket");
  });

  it("uses SLACK_API_URL as the Web API base, always ending in a slash", () => {
    const config = loadSlackConfig({
      SLACK_BOT_TOKEN: BOT,
      SLACK_APP_TOKEN: APP,
      SLACK_API_URL: "https://slack.test/api",
    });
    expect(config?.apiUrl).toBe("https://slack.test/api/");
  });

  it("names a missing bot token and how to get one", () => {
    const err = failure({ SLACK_APP_TOKEN: APP });
    expect(err.message).toMatch(/^SLACK_BOT_TOKEN is missing: .*xoxb-.*OAuth & Permissions/);
  });

  it("names a malformed token without repeating its value", () => {
    const wrongKind = "xoxp-999-user-token-secret";
    const err = failure({ SLACK_BOT_TOKEN: wrongKind, SLACK_APP_TOKEN: APP });
    expect(err.message).toMatch(/^SLACK_BOT_TOKEN is not valid: /);
    expect(err.message).not.toContain(wrongKind);
    const badApp = failure({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: "xoxb-not-an-app-token" });
    expect(badApp.message).toMatch(/^SLACK_APP_TOKEN is not valid: .*xapp-/);
    expect(badApp.message).not.toContain("xoxb-not-an-app-token");
  });

  it("asks for an app token or a signing secret when neither is set", () => {
    expect(failure({ SLACK_BOT_TOKEN: BOT }).message).toMatch(
      /SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is missing/,
    );
  });

  it("refuses a malformed signing secret, API URL or port", () => {
    expect(failure({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: "short secret" }).message).toMatch(
      /^SLACK_SIGNING_SECRET is not valid/,
    );
    expect(
      failure({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP, SLACK_API_URL: "slack.test" }).message,
    ).toMatch(/^SLACK_API_URL is not valid/);
    expect(failure({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET, PORT: "70000" }).message).toMatch(
      /^PORT is not valid/,
    );
  });
});

describe("loadSlackConfig with OAuth", () => {
  const CLIENT_ID = "1234567890.0987654321";
  const CLIENT_SECRET = "abcdef0123456789abcdef0123456789";
  const STATE_SECRET = "a-long-random-state-secret";
  const oauthEnv = {
    SLACK_CLIENT_ID: CLIENT_ID,
    SLACK_CLIENT_SECRET: CLIENT_SECRET,
    SLACK_STATE_SECRET: STATE_SECRET,
    SLACK_SIGNING_SECRET: SECRET,
  };

  it("reads the three OAuth settings instead of a bot token, in HTTP mode", () => {
    expect(loadSlackConfig(oauthEnv)).toEqual({
      botToken: undefined,
      oauth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, stateSecret: STATE_SECRET },
      mode: { kind: "http", signingSecret: SECRET, port: 3000 },
      apiUrl: "https://slack.com/api/",
    });
  });

  it.each(["SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_STATE_SECRET"] as const)(
    "names %s when it alone is missing",
    (name) => {
      expect(failure({ ...oauthEnv, [name]: undefined }).message).toMatch(
        new RegExp(`^${name} is missing: `),
      );
    },
  );

  it("refuses a bot token beside OAuth, Socket Mode, or no signing secret, saying what to do", () => {
    expect(failure({ ...oauthEnv, SLACK_BOT_TOKEN: BOT }).message).toMatch(
      /^SLACK_BOT_TOKEN cannot be used with SLACK_CLIENT_ID: set either .*\/slack\/install/,
    );
    expect(failure({ ...oauthEnv, SLACK_APP_TOKEN: APP }).message).toMatch(
      /^SLACK_APP_TOKEN cannot be used with SLACK_CLIENT_ID: .*HTTP mode/,
    );
    expect(failure({ ...oauthEnv, SLACK_SIGNING_SECRET: undefined }).message).toMatch(
      /^SLACK_SIGNING_SECRET is missing/,
    );
  });

  it("refuses malformed OAuth settings without repeating them", () => {
    const badId = failure({ ...oauthEnv, SLACK_CLIENT_ID: "client" });
    expect(badId.message).toMatch(/^SLACK_CLIENT_ID is not valid: .*Client ID/);
    const shortState = failure({ ...oauthEnv, SLACK_STATE_SECRET: "short" });
    expect(shortState.message).toMatch(/^SLACK_STATE_SECRET is not valid: .*at least 16 characters/);
    expect(shortState.message).not.toContain("short ");
  });

  it("gives the logger the client and state secrets to mask", () => {
    const config = loadSlackConfig(oauthEnv);
    expect(config && slackSecrets(config)).toEqual([SECRET, CLIENT_SECRET, STATE_SECRET]);
  });
});

describe("slackSecrets", () => {
  it("lists the bot token and the mode's secret for the logger to mask", () => {
    const socket = loadSlackConfig({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP });
    const http = loadSlackConfig({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET });
    expect(socket && slackSecrets(socket)).toEqual([BOT, APP]);
    expect(http && slackSecrets(http)).toEqual([BOT, SECRET]);
  });
});
