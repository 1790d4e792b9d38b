import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { isBotError } from "../../src/core/index.js";
import { loadDailyConfig } from "../../src/runtime/daily-config.js";

const failure = (env: Record<string, string>) => {
  try {
    loadDailyConfig(env);
  } catch (err) {
    if (isBotError(err, "config_invalid")) return err.message;
    throw err;
  }
  throw new Error("expected a configuration error");
};

describe("daily configuration", () => {
  it("defaults to ./data, UTC and a 360-minute grace window", () => {
    expect(loadDailyConfig({})).toEqual({
      dataDir: resolve("./data"),
      databasePath: resolve("./data/letterbot.sqlite"),
      defaultTimeZone: "UTC",
      graceMinutes: 360,
      tickSeconds: 20,
    });
  });

  it("reads the variables, canonicalising the zone and treating empty values as unset", () => {
    const config = loadDailyConfig({
      DATA_DIR: "/var/lib/letterbot",
      DEFAULT_TIMEZONE: "europe/berlin",
      DAILY_GRACE_MINUTES: "0",
      DAILY_TICK_SECONDS: "5",
    });
    expect(config).toEqual({
      dataDir: "/var/lib/letterbot",
      databasePath: "/var/lib/letterbot/letterbot.sqlite",
      defaultTimeZone: "Europe/Berlin",
      graceMinutes: 0,
      tickSeconds: 5,
    });
    expect(loadDailyConfig({ DEFAULT_TIMEZONE: "", DAILY_GRACE_MINUTES: " " }).graceMinutes).toBe(360);
  });

  it("names the variable and the fix for an unknown time zone, without repeating the value", () => {
    const message = failure({ DEFAULT_TIMEZONE: "Mars/Olympus" });
    expect(message).toContain("DEFAULT_TIMEZONE is not an IANA time zone name");
    expect(message).not.toContain("Mars/Olympus");
    expect(message).toContain("Europe/Berlin");
  });

  it("names the variable and the range for a bad grace window", () => {
    for (const value of ["-5", "abc", "1441", "2.5"]) {
      const message = failure({ DAILY_GRACE_MINUTES: value });
      expect(message).toContain("DAILY_GRACE_MINUTES");
      expect(message).toContain("0 to 1440");
    }
    expect(loadDailyConfig({ DAILY_GRACE_MINUTES: "1440" }).graceMinutes).toBe(1440);
  });

  it("names the variable and the range for a bad tick interval", () => {
    for (const value of ["0", "61", "1.5", "soon"]) {
      const message = failure({ DAILY_TICK_SECONDS: value });
      expect(message).toContain("DAILY_TICK_SECONDS");
      expect(message).toContain("1 to 60");
    }
  });
});
