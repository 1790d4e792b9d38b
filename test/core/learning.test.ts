import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../../src/adapters/store/memory.js";
import {
  type BotReply,
  type BotRequest,
  CONFIRM_AGAIN,
  CONFIRM_THANKS,
  encodeAction,
  INVALID_ACTION_MESSAGE,
  LEARNED_REFRESH_MS,
  parseAction,
  type ReplyAction,
  type Store,
} from "../../src/core/index.js";
import { article, makeBot, quotesOf, request } from "../helpers.js";

/** A question the article answers only with its closest matches, more than one. */
const QUESTION = "how do workers feel";

/** A clock the test moves. */
const clockAt = (start = Date.now()) => {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
};

const setup = (options: { minUsers?: number; store?: Store; clock?: ReturnType<typeof clockAt> } = {}) => {
  const store = options.store ?? createMemoryStore();
  const clock = options.clock ?? clockAt();
  const errors: unknown[] = [];
  const bot = makeBot({
    learning: { store: store, policy: { minUsers: options.minUsers ?? 3, keepDays: 90 } },
    feedback: store,
    clock,
    onError: (err) => errors.push(err),
  });
  return { bot, store, clock, errors };
};

const asker = (user: string, workspace = "T1"): Partial<BotRequest> => ({
  user,
  where: { platform: "slack", workspace, channel: "C1" },
});
const confirms = (reply: BotReply) =>
  (reply.actions ?? []).filter((a): a is Extract<ReplyAction, { kind: "confirm" }> => a.kind === "confirm");
/** A button as it comes back from the platform: encoded, then read back. */
const pressed = (action: ReplyAction): ReplyAction => {
  const parsed = parseAction(encodeAction(action, 100), article);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.action;
};

