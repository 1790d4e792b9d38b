/**
 * The Discord adapter over a SQLite store whose database another process holds locked: the real
 * discord.js client against the fake Discord. `/letter daily on` is deferred within Discord's 3 s
 * (the event loop is free to send the deferral), and its answer edited in once the lock is gone.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterEach, describe, expect, it } from "vitest";
import { type DiscordAdapter, startDiscord } from "../../../src/adapters/discord/index.js";
import { openSqliteStore } from "../../../src/adapters/store/sqlite.js";
import { createDaily, type Store, silentLogger } from "../../../src/core/index.js";
import { FakeDiscord } from "../../fakes/discord/server.js";
import { type HeldLock, holdLock } from "../../fakes/sqlite/lock.js";
import {
  APPLICATION_ID,
  BOT_ID,
  CHANNEL_ID,
  dailySubcommand,
  GUILD_ID,
  MODERATOR_PERMISSIONS,
  slashInteraction,
  TOKEN,
} from "../../fixtures/discord/events.js";
import { article, makeBot } from "../../helpers.js";

/** Longest the event loop may stall, in ms, on a slow and busy machine; a store try blocks it 20 ms at most. */
const LOOP_STALL_BOUND_MS = 400;

const opened: { fake?: FakeDiscord; adapter?: DiscordAdapter; store?: Store; lock?: HeldLock } = {};

afterEach(async () => {
  await opened.lock?.release();
  await opened.adapter?.stop();
  await opened.fake?.close();
  await opened.store?.close();
});

describe("Discord while another process holds the database locked", () => {
  it("defers /letter daily on within 3 s, then edits its answer in once the lock is gone", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "letterbot-discord-busy-")), "letterbot.sqlite");
    const store = openSqliteStore(file);
    opened.store = store;
    const daily = createDaily({ article, store, logger: silentLogger, defaultTimeZone: "UTC" });
    const fake = await FakeDiscord.start({
      token: TOKEN,
      applicationId: APPLICATION_ID,
      botUserId: BOT_ID,
      guilds: [{ id: GUILD_ID, channels: [CHANNEL_ID] }],
    });
    opened.fake = fake;
    opened.adapter = await startDiscord({
      bot: makeBot({ daily: daily.commands }),
      config: { token: TOKEN, applicationId: APPLICATION_ID, apiUrl: fake.apiUrl },
      logger: silentLogger,
    });
    const lock = await holdLock(file);
    opened.lock = lock;

    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    // The monitor counts stalls only once its own timer has started.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const on = slashInteraction(dailySubcommand("on", { time: "09:00", timezone: "UTC" }), {
      permissions: MODERATOR_PERMISSIONS,
    });
    const sent = performance.now();
    fake.dispatch("INTERACTION_CREATE", on);
    const callback = await fake.waitForRequest(
      (r) => r.path === `/interactions/${on.id}/${on.token}/callback`,
    );
    const callbackMs = performance.now() - sent;
    expect(callback.body).toEqual({ type: 5, data: { flags: 64 } });
    expect(callbackMs).toBeLessThan(3_000);

    await lock.release();
    const edit = await fake.waitForRequest(
      (r) => r.method === "PATCH" && r.path === `/webhooks/${APPLICATION_ID}/${on.token}/messages/@original`,
    );
    delay.disable();
    expect(delay.max / 1e6).toBeLessThan(LOOP_STALL_BOUND_MS);
    const embeds = (edit.body as { embeds: { description?: string }[] }).embeds;
    expect(embeds.map((e) => e.description ?? "").join("\n")).toContain(
      "Daily quotes are on for this channel",
    );
    expect(await store.listSubscriptions()).toHaveLength(1);
  });
});
