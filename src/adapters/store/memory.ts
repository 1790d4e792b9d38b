/** letterbot's store in memory, for tests: the same contract as the SQLite and PostgreSQL ones. */

import { randomBytes } from "node:crypto";
import type {
  ChannelRef,
  ClaimRequest,
  FeedbackEvent,
  FeedbackReport,
  Installation,
  LearnedRecord,
  Offer,
  PostRecord,
  Store,
  Subscription,
  ThreadKey,
  ThreadTurnRecord,
} from "../../core/index.js";
import { MAX_UNCONFIRMED_LISTED } from "./rows.js";

const keyOf = (where: ChannelRef) => JSON.stringify([where.platform, where.workspace, where.channel]);
const postKey = (where: ChannelRef, localDate: string) => `${keyOf(where)}@${localDate}`;

/** Creates an empty memory store. Values are copied in and out, as a database would. */
export function createMemoryStore(): Store {
  const subscriptions = new Map<string, Subscription>();
  const posts = new Map<string, PostRecord>();
  const installations = new Map<string, Installation>();
  /** Expiry in ms of each remembered value. */
  const seen = new Map<string, number>();
  const states = new Map<string, { data: string; expiresAt: number }>();
  const leases = new Map<string, { holder: string; expiresAt: number }>();
  const feedback: FeedbackEvent[] = [];
  const threads = new Map<string, { turns: ThreadTurnRecord[]; expiresAt: number }>();
  const threadKeyOf = (key: ThreadKey) => JSON.stringify([keyOf(key), key.thread]);
  let salt: string | undefined;
  const offers = new Map<string, Offer>();
  /** Learned examples by id, and each one's votes by voter. */
  const learned = new Map<
    string,
    { record: Omit<LearnedRecord, "confirmedBy" | "rejectedBy">; pool: string }
  >();
  const votesOn = new Map<string, Map<string, 1 | -1>>();
  const withVotes = (id: string): LearnedRecord => {
    const { record } = learned.get(id) as { record: Omit<LearnedRecord, "confirmedBy" | "rejectedBy"> };
    const votes = [...(votesOn.get(id)?.values() ?? [])];
    return {
      ...copy(record),
      confirmedBy: votes.filter((v) => v === 1).length,
      rejectedBy: votes.filter((v) => v === -1).length,
    };
  };
  const copy = <T>(value: T): T => structuredClone(value);
  const forgetExpired = <T>(map: Map<string, T>, expiry: (value: T) => number, now: number) => {
    for (const [key, value] of map) if (expiry(value) <= now) map.delete(key);
  };

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
    async firstSighting(platform, eventId, ttlMs) {
      const now = Date.now();
      const key = JSON.stringify([platform, eventId]);
      const expiresAt = seen.get(key);
      if (expiresAt !== undefined && expiresAt > now) return false;
      forgetExpired(seen, (e) => e, now);
      seen.set(key, now + ttlMs);
      return true;
    },
    async saveInstallation(installation) {
      installations.set(JSON.stringify([installation.platform, installation.id]), copy(installation));
    },
    async getInstallation(platform, id) {
      const found = installations.get(JSON.stringify([platform, id]));
      return found && copy(found);
    },
    async deleteInstallation(platform, id) {
      return installations.delete(JSON.stringify([platform, id]));
    },
    async saveOAuthState(state, data, ttlMs) {
      const now = Date.now();
      forgetExpired(states, (s) => s.expiresAt, now);
      states.set(state, { data, expiresAt: now + ttlMs });
    },
    async takeOAuthState(state) {
      const found = states.get(state);
      states.delete(state);
      return found && found.expiresAt > Date.now() ? found.data : undefined;
    },
    async acquireLease(name, holder, ttlMs) {
      const now = Date.now();
      const lease = leases.get(name);
      if (lease && lease.holder !== holder && lease.expiresAt > now) return false;
      leases.set(name, { holder, expiresAt: now + ttlMs });
      return true;
    },
    async releaseLease(name, holder) {
      if (leases.get(name)?.holder === holder) leases.delete(name);
    },
    async recordFeedback(event) {
      feedback.push(copy(event));
    },
    async feedbackReport(limit) {
      return reportOf(feedback, limit);
    },
    async forgetFeedback(before) {
      const cutoff = Date.parse(before);
      const kept = feedback.filter((e) => Date.parse(e.at) >= cutoff);
      const forgotten = feedback.length - kept.length;
      feedback.splice(0, feedback.length, ...kept);
      return forgotten;
    },
    async threadTurns(key) {
      forgetExpired(threads, (t) => t.expiresAt, Date.now());
      return copy(threads.get(threadKeyOf(key))?.turns ?? []);
    },
    async addThreadTurn(key, turn, keep, expiresAt) {
      const found = threads.get(threadKeyOf(key));
      const live = found && found.expiresAt > Date.now() ? found.turns : [];
      threads.set(threadKeyOf(key), {
        turns: [...live, copy(turn)].slice(-keep),
        expiresAt: expiresAt.getTime(),
      });
    },
    async learningSalt() {
      salt ??= randomBytes(32).toString("base64url");
      return salt;
    },
    async saveOffer(offer) {
      forgetExpired(offers, (o) => o.expiresAt.getTime(), Date.now());
      offers.set(offer.id, copy(offer));
    },
    async getOffer(id) {
      const found = offers.get(id);
      return found && found.expiresAt.getTime() > Date.now() ? copy(found) : undefined;
    },
    async recordConfirmation(c) {
      const found = [...learned.entries()].find(
        ([, l]) =>
          l.record.platform === c.platform &&
          l.record.workspace === c.workspace &&
          l.pool === c.pool &&
          l.record.passage === c.passage,
      );
      if (!found && c.vote === -1) return "refused";
      if (found?.[1].record.status === "rejected") return "refused";
      const id = found?.[0] ?? randomBytes(6).toString("hex");
      const entry = found?.[1] ?? {
        pool: c.pool,
        record: {
          id,
          platform: c.platform,
          workspace: c.workspace,
          question: c.question,
          passage: c.passage,
          status: "pending" as const,
          touchedAt: c.at,
        },
      };
      const votes = votesOn.get(id) ?? new Map<string, 1 | -1>();
      if (votes.get(c.voter) === c.vote) return "again";
      votes.set(c.voter, c.vote);
      if (c.vote === 1) entry.record = { ...entry.record, touchedAt: c.at };
      learned.set(id, entry);
      votesOn.set(id, votes);
      return "counted";
    },
    async learnedRecords(where) {
      return [...learned.values()]
        .filter(
          (l) =>
            l.record.platform === where.platform &&
            l.record.workspace === where.workspace &&
            l.record.status !== "rejected",
        )
        .map((l) => withVotes(l.record.id));
    },
    async allLearnedRecords(limit) {
      return [...learned.keys()]
        .map(withVotes)
        .sort((a, b) => b.touchedAt.getTime() - a.touchedAt.getTime() || (a.id < b.id ? -1 : 1))
        .slice(0, limit);
    },
    async setLearnedStatus(id, status) {
      const found = learned.get(id);
      if (!found) return false;
      const { question: _question, ...rest } = found.record;
      found.record =
        status === "rejected" ? { ...rest, status } : { ...found.record, status, touchedAt: new Date() };
      return true;
    },
    async forgetLearned(id) {
      votesOn.delete(id);
      return learned.delete(id);
    },
    async forgetStaleLearning(before) {
      forgetExpired(offers, (o) => o.expiresAt.getTime(), Date.now());
      let forgotten = 0;
      for (const [id, l] of learned)
        if (l.record.touchedAt < before) {
          learned.delete(id);
          votesOn.delete(id);
          forgotten++;
        }
      return forgotten;
    },
    async close() {},
  };
}

