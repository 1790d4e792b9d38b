import { describe, expect, it } from "vitest";
import type { FeedbackEvent, Installation, Store } from "../../../src/core/index.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A time to live short enough to wait out in a test. */
const SHORT_TTL_MS = 150;
/** Comfortably past `SHORT_TTL_MS`, whichever clock the store uses. */
const PAST_SHORT_TTL_MS = 400;
const HOUR_MS = 3_600_000;

const installation = (id: string, data: string): Installation => ({
  platform: "slack",
  id,
  data,
  updatedAt: "2026-11-26T09:00:00.000Z",
});

const AT = "2026-11-26T09:00:00.000Z";
const vote = (
  kind: FeedbackEvent["kind"],
  question: string,
  passages: string[],
  text?: string,
): FeedbackEvent => ({
  kind,
  question,
  passages,
  platform: "slack",
  at: AT,
  ...(text !== undefined ? { text } : {}),
});

/**
 * What every store keeps besides daily quotes, shared by the processes that open it: event ids,
 * installations, OAuth states and leases. `open` returns a fresh, empty store.
 */
export function describeSharedStateContract(name: string, open: () => Store) {
  describe(`${name} shared state`, () => {
    it("says an event id is new only to its first caller, per platform", async () => {
      const store = open();
      expect(await store.firstSighting("slack", "Ev1", HOUR_MS)).toBe(true);
      expect(await store.firstSighting("slack", "Ev1", HOUR_MS)).toBe(false);
      expect(await store.firstSighting("discord", "Ev1", HOUR_MS)).toBe(true);
      const racing = await Promise.all([1, 2, 3].map(() => store.firstSighting("slack", "Ev2", HOUR_MS)));
      expect(racing.filter(Boolean)).toHaveLength(1);
      await store.close();
    });

    it("forgets an event id once its time to live has passed", async () => {
      const store = open();
      expect(await store.firstSighting("slack", "EvShort", SHORT_TTL_MS)).toBe(true);
      expect(await store.firstSighting("slack", "EvShort", SHORT_TTL_MS)).toBe(false);
      await sleep(PAST_SHORT_TTL_MS);
      expect(await store.firstSighting("slack", "EvShort", HOUR_MS)).toBe(true);
      expect(await store.firstSighting("slack", "EvShort", HOUR_MS)).toBe(false);
      await store.close();
    });

    it("saves, replaces, reads and deletes an installation per platform and workspace", async () => {
      const store = open();
      expect(await store.getInstallation("slack", "T1")).toBeUndefined();
      await store.saveInstallation(installation("T1", '{"v":1}'));
      await store.saveInstallation(installation("T2", '{"v":2}'));
      await store.saveInstallation({
        ...installation("T1", '{"v":3}'),
        updatedAt: "2026-11-27T09:00:00.000Z",
      });
      expect(await store.getInstallation("slack", "T1")).toEqual({
        platform: "slack",
        id: "T1",
        data: '{"v":3}',
        updatedAt: "2026-11-27T09:00:00.000Z",
      });
      expect(await store.getInstallation("discord", "T1")).toBeUndefined();
      expect(await store.deleteInstallation("slack", "T1")).toBe(true);
      expect(await store.deleteInstallation("slack", "T1")).toBe(false);
      expect(await store.getInstallation("slack", "T1")).toBeUndefined();
      expect((await store.getInstallation("slack", "T2"))?.data).toBe('{"v":2}');
      await store.close();
    });

    it("hands an OAuth state to one taker, once, and to nobody once it has expired", async () => {
      const store = open();
      await store.saveOAuthState("s1", '{"scopes":["commands"]}', HOUR_MS);
      const taken = await Promise.all([store.takeOAuthState("s1"), store.takeOAuthState("s1")]);
      expect(taken.filter((t) => t !== undefined)).toEqual(['{"scopes":["commands"]}']);
      expect(await store.takeOAuthState("s1")).toBeUndefined();
      expect(await store.takeOAuthState("never-issued")).toBeUndefined();
      await store.saveOAuthState("s2", "{}", SHORT_TTL_MS);
      await sleep(PAST_SHORT_TTL_MS);
      expect(await store.takeOAuthState("s2")).toBeUndefined();
      await store.close();
    });

    it("lets one holder at a time have a lease, renews it for that holder, and frees it on release", async () => {
      const store = open();
      expect(await store.acquireLease("gateway", "a", HOUR_MS)).toBe(true);
      expect(await store.acquireLease("gateway", "b", HOUR_MS)).toBe(false);
      expect(await store.acquireLease("gateway", "a", HOUR_MS)).toBe(true);
      expect(await store.acquireLease("other", "b", HOUR_MS)).toBe(true);
      await store.releaseLease("gateway", "b");
      expect(await store.acquireLease("gateway", "b", HOUR_MS)).toBe(false);
      await store.releaseLease("gateway", "a");
      expect(await store.acquireLease("gateway", "b", HOUR_MS)).toBe(true);
      const racing = await Promise.all(
        ["x", "y", "z"].map((holder) => store.acquireLease("race", holder, HOUR_MS)),
      );
      expect(racing.filter(Boolean)).toHaveLength(1);
      await store.close();
    });

    it("keeps votes and declined questions, and reports the passages and questions that did worst", async () => {
      const store = open();
      expect(await store.feedbackReport(10)).toEqual({
        totals: { up: 0, down: 0, declined: 0, closest: 0 },
        passages: [],
        questions: [],
      });
      await store.recordFeedback(vote("down", "q1", ["p11.s2", "p9"]));
      await store.recordFeedback(vote("down", "q1", ["p11.s2"], "who wrote it?"));
      await store.recordFeedback(vote("up", "q2", ["p11.s2", "p3"]));
      await store.recordFeedback(vote("down", "q2", ["p9", "p9"]));
      await store.recordFeedback(vote("up", "q3", ["p4"]));
      await store.recordFeedback(vote("declined", "q4", [], "what is the airspeed of a swallow?"));
      await store.recordFeedback(vote("declined", "q4", []));
      await store.recordFeedback(vote("declined", "q5", []));
      await store.recordFeedback(vote("closest", "q6", ["p11.s2"], "how do workers feel?"));
      const report = await store.feedbackReport(10);
      expect(report.totals).toEqual({ up: 2, down: 3, declined: 3, closest: 1 });
      // p9 and p11.s2 have two votes down each; p11.s2 also has one up, so p9 comes first. A
      // passage named twice in one vote counts once; passages with no vote down are not listed.
      expect(report.passages).toEqual([
        { passage: "p9", up: 0, down: 2 },
        { passage: "p11.s2", up: 1, down: 2 },
      ]);
      // A closest match is no vote on its passage, but its question went unanswered.
      expect(report.questions).toEqual([
        { question: "q1", text: "who wrote it?", up: 0, down: 2, declined: 0, closest: 0 },
        {
          question: "q4",
          text: "what is the airspeed of a swallow?",
          up: 0,
          down: 0,
          declined: 2,
          closest: 0,
        },
        { question: "q2", up: 1, down: 1, declined: 0, closest: 0 },
        { question: "q5", up: 0, down: 0, declined: 1, closest: 0 },
        { question: "q6", text: "how do workers feel?", up: 0, down: 0, declined: 0, closest: 1 },
      ]);
      const short = await store.feedbackReport(1);
      expect(short.passages.map((p) => p.passage)).toEqual(["p9"]);
      expect(short.questions.map((q) => q.question)).toEqual(["q1"]);
      expect(short.totals).toEqual(report.totals);
      await store.close();
    });

    it("forgets the feedback given before an instant, and nothing after it", async () => {
      const store = open();
      const at = (iso: string, question: string): FeedbackEvent => ({
        ...vote("down", question, ["p9"]),
        at: iso,
      });
      await store.recordFeedback(at("2026-01-01T10:00:00.000Z", "old"));
      await store.recordFeedback(at("2026-02-28T23:59:59.999Z", "older"));
      await store.recordFeedback(at("2026-03-01T00:00:00.000Z", "kept"));
      expect(await store.forgetFeedback("2026-03-01T00:00:00.000Z")).toBe(2);
      const report = await store.feedbackReport(10);
      expect(report.totals).toEqual({ up: 0, down: 1, declined: 0, closest: 0 });
      expect(report.questions.map((q) => q.question)).toEqual(["kept"]);
      expect(await store.forgetFeedback("2026-03-01T00:00:00.000Z")).toBe(0);
      await store.close();
    });

    it("keeps a thread's last turns, per thread, until they expire", async () => {
      const store = open();
      const thread = { platform: "slack", workspace: "T1", channel: "C1", thread: "1.5" } as const;
      const other = { ...thread, thread: "2.5" };
      const later = () => new Date(Date.now() + HOUR_MS);
      expect(await store.threadTurns(thread)).toEqual([]);
      for (const n of [1, 2, 3, 4])
        await store.addThreadTurn(thread, { question: `q${n}`, quoted: [`p${n}.s1`] }, 3, later());
      await store.addThreadTurn(other, { question: "elsewhere", quoted: [] }, 3, later());
      expect(await store.threadTurns(thread)).toEqual([
        { question: "q2", quoted: ["p2.s1"] },
        { question: "q3", quoted: ["p3.s1"] },
        { question: "q4", quoted: ["p4.s1"] },
      ]);
      expect(await store.threadTurns(other)).toEqual([{ question: "elsewhere", quoted: [] }]);
      // Expired, a thread is gone, and a new turn starts it afresh.
      await store.addThreadTurn(
        other,
        { question: "again", quoted: ["p1.s1"] },
        3,
        new Date(Date.now() + SHORT_TTL_MS),
      );
      await sleep(PAST_SHORT_TTL_MS);
      expect(await store.threadTurns(other)).toEqual([]);
      await store.addThreadTurn(other, { question: "fresh", quoted: [] }, 3, later());
      expect(await store.threadTurns(other)).toEqual([{ question: "fresh", quoted: [] }]);
      await store.close();
    });

    it("keeps one salt, and an offer until it expires", async () => {
      const store = open();
      const salt = await store.learningSalt();
      expect(salt.length).toBeGreaterThanOrEqual(32);
      expect(await store.learningSalt()).toBe(salt);
      const offer = {
        id: "AbC_12-xyz09",
        platform: "slack" as const,
        workspace: "T1",
        asker: "hash-of-asker",
        question: "how do workers feel?",
        passages: ["p11.s3", "p10.s2"],
        expiresAt: new Date(Date.now() + SHORT_TTL_MS),
      };
      await store.saveOffer(offer);
      expect(await store.getOffer(offer.id)).toEqual(offer);
      expect(await store.getOffer("nothing-here")).toBeUndefined();
      await sleep(PAST_SHORT_TTL_MS);
      expect(await store.getOffer(offer.id)).toBeUndefined();
      await store.close();
    });

    it("counts each reader once per question and passage, and keeps learned examples per workspace", async () => {
      const store = open();
      const at = new Date("2026-11-26T09:00:00.000Z");
      const c = (voter: string, vote: 1 | -1 = 1, workspace = "T1", passage = "p10.s2") => ({
        platform: "slack" as const,
        workspace,
        pool: "pool-a",
        question: "how do workers feel?",
        passage,
        voter,
        vote,
        at,
      });
      expect(await store.recordConfirmation(c("u1", -1))).toBe("refused");
      expect(await store.recordConfirmation(c("u1"))).toBe("counted");
      expect(await store.recordConfirmation(c("u1"))).toBe("again");
      expect(await store.recordConfirmation(c("u2"))).toBe("counted");
      expect(await store.recordConfirmation(c("u3", -1))).toBe("counted");
      // A reader may change their mind, once each way.
      expect(await store.recordConfirmation(c("u3", 1))).toBe("counted");
      expect(await store.recordConfirmation(c("u3", -1))).toBe("counted");
      expect(await store.recordConfirmation(c("u1", 1, "T2"))).toBe("counted");
      expect(await store.recordConfirmation(c("u1", 1, "T1", "p11.s3"))).toBe("counted");
      const t1 = await store.learnedRecords({ platform: "slack", workspace: "T1" });
      expect(t1.map((r) => [r.passage, r.confirmedBy, r.rejectedBy, r.status, r.question]).sort()).toEqual([
        ["p10.s2", 2, 1, "pending", "how do workers feel?"],
        ["p11.s3", 1, 0, "pending", "how do workers feel?"],
      ]);
      expect(t1[0]?.id).toMatch(/^[0-9a-f]{12}$/);
      expect(await store.learnedRecords({ platform: "slack", workspace: "T2" })).toHaveLength(1);
      expect(await store.learnedRecords({ platform: "discord", workspace: "T1" })).toEqual([]);
      expect(await store.allLearnedRecords(10)).toHaveLength(3);
      expect(await store.allLearnedRecords(1)).toHaveLength(1);
      await store.close();
    });

    it("accepts, rejects for good (forgetting the question), forgets, and forgets what went stale", async () => {
      const store = open();
      const c = (pool: string, voter: string, at: string) => ({
        platform: "slack" as const,
        workspace: "T1",
        pool,
        question: `question ${pool}`,
        passage: "p10.s2",
        voter,
        vote: 1 as const,
        at: new Date(at),
      });
      await store.recordConfirmation(c("a", "u1", "2026-01-01T00:00:00.000Z"));
      await store.recordConfirmation(c("b", "u1", "2026-01-01T00:00:00.000Z"));
      await store.recordConfirmation(c("c", "u1", "2026-01-01T00:00:00.000Z"));
      await store.recordConfirmation(c("c", "u2", "2026-03-01T00:00:00.000Z"));
      const id = async (pool: string) =>
        (await store.allLearnedRecords(10)).find((r) => r.question === `question ${pool}`)?.id as string;
      const a = await id("a");
      const b = await id("b");
      expect(await store.setLearnedStatus(a, "accepted")).toBe(true);
      expect(await store.setLearnedStatus(b, "rejected")).toBe(true);
      expect(await store.setLearnedStatus("000000000000", "accepted")).toBe(false);
      const records = await store.allLearnedRecords(10);
      expect(records.find((r) => r.id === a)?.status).toBe("accepted");
      const rejected = records.find((r) => r.id === b);
      expect(rejected?.status).toBe("rejected");
      expect(rejected?.question).toBeUndefined();
      // Rejected: nobody's confirmation counts again, and the workspace does not read it.
      expect(await store.recordConfirmation(c("b", "u1", "2026-02-01T00:00:00.000Z"))).toBe("refused");
      expect(await store.recordConfirmation(c("b", "u9", "2026-02-01T00:00:00.000Z"))).toBe("refused");
      const live = await store.learnedRecords({ platform: "slack", workspace: "T1" });
      expect(live.map((r) => r.id)).not.toContain(b);
      // Untouched since before February: gone, votes and all; accepted just now, kept.
      expect(await store.forgetStaleLearning(new Date("2026-02-01T00:00:00.000Z"))).toBe(1);
      expect((await store.allLearnedRecords(10)).map((r) => r.question).sort()).toEqual([
        "question a",
        "question c",
      ]);
      expect(await store.forgetLearned(a)).toBe(true);
      expect(await store.forgetLearned(a)).toBe(false);
      // Forgotten, an example starts again from nothing.
      expect(await store.recordConfirmation(c("a", "u1", "2026-03-02T00:00:00.000Z"))).toBe("counted");
      const again = (await store.allLearnedRecords(10)).find((r) => r.question === "question a");
      expect(again).toMatchObject({ status: "pending", confirmedBy: 1 });
      await store.close();
    });

    it("hands a lease over once its holder stops renewing it", async () => {
      const store = open();
      expect(await store.acquireLease("gateway", "a", SHORT_TTL_MS)).toBe(true);
      expect(await store.acquireLease("gateway", "b", SHORT_TTL_MS)).toBe(false);
      await sleep(PAST_SHORT_TTL_MS);
      expect(await store.acquireLease("gateway", "b", HOUR_MS)).toBe(true);
      expect(await store.acquireLease("gateway", "a", HOUR_MS)).toBe(false);
      await store.close();
    });
  });
}
