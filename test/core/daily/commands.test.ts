import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../../../src/adapters/store/memory.js";
import { createDaily } from "../../../src/core/daily/index.js";
import { type BotReply, type BotRequest, createBot, INVITE_FIRST } from "../../../src/core/index.js";
import {
  channel,
  channelGone,
  fakePublisher,
  fixtureArticle,
  postedText,
  rateLimited,
  testClock,
} from "./fixture.js";

const where = channel("C1");
const request = (text: string): BotRequest => ({ where, user: "U1", source: "command", text });
const text = (reply: BotReply) =>
  reply.blocks.map((b) => ("text" in b ? b.text : b.type === "quote" ? b.quote.text : "")).join("\n");

function setup(now = "2026-11-26T10:00:00Z", defaultTimeZone = "UTC") {
  const clock = testClock(now);
  const store = createMemoryStore();
  const daily = createDaily({ article: fixtureArticle(), store, clock, defaultTimeZone });
  const bot = createBot({ article: fixtureArticle(), daily: daily.commands });
  const publisher = fakePublisher();
  daily.addPublisher(publisher);
  return {
    clock,
    store,
    daily,
    publisher,
    ask: (t: string) => bot.handle(request(t)),
    askAsMember: (t: string) => bot.handle({ ...request(t), canManageChannel: false }),
    askWhereAbsent: (t: string) => bot.handle({ ...request(t), botIsMember: false }),
  };
}

