import { describe, expect, it } from "vitest";
import { DEFAULT_SHUTDOWN_GRACE_SECONDS, loadServiceConfig } from "../../src/runtime/service-config.js";

describe("service settings", () => {
  it("has defaults for everything", () => {
    expect(loadServiceConfig({})).toEqual({
      healthPort: undefined,
      shutdownGraceSeconds: DEFAULT_SHUTDOWN_GRACE_SECONDS,
      logLevel: undefined,
      logFormat: undefined,
      leaderLeaseSeconds: 15,
      publicUrl: undefined,
      feedbackStoreText: false,
    });
    expect(DEFAULT_SHUTDOWN_GRACE_SECONDS).toBe(8);
  });

  it("reads each setting, empty values counting as unset", () => {
    expect(
      loadServiceConfig({
        HEALTH_PORT: "9090",
        SHUTDOWN_GRACE_SECONDS: " 20 ",
        LOG_LEVEL: "DEBUG",
        LOG_FORMAT: "pretty",
        LEADER_LEASE_SECONDS: "5",
        PUBLIC_URL: " https://letterbot.example.com/bot ",
        FEEDBACK_STORE_TEXT: "TRUE",
      }),
    ).toEqual({
      healthPort: 9090,
      shutdownGraceSeconds: 20,
      logLevel: "debug",
      logFormat: "pretty",
      leaderLeaseSeconds: 5,
      publicUrl: "https://letterbot.example.com/bot",
      feedbackStoreText: true,
    });
    expect(loadServiceConfig({ PUBLIC_URL: "http://127.0.0.1:8080/" }).publicUrl).toBe(
      "http://127.0.0.1:8080/",
    );
    expect(loadServiceConfig({ FEEDBACK_STORE_TEXT: "false" }).feedbackStoreText).toBe(false);
    expect(loadServiceConfig({ HEALTH_PORT: "", SHUTDOWN_GRACE_SECONDS: "" }).shutdownGraceSeconds).toBe(8);
  });

  it.each([
    ["HEALTH_PORT", "70000", /HEALTH_PORT must be at most 65535: set it to a port number/],
    ["HEALTH_PORT", "http", /HEALTH_PORT must be a whole number/],
    ["SHUTDOWN_GRACE_SECONDS", "-1", /SHUTDOWN_GRACE_SECONDS must be a whole number/],
    ["SHUTDOWN_GRACE_SECONDS", "600", /SHUTDOWN_GRACE_SECONDS must be at most 120/],
    ["LOG_LEVEL", "verbose", /LOG_LEVEL must be debug, info, warn or error/],
    ["LOG_FORMAT", "xml", /LOG_FORMAT must be json or pretty/],
    [
      "LEADER_LEASE_SECONDS",
      "2",
      /LEADER_LEASE_SECONDS must be at least 3: use a whole number of seconds from 3 to 21/,
    ],
    ["LEADER_LEASE_SECONDS", "30", /LEADER_LEASE_SECONDS must be at most 21/],
    ["PUBLIC_URL", "letterbot.example.com", /PUBLIC_URL must be an http:\/\/ or https:\/\/ address/],
    ["PUBLIC_URL", "javascript:alert(1)", /PUBLIC_URL must be an http:\/\/ or https:\/\/ address/],
    ["PUBLIC_URL", "ftp://files.example.com", /PUBLIC_URL must be an http:\/\/ or https:\/\/ address/],
    ["PUBLIC_URL", "https://ann:hunter2@bot.example.com", /PUBLIC_URL .*no user name or password/],
    ["PUBLIC_URL", "https://bot.example.com/?ref=chat", /PUBLIC_URL must not have a query/],
    [
      "FEEDBACK_STORE_TEXT",
      "yes please",
      /FEEDBACK_STORE_TEXT must be true or false: use FEEDBACK_STORE_TEXT=true/,
    ],
  ])("refuses %s=%s, naming the variable and the fix but not the value", (name, value, message) => {
    let error: unknown;
    try {
      loadServiceConfig({ [name]: value });
    } catch (err) {
      error = err;
    }
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain(`=${value}`);
    expect((error as Error).message).not.toContain(`"${value}"`);
  });
});