describe("is it one of these?", () => {
  it("offers each closest passage with a confirm button naming the offer and its place", async () => {
    const { bot } = setup();
    const reply = await bot.handle(request(`ask ${QUESTION}`, asker("U1")));
    expect(reply.kind).toBe("closest");
    const buttons = confirms(reply);
    expect(buttons.length).toBeGreaterThanOrEqual(2);
    expect(buttons.map((b) => b.pick.index)).toEqual(quotesOf(reply).map((_, i) => i));
    expect(new Set(buttons.map((b) => b.pick.offer)).size).toBe(1);
    // A closest match is confirmed passage by passage, not voted on.
    expect(reply.actions?.some((a) => a.kind === "vote")).toBe(false);
  });

  it("answers the asker privately with the passage they picked, to share or read in context", async () => {
    const { bot } = setup();
    const reply = await bot.handle(request(`ask ${QUESTION}`, asker("U1")));
    const second = confirms(reply)[1] as ReplyAction;
    const picked = await bot.act(pressed(second), request("", asker("U1")));
    expect(picked).toMatchObject({ kind: "answer", visibility: "private" });
    expect(picked.blocks[0]).toEqual({ type: "text", text: CONFIRM_THANKS });
    expect(quotesOf(picked).map((q) => q.id)).toEqual([quotesOf(reply)[1]?.id]);
    expect(picked.actions?.map((a) => a.kind)).toEqual(["share", "context"]);

    const share = picked.actions?.[0] as ReplyAction;
    const shared = await bot.act(pressed(share), request("", asker("U1")), { sharedBy: "ana" });
    expect(shared).toMatchObject({ kind: "answer", visibility: "public", sharedBy: "ana" });
    expect(quotesOf(shared).map((q) => q.id)).toEqual([quotesOf(reply)[1]?.id]);
    expect(shared.blocks[0]).toEqual({ type: "text", text: `“${QUESTION}”` });
  });

  it("counts a reader once however often they press, and learns from three", async () => {
    const { bot } = setup();
    const before = await bot.handle(request(`ask ${QUESTION}`, asker("U9")));
    const target = quotesOf(before)[1]?.id;
    /** U asks, and presses "This answers it" on the second passage `times` times. */
    const confirm = async (user: string, times = 1) => {
      const offered = await bot.handle(request(`ask ${QUESTION}`, asker(user)));
      const button = confirms(offered).find((b) => quotesOf(offered)[b.pick.index]?.id === target);
      const replies: BotReply[] = [];
      for (let i = 0; i < times; i++)
        replies.push(await bot.act(pressed(button as ReplyAction), request("", asker(user))));
      return replies;
    };
    const [first, ...again] = await confirm("U1", 3);
    expect(first?.blocks[0]).toEqual({ type: "text", text: CONFIRM_THANKS });
    for (const reply of again) expect(reply.blocks[0]).toEqual({ type: "text", text: CONFIRM_AGAIN });
    await confirm("U2");
    // Two readers change nothing anyone else sees.
    const stillClosest = await bot.handle(request(`ask ${QUESTION}`, asker("U9")));
    expect(stillClosest.kind).toBe("closest");
    expect(quotesOf(stillClosest).map((q) => q.id)).toEqual(quotesOf(before).map((q) => q.id));

    await confirm("U3");
    const learned = await bot.handle(request(`ask How do workers feel?`, asker("U9")));
    expect(learned).toMatchObject({ kind: "answer", visibility: "public" });
    expect(quotesOf(learned)[0]?.id).toBe(target);
    // Another workspace is unchanged.
    const elsewhere = await bot.handle(request(`ask ${QUESTION}`, asker("U9", "T2")));
    expect(elsewhere.kind).toBe("closest");
  });

  it("refuses a forged, foreign or someone else's button privately, and records nothing", async () => {
    const { bot, store } = setup({ minUsers: 1 });
    const reply = await bot.handle(request(`ask ${QUESTION}`, asker("U1")));
    const [button] = confirms(reply) as [Extract<ReplyAction, { kind: "confirm" }>];
    const forged: ReplyAction[] = [
      { ...button, pick: { ...button.pick, offer: "AAAAAAAAAAAA" } },
      { ...button, pick: { ...button.pick, index: 7 } },
    ];
    for (const action of forged) {
      const refused = await bot.act(pressed(action), request("", asker("U1")));
      expect(refused).toMatchObject({ kind: "error", visibility: "private" });
      expect(refused.summary).toBe(INVALID_ACTION_MESSAGE);
    }
    // The asker's own button, pressed by another reader or in another workspace.
    for (const who of [asker("U2"), asker("U1", "T2")]) {
      expect((await bot.act(pressed(button), request("", who))).summary).toBe(INVALID_ACTION_MESSAGE);
    }
    expect(await store.allLearnedRecords(10)).toEqual([]);
    expect((await bot.handle(request(`ask ${QUESTION}`, asker("U3")))).kind).toBe("closest");
  });

  it("refuses a button whose offer has expired", async () => {
    const clock = clockAt();
    const { bot, store } = setup({ clock, minUsers: 1 });
    const reply = await bot.handle(request(`ask ${QUESTION}`, asker("U1")));
    clock.advance(25 * 60 * 60 * 1000);
    const late = await bot.act(pressed(confirms(reply)[0] as ReplyAction), request("", asker("U1")));
    expect(late.summary).toBe(INVALID_ACTION_MESSAGE);
    expect(await store.allLearnedRecords(10)).toEqual([]);
  });
});