/** How often a question went unanswered: declined, only a closest match, or voted down. */
const unanswered = (q: { down: number; declined: number; closest: number }) =>
  q.down + q.declined + q.closest;

/** The report of `events`, ordered as the SQL stores order it. */
function reportOf(events: readonly FeedbackEvent[], limit: number): FeedbackReport {
  const totals = { up: 0, down: 0, declined: 0, closest: 0 };
  const passages = new Map<string, { passage: string; up: number; down: number }>();
  const questions = new Map<string, FeedbackReport["questions"][number]>();
  for (const event of events) {
    totals[event.kind]++;
    const question = questions.get(event.question) ?? {
      question: event.question,
      up: 0,
      down: 0,
      declined: 0,
      closest: 0,
    };
    question[event.kind]++;
    // The greatest text, as SQL's MAX picks it, so every store shows the same one.
    if (event.text !== undefined && (question.text === undefined || event.text > question.text)) {
      question.text = event.text;
    }
    questions.set(event.question, question);
    if (event.kind === "declined" || event.kind === "closest") continue;
    for (const id of new Set(event.passages)) {
      const passage = passages.get(id) ?? { passage: id, up: 0, down: 0 };
      passage[event.kind]++;
      passages.set(id, passage);
    }
  }
  const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    totals,
    passages: [...passages.values()]
      .filter((p) => p.down > 0)
      .sort((a, b) => b.down - a.down || a.up - b.up || byCode(a.passage, b.passage))
      .slice(0, limit),
    questions: [...questions.values()]
      .filter((q) => unanswered(q) > 0)
      .sort((a, b) => unanswered(b) - unanswered(a) || byCode(a.question, b.question))
      .slice(0, limit)
      .map(({ text, ...rest }) => ({ ...rest, ...(text !== undefined ? { text } : {}) })),
  };
}
