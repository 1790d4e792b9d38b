import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { openPostgresStore } from "../../../src/adapters/store/postgres.js";
import { PG_MIGRATIONS } from "../../../src/adapters/store/postgres-migrations.js";
import { isBotError } from "../../../src/core/index.js";
import { DATABASE_URL, dropSchemas, freshDatabaseUrl, lazyPostgresStore } from "../../postgres.js";
import { describeStoreContract } from "./contract.js";
import { describeSharedStateContract } from "./shared-contract.js";

const run = promisify(execFile);
const where = { platform: "slack", workspace: "T1", channel: "C1" } as const;

describe.skipIf(!DATABASE_URL)("PostgreSQL", () => {
  afterAll(dropSchemas);

  describeStoreContract("PostgreSQL", lazyPostgresStore);
  describeSharedStateContract("PostgreSQL", lazyPostgresStore);

  describe("the PostgreSQL store", () => {
    it("migrates once when two replicas open an empty database at the same moment", async () => {
      const url = await freshDatabaseUrl();
      const [a, b] = await Promise.all([openPostgresStore(url), openPostgresStore(url)]);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query("SELECT version FROM letterbot_schema ORDER BY version");
      await client.end();
      expect(rows.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((_, i) => i + 1));
      const claim = { where, localDate: "2026-11-26", passageId: "p9.s1", at: "2026-11-26T09:00:00.000Z" };
      const won = await Promise.all([a.claim(claim), b.claim(claim)]);
      expect(won.filter(Boolean)).toHaveLength(1);
      await Promise.all([a.close(), b.close()]);
    });

    it("keeps its state across a reopen, and refuses a schema written by a newer letterbot", async () => {
      const url = await freshDatabaseUrl();
      const first = await openPostgresStore(url);
      await first.saveSubscription({
        where,
        time: "09:00",
        timeZone: "UTC",
        since: "2026-11-26T08:00:00.000Z",
      });
      await first.close();
      const second = await openPostgresStore(url);
      expect((await second.getSubscription(where))?.time).toBe("09:00");
      await second.close();

      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query("INSERT INTO letterbot_schema (version) VALUES ($1)", [PG_MIGRATIONS.length + 1]);
      await client.end();
      const refused = await openPostgresStore(url).catch((err: unknown) => err);
      expect(isBotError(refused, "store_failed")).toBe(true);
      expect((refused as Error).message).toMatch(/schema version \d+ is newer than this letterbot/);
    });

    it("names the database in its error, never the password, when it cannot log in or connect", async () => {
      const wrong = new URL(DATABASE_URL as string);
      wrong.password = "not-the-password-0123456789";
      const refused = await openPostgresStore(wrong.toString()).catch((err: unknown) => err);
      expect(isBotError(refused, "store_failed")).toBe(true);
      const message = (refused as Error).message;
      expect(message).toContain(`${wrong.username}@${wrong.hostname}:${wrong.port}${wrong.pathname}`);
      expect(message).toContain("password authentication failed");
      expect(message).not.toContain("not-the-password");
      expect(message).not.toContain(new URL(DATABASE_URL as string).password);

      const closed = new URL(DATABASE_URL as string);
      closed.port = "1";
      const unreachable = await openPostgresStore(closed.toString()).catch((err: unknown) => err);
      expect((unreachable as Error).message).toMatch(/Cannot use the PostgreSQL database .*ECONNREFUSED/);
      expect((unreachable as Error).message).not.toContain(closed.password);
    });

    it("gives each day to exactly one of two processes claiming on one database", async () => {
      const url = await freshDatabaseUrl();
      await (await openPostgresStore(url)).close();
      const worker = fileURLToPath(new URL("./claim-worker.ts", import.meta.url));
      const days = 200;
      const outputs = await Promise.all(
        ["a", "b"].map((tag) => run(process.execPath, ["--import", "tsx", worker, url, String(days), tag])),
      );
      const [a, b] = outputs.map((o) => JSON.parse(o.stdout) as string[]);
      expect((a ?? []).length + (b ?? []).length).toBe(days);
      expect(new Set([...(a ?? []), ...(b ?? [])]).size).toBe(days);
    }, 30_000);
  });
});