describe("votes on an answer", () => {
  /** A question the bot answers outright. */
  const ANSWERED = "who wrote the letter";

  it("confirm its first passage with 👍 and count against it with 👎, from anyone in the workspace", async () => {
    const { bot, store } = setup({ minUsers: 2 });
    const answer = await bot.handle(request(`ask ${ANSWERED}`, asker("U1")));
    expect(answer.kind).toBe("answer");
    const vote = (kind: "up" | "down") =>
      answer.actions?.find((a) => a.kind === "vote" && a.vote === kind) as ReplyAction;
    expect(vote("up")).toMatchObject({ offer: expect.any(String) });
    await bot.act(pressed(vote("up")), request("", asker("U2")));
    await bot.act(pressed(vote("up")), request("", asker("U3")));
    await bot.act(pressed(vote("down")), request("", asker("U4")));
    const [record] = (await store.allLearnedRecords(10)) ?? [];
    expect(record).toMatchObject({ passage: quotesOf(answer)[0]?.id, confirmedBy: 2, rejectedBy: 1 });
    // The votes are feedback too.
    expect((await store.feedbackReport(5)).totals).toMatchObject({ up: 2, down: 1 });
  });

  it("naming an offer of another workspace, are refused and recorded nowhere", async () => {
    const { bot, store } = setup();
    const answer = await bot.handle(request(`ask ${ANSWERED}`, asker("U1")));
    const up = answer.actions?.find((a) => a.kind === "vote") as ReplyAction;
    const refused = await bot.act(pressed(up), request("", asker("U2", "T2")));
    expect(refused.summary).toBe(INVALID_ACTION_MESSAGE);
    expect((await store.feedbackReport(5)).totals.up).toBe(0);
    expect(await store.allLearnedRecords(10)).toEqual([]);
  });
});

describe("learned examples across replicas", () => {
  it("reach another bot on the same store within a minute", async () => {
    const store = createMemoryStore();
    const clock = clockAt();
    const one = setup({ store, clock, minUsers: 1 });
    const two = setup({ store, clock, minUsers: 1 });
    const before = await two.bot.handle(request(`ask ${QUESTION}`, asker("U9")));
    const offered = await one.bot.handle(request(`ask ${QUESTION}`, asker("U1")));
    await one.bot.act(pressed(confirms(offered)[1] as ReplyAction), request("", asker("U1")));
    // The first bot reads its own confirmation at once; the second within the refresh.
    expect((await one.bot.handle(request(`ask ${QUESTION}`, asker("U9")))).kind).toBe("answer");
    expect((await two.bot.handle(request(`ask ${QUESTION}`, asker("U9")))).kind).toBe(before.kind);
    clock.advance(LEARNED_REFRESH_MS);
    await two.bot.handle(request(`ask ${QUESTION}`, asker("U9")));
    // The refresh runs beside the answer; the next question has it.
    await new Promise((resolve) => setTimeout(resolve, 10));
    const after = await two.bot.handle(request(`ask ${QUESTION}`, asker("U9")));
    expect(after.kind).toBe("answer");
    expect(quotesOf(after)[0]?.id).toBe(quotesOf(offered)[1]?.id);
  });
});

describe("forgetting a learned example", () => {
  it("undoes all it changed, on every bot, within a minute", async () => {
    const clock = clockAt();
    const { bot, store } = setup({ clock, minUsers: 1 });
    const before = await bot.handle(request(`ask ${QUESTION}`, asker("U9")));
    const offered = await bot.handle(request(`ask ${QUESTION}`, asker("U1")));
    await bot.act(pressed(confirms(offered)[1] as ReplyAction), request("", asker("U1")));
    expect((await bot.handle(request(`ask ${QUESTION}`, asker("U9")))).kind).toBe("answer");
    const [record] = await store.allLearnedRecords(5);
    expect(await store.forgetLearned(record?.id as string)).toBe(true);
    clock.advance(LEARNED_REFRESH_MS);
    await bot.handle(request(`ask ${QUESTION}`, asker("U9")));
    await new Promise((resolve) => setTimeout(resolve, 10));
    const after = await bot.handle(request(`ask ${QUESTION}`, asker("U9")));
    expect(after.kind).toBe("closest");
    expect(quotesOf(after).map((q) => q.id)).toEqual(quotesOf(before).map((q) => q.id));
    expect(await store.allLearnedRecords(5)).toEqual([]);
  });
});

describe("with learning off", () => {
  it("offers no confirmation and no offer", async () => {
    const bot = makeBot();
    const reply = await bot.handle(request(`ask ${QUESTION}`, asker("U1")));
    expect(reply.kind).toBe("closest");
    expect(confirms(reply)).toEqual([]);
  });
});
