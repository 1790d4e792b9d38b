import { describe, expect, it, vi } from "vitest";
import { createMemoryStore } from "../../src/adapters/store/memory.js";
import {
  type BotRequest,
  type FeedbackEvent,
  questionKey,
  type ReplyAction,
  VOTE_AGAIN,
  VOTE_FAILED,
  VOTE_THANKS,
} from "../../src/core/index.js";
import { makeBot, request } from "../helpers.js";

const AT = new Date("2026-11-26T09:00:00.000Z");
const clock = { now: () => AT };
const slack = (user = "U0READER1"): Partial<BotRequest> => ({
  where: { platform: "slack", workspace: "T1", channel: "C1" },
  user,
});

/** A bot whose feedback goes to a list. */
function recording(options: { feedbackText?: boolean } = {}) {
  const events: FeedbackEvent[] = [];
  const bot = makeBot({
    clock,
    feedback: {
      recordFeedback: async (event) => {
        events.push(event);
      },
    },
    ...options,
  });
  return { bot, events };
}

const voteOf = async (bot: ReturnType<typeof makeBot>, text: string, vote: "up" | "down") => {
  const reply = await bot.handle(request(text, slack()));
  const action = reply.actions?.find((a) => a.kind === "vote" && a.vote === vote);
  if (!action) throw new Error(`no ${vote} vote on the reply to ${text}`);
  return action as Extract<ReplyAction, { kind: "vote" }>;
};

describe("votes", () => {
  it("records a vote with its question key, the quoted passages, the platform and the time, and no user", async () => {
    const { bot, events } = recording();
    const down = await voteOf(bot, "who is palantir?", "down");
    const reply = await bot.act(down, request("", slack("U0SECRETUSER")));
    expect(reply).toMatchObject({ kind: "feedback", visibility: "private", summary: VOTE_THANKS });
    expect(events).toEqual([
      {
        kind: "down",
        question: questionKey("who is palantir?"),
        passages: down.passages,
        platform: "slack",
        at: AT.toISOString(),
      },
    ]);
    expect(down.passages.length).toBeGreaterThan(0);
    expect(JSON.stringify(events)).not.toContain("U0SECRETUSER");
  });

  it("keeps the question's text only when told to", async () => {
    const { bot, events } = recording({ feedbackText: true });
    await bot.act(await voteOf(bot, "who is palantir?", "up"), request("", slack()));
    expect(events[0]).toMatchObject({ kind: "up", text: "who is palantir?" });
  });

  it("counts one vote per person and answer, while another person's vote counts", async () => {
    const { bot, events } = recording();
    const up = await voteOf(bot, "who is palantir?", "up");
    const down = await voteOf(bot, "who is palantir?", "down");
    expect((await bot.act(up, request("", slack("U1")))).summary).toBe(VOTE_THANKS);
    expect((await bot.act(down, request("", slack("U1")))).summary).toBe(VOTE_AGAIN);
    expect((await bot.act(down, request("", slack("U2")))).summary).toBe(VOTE_THANKS);
    expect(events.map((e) => e.kind)).toEqual(["up", "down"]);
  });

  it("says so when a vote cannot be kept, and lets the person vote again", async () => {
    let fail = true;
    const events: FeedbackEvent[] = [];
    const errors: unknown[] = [];
    const bot = makeBot({
      clock,
      onError: (err) => errors.push(err),
      feedback: {
        recordFeedback: async (event) => {
          if (fail) throw new Error("database is down");
          events.push(event);
        },
      },
    });
    const up = await voteOf(bot, "who is palantir?", "up");
    const failed = await bot.act(up, request("", slack()));
    expect(failed).toMatchObject({ kind: "error", visibility: "private", summary: VOTE_FAILED });
    expect(errors).toHaveLength(1);
    fail = false;
    expect((await bot.act(up, request("", slack()))).summary).toBe(VOTE_THANKS);
    expect(events).toHaveLength(1);
  });

  it("groups a question asked with or without ask, in any case, with or without its question mark", () => {
    const key = questionKey("who is palantir?");
    expect(questionKey("ask Who is Palantir")).toBe(key);
    expect(questionKey("  who   is palantir ?? ")).toBe(key);
    expect(questionKey("check who is palantir?")).not.toBe(key);
    expect(questionKey("who is bezos?")).not.toBe(key);
  });
});

describe("declined questions", () => {
  const swallow = "ask what is the airspeed velocity of an unladen swallow?";

  it("records a question the article does not answer, with no passages and no text by default", async () => {
    const { bot, events } = recording();
    const reply = await bot.handle(request(swallow, slack()));
    expect(reply.kind).toBe("not-found");
    await vi.waitFor(() => expect(events).toHaveLength(1));
    expect(events[0]).toEqual({
      kind: "declined",
      question: questionKey(swallow),
      passages: [],
      platform: "slack",
      at: AT.toISOString(),
    });
  });

  it("records a claim the article says nothing about, as the check it was, with its text when told to", async () => {
    const { bot, events } = recording({ feedbackText: true });
    const reply = await bot.handle(
      request("the moon is made of green cheese", { ...slack(), source: "check" }),
    );
    expect(reply.kind).toBe("not-found");
    await vi.waitFor(() => expect(events).toHaveLength(1));
    expect(events[0]).toMatchObject({
      kind: "declined",
      question: questionKey("check the moon is made of green cheese"),
      text: "check the moon is made of green cheese",
    });
  });

  it("records nothing for an answer, a search with no match, or help", async () => {
    const { bot, events } = recording();
    await bot.handle(request("who is palantir?", slack()));
    await bot.handle(request("search zzyzx qqqq", slack()));
    await bot.handle(request("help", slack()));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events).toEqual([]);
  });

  it("answers even when the feedback store fails, and reports the failure", async () => {
    const errors: unknown[] = [];
    const bot = makeBot({
      onError: (err) => errors.push(err),
      feedback: { recordFeedback: () => Promise.reject(new Error("database is down")) },
    });
    expect((await bot.handle(request(swallow, slack()))).kind).toBe("not-found");
    await vi.waitFor(() => expect(errors).toHaveLength(1));
    expect(String(errors[0])).toContain("recording feedback failed: database is down");
  });

  it("reach the report of a real store", async () => {
    const store = createMemoryStore();
    const bot = makeBot({ clock, feedback: store });
    await bot.handle(request(swallow, slack()));
    await bot.handle(request(swallow.replace("ask ", ""), slack()));
    await bot.act(await voteOf(bot, "who is palantir?", "down"), request("", slack()));
    await vi.waitFor(async () => expect((await store.feedbackReport(5)).totals.declined).toBe(2));
    const report = await store.feedbackReport(5);
    expect(report.questions[0]).toEqual({
      question: questionKey(swallow),
      up: 0,
      down: 0,
      declined: 2,
      closest: 0,
    });
    expect(report.totals).toEqual({ up: 0, down: 1, declined: 2, closest: 0 });
    expect(report.passages.length).toBeGreaterThan(0);
  });
});
