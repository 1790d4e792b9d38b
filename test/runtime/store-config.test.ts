import { describe, expect, it } from "vitest";
import { isBotError } from "../../src/core/index.js";
import { loadDailyConfig } from "../../src/runtime/daily-config.js";
import { loadStoreConfig, storeSecrets } from "../../src/runtime/store-config.js";

const daily = loadDailyConfig({ DATA_DIR: "/var/lib/letterbot" });

describe("store settings", () => {
  it("keeps state in SQLite under DATA_DIR without DATABASE_URL", () => {
    expect(loadStoreConfig({}, daily)).toEqual({
      kind: "sqlite",
      path: "/var/lib/letterbot/letterbot.sqlite",
    });
    expect(loadStoreConfig({ DATABASE_URL: "  " }, daily).kind).toBe("sqlite");
  });

  it("uses PostgreSQL with DATABASE_URL, naming the database without its password", () => {
    const url = "postgres://letterbot:s3cr%40t@db.internal:5432/letterbot";
    expect(loadStoreConfig({ DATABASE_URL: url }, daily)).toEqual({
      kind: "postgres",
      url,
      name: "letterbot@db.internal:5432/letterbot",
    });
    expect(loadStoreConfig({ DATABASE_URL: "postgresql://db/letterbot" }, daily).kind).toBe("postgres");
    expect(storeSecrets(loadStoreConfig({ DATABASE_URL: url }, daily))).toEqual([url, "s3cr@t"]);
  });

  it.each([
    "mysql://user:pw@db/letterbot",
    "postgres://user:pw@/letterbot",
    "postgres://user:pw@db",
    "not a url with pw",
  ])("refuses %s with a message that names DATABASE_URL and never its value", (value) => {
    let error: unknown;
    try {
      loadStoreConfig({ DATABASE_URL: value }, daily);
    } catch (err) {
      error = err;
    }
    expect(isBotError(error, "config_invalid")).toBe(true);
    expect((error as Error).message).toMatch(
      /^DATABASE_URL is not a PostgreSQL URL: set it to postgres:\/\//,
    );
    expect((error as Error).message).not.toContain("pw");
  });
});
