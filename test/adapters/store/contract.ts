import { describe, expect, it } from "vitest";
import type { ChannelRef, DailyStore, Subscription } from "../../../src/core/index.js";

const C1: ChannelRef = { platform: "slack", workspace: "T1", channel: "C1" };
const C2: ChannelRef = { platform: "discord", workspace: "G1", channel: "C1" };
const AT = "2026-11-26T09:00:00.000Z";
const LATER = "2026-11-26T09:05:00.000Z";

const subscription = (where: ChannelRef, time = "09:00"): Subscription => ({
  where,
  time,
  timeZone: "Europe/Berlin",
  since: AT,
});

/** The behaviour every daily store must have; `open` returns a fresh, empty store. */
export function describeStoreContract(name: string, open: () => DailyStore) {
  describe(`${name} daily store`, () => {
    it("saves, replaces, lists and removes subscriptions per channel", async () => {
      const store = open();
      expect(await store.getSubscription(C1)).toBeUndefined();
      await store.saveSubscription(subscription(C1));
      await store.saveSubscription(subscription(C2));
      await store.saveSubscription(subscription(C1, "18:30"));
      expect(await store.getSubscription(C1)).toEqual({ ...subscription(C1, "18:30"), paused: undefined });
      expect(
        (await store.listSubscriptions())
          .map((s) => s.where)
          .sort((a, b) => a.platform.localeCompare(b.platform)),
      ).toEqual([C2, C1]);
      expect(await store.removeSubscription(C1)).toBe(true);
      expect(await store.removeSubscription(C1)).toBe(false);
      expect(await store.getSubscription(C1)).toBeUndefined();
      store.close();
    });

    it("pauses a subscription with a reason, and saving it again clears the pause", async () => {
      const store = open();
      await store.pauseSubscription(C1, "gone", LATER);
      expect(await store.getSubscription(C1)).toBeUndefined();
      await store.saveSubscription(subscription(C1));
      await store.pauseSubscription(C1, "The channel no longer exists.", LATER);
      expect((await store.getSubscription(C1))?.paused).toEqual({
        reason: "The channel no longer exists.",
        at: LATER,
      });
      await store.saveSubscription(subscription(C1));
      expect((await store.getSubscription(C1))?.paused).toBeUndefined();
      store.close();
    });

    it("lets exactly one claim of a channel's day succeed", async () => {
      const store = open();
      const request = { where: C1, localDate: "2026-11-26", passageId: "p9.s1", at: AT };
      const results = await Promise.all([
        store.claim(request),
        store.claim(request),
        store.claim({ ...request, passageId: "p10.s1" }),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.getPost(C1, "2026-11-26")).toEqual({
        where: C1,
        localDate: "2026-11-26",
        passageId: "p9.s1",
        status: "claimed",
        attempts: 1,
        attemptedAt: AT,
        resent: false,
        messageId: undefined,
        error: undefined,
        updatedAt: AT,
      });
      expect(await store.claim({ ...request, where: C2 })).toBe(true);
      expect(await store.claim({ ...request, localDate: "2026-11-27" })).toBe(true);
      store.close();
    });

    it("records posted and failed outcomes, and reclaims only a failed row, once", async () => {
      const store = open();
      await store.claim({ where: C1, localDate: "2026-11-26", passageId: "p9.s1", at: AT });
      expect(await store.reclaim(C1, "2026-11-26", 1, LATER)).toBe(false);
      await store.markFailed(C1, "2026-11-26", "Rate limited", LATER);
      expect(await store.getPost(C1, "2026-11-26")).toMatchObject({
        status: "failed",
        error: "Rate limited",
      });
      expect(await store.reclaim(C1, "2026-11-26", 2, LATER)).toBe(false);
      const reclaims = await Promise.all([
        store.reclaim(C1, "2026-11-26", 1, LATER),
        store.reclaim(C1, "2026-11-26", 1, LATER),
      ]);
      expect(reclaims.filter(Boolean)).toHaveLength(1);
      await store.markPosted(C1, "2026-11-26", "1700000000.000100", LATER);
      expect(await store.getPost(C1, "2026-11-26")).toMatchObject({
        status: "posted",
        attempts: 2,
        messageId: "1700000000.000100",
        error: undefined,
        passageId: "p9.s1",
      });
      store.close();
    });

    it("counts a channel's posted and claimed days but not failed ones", async () => {
      const store = open();
      for (const [date, outcome] of [
        ["2026-11-24", "posted"],
        ["2026-11-25", "failed"],
        ["2026-11-26", "claimed"],
      ] as const) {
        await store.claim({ where: C1, localDate: date, passageId: "p9.s1", at: AT });
        if (outcome === "posted") await store.markPosted(C1, date, "m", AT);
        if (outcome === "failed") await store.markFailed(C1, date, "x", AT);
      }
      await store.claim({ where: C2, localDate: "2026-11-26", passageId: "p9.s1", at: AT });
      expect(await store.countPosts(C1)).toBe(2);
      expect(await store.countPosts(C2)).toBe(1);
      expect(await store.countPosts({ ...C1, channel: "other" })).toBe(0);
      store.close();
    });

    it("marks only a claimed row uncertain, keeping when it was attempted", async () => {
      const store = open();
      await store.claim({ where: C1, localDate: "2026-11-26", passageId: "p9.s1", at: AT });
      await store.markUncertain(C1, "2026-11-26", "Slack did not answer within 20 s", LATER);
      expect(await store.getPost(C1, "2026-11-26")).toMatchObject({
        status: "uncertain",
        error: "Slack did not answer within 20 s",
        attemptedAt: AT,
        updatedAt: LATER,
      });
      await store.claim({ where: C1, localDate: "2026-11-27", passageId: "p9.s1", at: AT });
      await store.markPosted(C1, "2026-11-27", "m1", AT);
      await store.markUncertain(C1, "2026-11-27", "late", LATER);
      expect(await store.getPost(C1, "2026-11-27")).toMatchObject({ status: "posted" });
      // An uncertain post may be in the channel: it keeps its place in the rotation.
      expect(await store.countPosts(C1)).toBe(2);
      store.close();
    });

    it("lets one caller resend an unconfirmed post, once", async () => {
      const store = open();
      await store.claim({ where: C1, localDate: "2026-11-26", passageId: "p9.s1", at: AT });
      await store.markUncertain(C1, "2026-11-26", "no answer", AT);
      expect(await store.resend(C1, "2026-11-26", LATER, LATER)).toBe(false);
      const resends = await Promise.all([
        store.resend(C1, "2026-11-26", AT, LATER),
        store.resend(C1, "2026-11-26", AT, LATER),
      ]);
      expect(resends.filter(Boolean)).toHaveLength(1);
      expect(await store.getPost(C1, "2026-11-26")).toMatchObject({
        status: "claimed",
        resent: true,
        attempts: 2,
        attemptedAt: LATER,
      });
      await store.markUncertain(C1, "2026-11-26", "no answer again", LATER);
      expect(await store.resend(C1, "2026-11-26", LATER, LATER)).toBe(false);
      store.close();
    });

    it("tallies confirmed posts apart from unconfirmed ones, newest first", async () => {
      const store = open();
      for (const [date, outcome] of [
        ["2026-11-23", "posted"],
        ["2026-11-24", "uncertain"],
        ["2026-11-25", "failed"],
        ["2026-11-26", "claimed"],
      ] as const) {
        await store.claim({ where: C1, localDate: date, passageId: "p9.s1", at: AT });
        if (outcome === "posted") await store.markPosted(C1, date, "m", AT);
        if (outcome === "failed") await store.markFailed(C1, date, "x", AT);
        if (outcome === "uncertain") await store.markUncertain(C1, date, "no answer", AT);
      }
      const tally = await store.tallyPosts(C1);
      expect(tally.posted).toBe(1);
      expect(tally.unconfirmed.map((p) => [p.localDate, p.status])).toEqual([
        ["2026-11-26", "claimed"],
        ["2026-11-24", "uncertain"],
      ]);
      expect(await store.tallyPosts(C2)).toEqual({ posted: 0, unconfirmed: [] });
      await expect(store.ping()).resolves.toBeUndefined();
      store.close();
    });

    it("keeps the ledger when a subscription is removed", async () => {
      const store = open();
      await store.saveSubscription(subscription(C1));
      await store.claim({ where: C1, localDate: "2026-11-26", passageId: "p9.s1", at: AT });
      await store.removeSubscription(C1);
      expect(await store.countPosts(C1)).toBe(1);
      store.close();
    });
  });
}
