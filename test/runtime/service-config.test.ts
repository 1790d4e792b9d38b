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
      }),
    ).toEqual({
      healthPort: 9090,
      shutdownGraceSeconds: 20,
      logLevel: "debug",
      logFormat: "pretty",
      leaderLeaseSeconds: 5,
    });
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