describe("/letter daily", () => {
  it("asks to be invited, and changes nothing, when the bot is not in the channel", async () => {
    const { askWhereAbsent, store } = setup();
    const reply = await askWhereAbsent("daily on 09:00 UTC");
    expect(reply).toMatchObject({ kind: "error", visibility: "private" });
    expect(text(reply)).toBe(INVITE_FIRST);
    expect(text(reply)).toContain("/invite @letterbot");
    expect(await store.listSubscriptions()).toEqual([]);
    // Only turning them on needs the bot there: status, preview and off still answer.
    expect((await askWhereAbsent("daily status")).kind).toBe("daily");
    expect((await askWhereAbsent("daily off")).kind).toBe("daily");
  });

  it("subscribes at 09:00 in the default zone and says when the first quote comes", async () => {
    const { ask, store } = setup("2026-11-26T10:00:00Z", "Europe/Berlin");
    const reply = await ask("daily on");
    expect(reply).toMatchObject({ kind: "daily", visibility: "private" });
    expect(text(reply)).toContain(
      "Daily quotes are on for this channel: one quote a day at 09:00 (Europe/Berlin).",
    );
    expect(text(reply)).toContain("Next: tomorrow, Fri 27 Nov at 09:00 (Europe/Berlin).");
    expect(await store.getSubscription(where)).toMatchObject({ time: "09:00", timeZone: "Europe/Berlin" });
  });

  it("reads 9:30 EST as New York time and shows the zone it chose", async () => {
    const { ask, store } = setup("2026-07-01T10:00:00Z");
    const reply = await ask("daily on 9:30 EST");
    expect(text(reply)).toContain(
      "Daily quotes are on for this channel: one quote a day at 09:30 (America/New_York).",
    );
    expect(text(reply)).toContain('"EST" is read as America/New_York');
    // 10:00 UTC is 06:00 in New York in July: the first quote comes today.
    expect(text(reply)).toContain("Next: today, Wed 1 Jul at 09:30 (America/New_York).");
    expect(await store.getSubscription(where)).toMatchObject({ time: "09:30", timeZone: "America/New_York" });
  });

  it("changes the time and zone when typed again, keeping what is not named", async () => {
    const { ask, store } = setup();
    await ask("daily on 9:00 europe/berlin");
    const reply = await ask("daily on 18:30");
    expect(text(reply)).toContain(
      "Daily quotes changed for this channel: one quote a day at 18:30 (Europe/Berlin).",
    );
    expect(text(reply)).toContain("Next: today, Thu 26 Nov at 18:30 (Europe/Berlin).");
    await ask("daily on America/New_York");
    expect(await store.getSubscription(where)).toMatchObject({ time: "18:30", timeZone: "America/New_York" });
  });

  it("lets only those who may manage the channel turn daily quotes on or off", async () => {
    const { ask, askAsMember, store } = setup();
    await ask("daily on 08:00 Asia/Tokyo");
    const before = await store.getSubscription(where);
    for (const input of ["daily on 10:00", "daily off"]) {
      const reply = await askAsMember(input);
      expect(reply).toMatchObject({ kind: "error", visibility: "private" });
      expect(text(reply)).toContain("Only members who can manage this channel");
    }
    expect(await store.getSubscription(where)).toEqual(before);
    expect((await askAsMember("daily status")).kind).toBe("daily");
    expect((await askAsMember("daily preview")).kind).not.toBe("error");
  });

  it("answers bad input privately, says what is accepted, and changes nothing", async () => {
    const { ask, store } = setup();
    await ask("daily on 08:00 Asia/Tokyo");
    const before = await store.getSubscription(where);
    for (const [input, expected] of [
      ["daily on 25:00", "24-hour HH:MM"],
      ["daily on 9pm", "24-hour HH:MM"],
      ["daily on Mars/Olympus", "Europe/Berlin"],
      ["daily maybe", "/letter daily on [HH:MM] [time zone]"],
    ] as const) {
      const reply = await ask(input);
      expect(reply).toMatchObject({ kind: "error", visibility: "private" });
      expect(text(reply)).toContain(expected);
    }
    expect(await store.getSubscription(where)).toEqual(before);
  });

  it("unsubscribes with off, and says so when there was nothing to turn off", async () => {
    const { ask, store } = setup();
    await ask("daily on");
    expect(text(await ask("daily off"))).toBe("Daily quotes are off for this channel.");
    expect(await store.getSubscription(where)).toBeUndefined();
    expect(text(await ask("daily off"))).toContain("was not getting daily quotes; nothing changed");
  });

  it("shows status: not subscribed, then subscribed with the next post in local time", async () => {
    const { ask } = setup("2026-11-26T10:00:00Z");
    const none = await ask("daily status");
    expect(none.visibility).toBe("private");
    expect(text(none)).toContain("This channel is not getting daily quotes.");
    await ask("daily on 09:00 Europe/Berlin");
    const status = text(await ask("daily status"));
    expect(status).toContain(
      "Daily quotes are on for this channel: one quote a day at 09:00 (Europe/Berlin).",
    );
    expect(status).toContain("Next: tomorrow, Fri 27 Nov at 09:00 (Europe/Berlin).");
    expect(status).toContain("Quotes posted here so far: 0.");
  });

  it("shows tomorrow as next once today's quote is posted", async () => {
    const { ask, clock, daily } = setup("2026-11-26T08:00:00Z");
    await ask("daily on 09:00 UTC");
    expect(text(await ask("daily status"))).toContain("Next: today, Thu 26 Nov at 09:00 (UTC).");
    clock.set("2026-11-26T09:00:10Z");
    await daily.tick();
    const status = text(await ask("daily status"));
    expect(status).toContain("Next: tomorrow, Fri 27 Nov at 09:00 (UTC).");
    expect(status).toContain("Quotes posted here so far: 1.");
  });

  it("previews privately the very quote the channel gets next", async () => {
    const { ask, clock, daily, publisher } = setup("2026-11-26T08:00:00Z");
    await ask("daily on 09:00 UTC");
    for (const day of ["26", "27", "28"]) {
      const preview = await ask("daily preview");
      expect(preview).toMatchObject({ kind: "daily", visibility: "private" });
      clock.set(`2026-11-${day}T09:00:05Z`);
      await daily.tick();
      const posted = publisher.posts.at(-1);
      expect(posted && postedText(posted.reply)).toBe(postedText(preview));
    }
    expect(publisher.posts).toHaveLength(3);
  });

  it("keeps an unchanged subscription as it was when on is typed again", async () => {
    const { ask, clock, store } = setup("2026-11-26T08:00:00Z");
    await ask("daily on 09:00 UTC");
    const before = await store.getSubscription(where);
    clock.set("2026-11-26T08:30:00Z");
    const reply = await ask("daily on 9:00 utc");
    expect(text(reply)).toContain(
      "Daily quotes were already on for this channel: one quote a day at 09:00 (UTC).",
    );
    expect(await store.getSubscription(where)).toEqual(before);
  });

  it("previews the quote a failed post will retry, and that quote is what gets posted", async () => {
    const { ask, clock, daily, publisher } = setup("2026-11-26T08:00:00Z");
    await ask("daily on 09:00 UTC");
    publisher.failures.push(rateLimited());
    clock.set("2026-11-26T09:00:00Z");
    const failed = await daily.tick();
    expect(failed.posts).toMatchObject([{ outcome: "failed" }]);
    const preview = await ask("daily preview");
    expect(text(preview)).toContain(
      "This channel gets it any minute now (due today, Thu 26 Nov at 09:00 (UTC)).",
    );
    clock.set("2026-11-26T09:02:00Z");
    await daily.tick();
    const [post] = publisher.posts;
    expect(post && postedText(post.reply)).toBe(postedText(preview));
  });

  it("previews for an unsubscribed channel and says it is not subscribed", async () => {
    const { ask } = setup();
    const preview = await ask("daily preview");
    expect(preview.blocks.some((b) => b.type === "quote")).toBe(true);
    expect(text(preview)).toContain("not getting daily quotes");
  });

  it("says a paused channel is paused and why, and daily on resumes it", async () => {
    const { ask, clock, daily, publisher, store } = setup("2026-11-26T08:00:00Z");
    await ask("daily on 09:00 UTC");
    publisher.failures.push(channelGone());
    clock.set("2026-11-26T09:00:05Z");
    await daily.tick();
    const status = text(await ask("daily status"));
    expect(status).toContain("paused in this channel since 2026-11-26: The channel no longer exists.");
    expect(status).toContain("/letter daily on");
    const resumed = await ask("daily on");
    expect(text(resumed)).toContain(
      "Daily quotes are back on for this channel: one quote a day at 09:00 (UTC).",
    );
    expect((await store.getSubscription(where))?.paused).toBeUndefined();
  });

  it("replies with a private error and changes nothing when the store fails", async () => {
    const { ask, store } = setup();
    store.saveSubscription = async () => {
      throw new Error("disk full");
    };
    const reply = await ask("daily on");
    expect(reply).toMatchObject({ kind: "error", visibility: "private" });
    expect(text(reply)).toContain("unavailable right now");
    expect(await store.getSubscription(where)).toBeUndefined();
  });
});
