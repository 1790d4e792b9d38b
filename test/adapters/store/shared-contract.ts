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
        totals: { up: 0, down: 0, declined: 0 },
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
      const report = await store.feedbackReport(10);
      expect(report.totals).toEqual({ up: 2, down: 3, declined: 3 });
      // p9 and p11.s2 have two votes down each; p11.s2 also has one up, so p9 comes first. A
      // passage named twice in one vote counts once; passages with no vote down are not listed.
      expect(report.passages).toEqual([
        { passage: "p9", up: 0, down: 2 },
        { passage: "p11.s2", up: 1, down: 2 },
      ]);
      expect(report.questions).toEqual([
        { question: "q1", text: "who wrote it?", up: 0, down: 2, declined: 0 },
        { question: "q4", text: "what is the airspeed of a swallow?", up: 0, down: 0, declined: 2 },
        { question: "q2", up: 1, down: 1, declined: 0 },
        { question: "q5", up: 0, down: 0, declined: 1 },
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
      expect(report.totals).toEqual({ up: 0, down: 1, declined: 0 });
      expect(report.questions.map((q) => q.question)).toEqual(["kept"]);
      expect(await store.forgetFeedback("2026-03-01T00:00:00.000Z")).toBe(0);
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
