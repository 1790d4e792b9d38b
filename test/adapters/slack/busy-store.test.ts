/**
 * The Slack adapter over a SQLite store whose database another process holds locked: real signed
 * requests to the real Bolt app, the Web API and response URLs intercepted. Slack gets its
 * acknowledgement in time, questions are answered, and the event loop never stalls.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { SlackAdapter } from "../../../src/adapters/slack/app.js";
import { BUSY_DEADLINE_MS } from "../../../src/adapters/store/busy.js";
import { openSqliteStore } from "../../../src/adapters/store/sqlite.js";
import { createDaily, type Store, silentLogger } from "../../../src/core/index.js";
import { type HeldLock, holdLock } from "../../fakes/sqlite/lock.js";
import { article, makeBot } from "../../helpers.js";
import { fixture } from "./fixtures.js";
import {
  API_ORIGIN,
  commandBody,
  mockPostMessage,
  mockResponseUrl,
  post,
  type Responded,
  type SentMessage,
  signedHeaders,
  startTestSlack,
} from "./harness.js";

/** Longest the event loop may stall, in ms, on a slow and busy machine; a store try blocks it 20 ms at most. */
const LOOP_STALL_BOUND_MS = 400;

const opened: { adapter?: SlackAdapter; store?: Store; lock?: HeldLock } = {};

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
});
afterAll(() => nock.enableNetConnect());
afterEach(async () => {
  await opened.lock?.release();
  await opened.adapter?.stop();
  await opened.store?.close();
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

/** A SQLite store on a fresh file, with daily quotes over it, and the file locked by another process. */
async function lockedStore() {
  const file = join(mkdtempSync(join(tmpdir(), "letterbot-slack-busy-")), "letterbot.sqlite");
  const store = openSqliteStore(file);
  opened.store = store;
  const daily = createDaily({ article, store, logger: silentLogger, defaultTimeZone: "UTC" });
  const lock = await holdLock(file);
  opened.lock = lock;
  return { store, daily, lock };
}

async function stallMonitor() {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  // The monitor counts stalls only once its own timer has started.
  await new Promise((resolve) => setTimeout(resolve, 50));
  return () => {
    delay.disable();
    return delay.max / 1e6;
  };
}

describe("Slack while another process holds the database locked", () => {
  it("acknowledges /letter daily on within Slack's 3 s, then answers through the response URL once the lock is gone", async () => {
    const { store, daily, lock } = await lockedStore();
    const adapter = await startTestSlack(makeBot({ daily: daily.commands }));
    opened.adapter = adapter;
    nock(API_ORIGIN)
      .post("/api/conversations.info")
      .reply(200, { ok: true, channel: { id: "C0FAKE001", is_member: true } });
    const responded: Responded[] = [];
    mockResponseUrl("/commands/T0FAKE001/1111111111/fakeResponseUrlToken", responded);
    const stall = await stallMonitor();
    const body = commandBody({
      ...fixture<Record<string, string>>("slash-command"),
      text: "daily on 09:00 UTC",
    });
    const started = performance.now();
    const ack = await post(adapter.port ?? 0, body, signedHeaders(body, "application/x-www-form-urlencoded"));
    const ackMs = performance.now() - started;
    expect(ack.status).toBe(200);
    expect(ack.body).toBe("");
    expect(ackMs).toBeLessThan(3_000);
    expect(responded).toEqual([]);
    await lock.release();
    for (const end = Date.now() + 5_000; responded.length === 0 && Date.now() < end; ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(stall()).toBeLessThan(LOOP_STALL_BOUND_MS);
    expect(responded).toHaveLength(1);
    expect(responded[0]).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(responded[0]?.text).toContain(
      "Daily quotes are on for this channel: one quote a day at 09:00 (UTC)",
    );
    expect(await store.listSubscriptions()).toHaveLength(1);
  });

  it("answers two mentions while the lock is held, and still records their event ids once it is gone", async () => {
    const { store, lock } = await lockedStore();
    const adapter = await startTestSlack(makeBot(), undefined, { store });
    opened.adapter = adapter;
    const sent: SentMessage[] = [];
    mockPostMessage(sent);
    mockPostMessage(sent);
    const stall = await stallMonitor();
    const started = performance.now();
    for (const [id, text] of [
      ["Ev0BUSY001", "<@U0FAKEBOT> demands 1"],
      ["Ev0BUSY002", "<@U0FAKEBOT> demands 2"],
    ] as const) {
      const event = fixture<Record<string, unknown> & { event: Record<string, unknown> }>("app-mention");
      const body = JSON.stringify({ ...event, event_id: id, event: { ...event.event, text } });
      expect((await post(adapter.port ?? 0, body, signedHeaders(body, "application/json"))).status).toBe(200);
    }
    for (const end = Date.now() + 10_000; sent.length < 2 && Date.now() < end; ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // Answered without waiting for the store to give up on the event ids.
    expect(performance.now() - started).toBeLessThan(BUSY_DEADLINE_MS - 500);
    expect(stall()).toBeLessThan(LOOP_STALL_BOUND_MS);
    expect(sent.map((m) => m.text?.split("\n")[0])).toEqual(["Demand 1 of 3", "Demand 2 of 3"]);
    await lock.release();
    // Given up on by the answer, the store's write went on and was made once the lock was free:
    // a redelivery to another replica would be recognised.
    expect(await store.firstSighting("slack", "Ev0BUSY001", 60_000)).toBe(false);
    expect(await store.firstSighting("slack", "Ev0BUSY002", 60_000)).toBe(false);
  });
});
