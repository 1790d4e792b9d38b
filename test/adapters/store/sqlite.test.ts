import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { MIGRATIONS } from "../../../src/adapters/store/migrations.js";
import { openSqliteStore } from "../../../src/adapters/store/sqlite.js";
import { type BotRequest, createDaily, isBotError } from "../../../src/core/index.js";
import { channel, fakePublisher, fixtureArticle, testClock } from "../../core/daily/fixture.js";
import { describeStoreContract } from "./contract.js";
import { describeSharedStateContract } from "./shared-contract.js";

const tempDir = () => mkdtempSync(join(tmpdir(), "letterbot-store-"));
const run = promisify(execFile);

describeStoreContract("SQLite", () => openSqliteStore(join(tempDir(), "daily.sqlite")));
describeSharedStateContract("SQLite", () => openSqliteStore(join(tempDir(), "daily.sqlite")));

describe("the SQLite daily store", () => {
  it("creates its folder and file, in WAL mode, at the latest schema version", () => {
    const file = join(tempDir(), "nested", "data", "letterbot.sqlite");
    openSqliteStore(file).close();
    expect(existsSync(file)).toBe(true);
    const db = new Database(file, { readonly: true });
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("user_version", { simple: true })).toBe(MIGRATIONS.length);
    db.close();
  });

  it("brings a first-version ledger up to date, keeping every row", async () => {
    const file = join(tempDir(), "daily.sqlite");
    const old = new Database(file);
    old.exec(MIGRATIONS[0] as string);
    old.pragma("user_version = 1");
    old
      .prepare(
        `INSERT INTO posts (platform, workspace, channel, local_date, passage_id, status, attempts, updated_at)
         VALUES ('slack', 'T1', 'C1', '2026-11-26', 'p9.s1', 'claimed', 1, '2026-11-26T09:00:00.000Z')`,
      )
      .run();
    old.close();
    const store = openSqliteStore(file);
    const where = channel("C1");
    expect(await store.getPost(where, "2026-11-26")).toMatchObject({
      status: "claimed",
      attemptedAt: "2026-11-26T09:00:00.000Z",
      resent: false,
    });
    await store.markUncertain(where, "2026-11-26", "no answer", "2026-11-26T09:01:00.000Z");
    expect((await store.getPost(where, "2026-11-26"))?.status).toBe("uncertain");
    store.close();
  });

  it("keeps the feedback of a fourth-version database, and counts closest matches after it", async () => {
    const file = join(tempDir(), "daily.sqlite");
    const old = new Database(file);
    for (const migration of MIGRATIONS.slice(0, 4)) old.exec(migration);
    old.pragma("user_version = 4");
    old
      .prepare(
        `INSERT INTO feedback (kind, question, passages, platform, at, text)
         VALUES ('down', 'q1', '["p9"]', 'slack', '2026-11-26T09:00:00.000Z', 'who wrote it?')`,
      )
      .run();
    old.close();
    const store = openSqliteStore(file);
    await store.recordFeedback({
      kind: "closest",
      question: "q2",
      passages: [],
      platform: "slack",
      at: "2026-11-27T09:00:00.000Z",
    });
    const report = await store.feedbackReport(10);
    expect(report.totals).toEqual({ up: 0, down: 1, declined: 0, closest: 1 });
    expect(report.questions[0]).toEqual({
      question: "q1",
      text: "who wrote it?",
      up: 0,
      down: 1,
      declined: 0,
      closest: 0,
    });
    await store.close();
  });

  it("keeps subscriptions and the ledger across a reopen", async () => {
    const file = join(tempDir(), "daily.sqlite");
    const where = channel("C1");
    const first = openSqliteStore(file);
    await first.saveSubscription({
      where,
      time: "09:00",
      timeZone: "UTC",
      since: "2026-11-26T08:00:00.000Z",
    });
    await first.claim({ where, localDate: "2026-11-26", passageId: "p9.s1", at: "2026-11-26T09:00:00.000Z" });
    first.close();
    const second = openSqliteStore(file);
    expect((await second.getSubscription(where))?.time).toBe("09:00");
    expect(await second.claim({ where, localDate: "2026-11-26", passageId: "p9.s1", at: "x" })).toBe(false);
    second.close();
  });

  it("refuses a database written by a newer letterbot, with a clear error", () => {
    const file = join(tempDir(), "daily.sqlite");
    const db = new Database(file);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => openSqliteStore(file)).toThrowError(/Cannot open the daily-quote database/);
  });

  it("reports a path it cannot create as a store error naming the folder and what is in the way", () => {
    const blocker = join(tempDir(), "a-file");
    writeFileSync(blocker, "");
    let caught: unknown;
    try {
      openSqliteStore(join(blocker, "data", "daily.sqlite"));
    } catch (err) {
      caught = err;
    }
    expect(isBotError(caught, "store_failed")).toBe(true);
    expect((caught as Error).message).toBe(
      `Cannot create the database folder ${join(blocker, "data")} (at ${blocker}): a file is in the way. Set DATA_DIR to a writable folder.`,
    );
  });

  it("posts once when two daily instances on one file tick at the same instant", async () => {
    const file = join(tempDir(), "daily.sqlite");
    const article = fixtureArticle();
    const where = channel("C1");
    const instances = [0, 1].map(() => {
      const daily = createDaily({
        article,
        store: openSqliteStore(file),
        clock: testClock("2026-11-26T08:00:00Z"),
      });
      const publisher = fakePublisher();
      daily.addPublisher(publisher);
      return { daily, publisher };
    });
    const request: BotRequest = { where, user: "U1", source: "command", text: "daily on 09:00 UTC" };
    await instances[0]?.daily.commands.handle("on 09:00 UTC", request);
    const now = new Date("2026-11-26T09:00:00Z");
    await Promise.all(instances.map((i) => i.daily.tick(now)));
    await Promise.all(instances.map((i) => i.daily.tick(new Date("2026-11-26T09:00:20Z"))));
    expect(instances.flatMap((i) => i.publisher.posts)).toHaveLength(1);
  });

  it("gives each day to exactly one of two processes claiming on one file", async () => {
    const file = join(tempDir(), "daily.sqlite");
    openSqliteStore(file).close();
    const worker = fileURLToPath(new URL("./claim-worker.ts", import.meta.url));
    const days = 300;
    const outputs = await Promise.all(
      ["a", "b"].map((tag) => run(process.execPath, ["--import", "tsx", worker, file, String(days), tag])),
    );
    const [a, b] = outputs.map((o) => JSON.parse(o.stdout) as string[]);
    expect((a ?? []).length + (b ?? []).length).toBe(days);
    expect(new Set([...(a ?? []), ...(b ?? [])]).size).toBe(days);
  });
});
