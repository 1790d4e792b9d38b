/** A daily-quote store in memory, for tests and the console: same contract as the SQLite one. */

import type { ChannelRef, ClaimRequest, DailyStore, PostRecord, Subscription } from "../../core/index.js";

/** Unconfirmed posts `tallyPosts` lists at most, as in the SQLite store. */
const MAX_UNCONFIRMED_LISTED = 10;

const keyOf = (where: ChannelRef) => JSON.stringify([where.platform, where.workspace, where.channel]);
const postKey = (where: ChannelRef, localDate: string) => `${keyOf(where)}@${localDate}`;

/** Creates an empty memory store. Values are copied in and out, as a database would. */
export function createMemoryStore(): DailyStore {
  const subscriptions = new Map<string, Subscription>();
  const posts = new Map<string, PostRecord>();
  const copy = <T>(value: T): T => structuredClone(value);

  const update = (where: ChannelRef, localDate: string, change: Partial<PostRecord>) => {
    const record = posts.get(postKey(where, localDate));
    if (record) posts.set(postKey(where, localDate), { ...record, ...change });
  };

  return {
    async getSubscription(where) {
      const found = subscriptions.get(keyOf(where));
      return found && copy(found);
    },
    async listSubscriptions() {
      return [...subscriptions.values()].map(copy);
    },
    async saveSubscription(subscription) {
      subscriptions.set(keyOf(subscription.where), copy(subscription));
    },
    async removeSubscription(where) {
      return subscriptions.delete(keyOf(where));
    },
    async pauseSubscription(where, reason, at) {
      const found = subscriptions.get(keyOf(where));
      if (found) subscriptions.set(keyOf(where), { ...found, paused: { reason, at } });
    },
    async countPosts(where) {
      const key = keyOf(where);
      return [...posts.values()].filter((p) => keyOf(p.where) === key && p.status !== "failed").length;
    },
    async getPost(where, localDate) {
      const found = posts.get(postKey(where, localDate));
      return found && copy(found);
    },
    async claim(request: ClaimRequest) {
      const key = postKey(request.where, request.localDate);
      if (posts.has(key)) return false;
      const { where, localDate, passageId, at } = request;
      posts.set(key, {
        where: copy(where),
        localDate,
        passageId,
        status: "claimed",
        attempts: 1,
        attemptedAt: at,
        resent: false,
        updatedAt: at,
      });
      return true;
    },
    async reclaim(where, localDate, attempts, at) {
      const record = posts.get(postKey(where, localDate));
      if (record?.status !== "failed" || record.attempts !== attempts) return false;
      update(where, localDate, { status: "claimed", attempts: attempts + 1, attemptedAt: at, updatedAt: at });
      return true;
    },
    async markUncertain(where, localDate, reason, at) {
      if (posts.get(postKey(where, localDate))?.status !== "claimed") return;
      update(where, localDate, { status: "uncertain", error: reason, updatedAt: at });
    },
    async resend(where, localDate, attemptedAt, at) {
      const record = posts.get(postKey(where, localDate));
      const unconfirmed = record?.status === "claimed" || record?.status === "uncertain";
      if (!record || !unconfirmed || record.resent || record.attemptedAt !== attemptedAt) return false;
      update(where, localDate, {
        status: "claimed",
        resent: true,
        attempts: record.attempts + 1,
        attemptedAt: at,
        updatedAt: at,
      });
      return true;
    },
    async tallyPosts(where) {
      const key = keyOf(where);
      const mine = [...posts.values()].filter((p) => keyOf(p.where) === key);
      return {
        posted: mine.filter((p) => p.status === "posted").length,
        unconfirmed: mine
          .filter((p) => p.status === "claimed" || p.status === "uncertain")
          .sort((a, b) => b.localDate.localeCompare(a.localDate))
          .slice(0, MAX_UNCONFIRMED_LISTED)
          .map(copy),
      };
    },
    async ping() {},
    async markPosted(where, localDate, messageId, at) {
      update(where, localDate, { status: "posted", messageId, error: undefined, updatedAt: at });
    },
    async markFailed(where, localDate, error, at) {
      update(where, localDate, { status: "failed", error, updatedAt: at });
    },
    close() {},
  };
}
