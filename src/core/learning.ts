/**
 * Learning from a workspace's readers. When the bot offers its closest matches, the asker can
 * press "This answers it" on one; a 👍 on an answer confirms its first passage too, and a 👎
 * counts against it. A question confirmed for a passage by enough distinct readers of one
 * workspace (or accepted by an operator) becomes a live example question of that passage for that
 * workspace, and the engine reads it beside the article's own examples, at a lower weight.
 *
 * Safe by construction: a button names a stored offer and a place in it, never a passage or a
 * question, so a forged value names nothing; a reader counts once per question and passage
 * however often they press; readers are kept only as salted hashes; one or two readers change
 * nothing anyone else sees; and a learned example cannot make the engine quote where it would
 * not (see `withLearned`).
 */
import { createHmac, randomBytes } from "node:crypto";
import { exampleKey } from "./content/examples.js";
import type {
  Clock,
  ConfirmationResult,
  LearnedRecord,
  LearningStore,
  Offer,
  WorkspaceRef,
} from "./ports.js";
import { type AnswerEngine, type LearnedExamples, NO_LEARNED } from "./search/engine.js";
import type { BotRequest } from "./types.js";

/** How learning is set up: `LEARN_MIN_USERS` and `LEARN_KEEP_DAYS`. */
export interface LearningPolicy {
  /** Distinct readers (net of those against) who must confirm a question before it is live. */
  minUsers: number;
  /** Days a learned example is kept without a new confirmation. */
  keepDays: number;
}

export const DEFAULT_LEARNING_POLICY: LearningPolicy = { minUsers: 3, keepDays: 90 };

/** How long a reply's offer can be confirmed or voted on. */
export const OFFER_TTL_MS = 24 * 60 * 60 * 1000;
/** How often a workspace's learned examples are read again: every replica uses a new one within this. */
export const LEARNED_REFRESH_MS = 60_000;
/** Longest wait for a workspace's learned examples: past it, a question is answered without them. */
const LEARNED_DEADLINE_MS = 1_000;
/** Workspaces whose learned examples are held at once; the least recently read go first. */
const CACHED_WORKSPACES = 1_000;
/** Least time between two deletions of stale learned examples and expired offers by one process. */
const SWEEP_INTERVAL_MS = 60 * 60 * 1000;
/** An offer id: 12 characters of a random 72 bits. */
export const OFFER_ID = /^[A-Za-z0-9_-]{12}$/;

/** Whether a learned example answers questions: accepted, or confirmed by enough readers and not rejected. */
export function isLive(record: LearnedRecord, policy: LearningPolicy): boolean {
  if (record.status === "accepted") return true;
  return record.status === "pending" && record.confirmedBy - record.rejectedBy >= policy.minUsers;
}

/** The key near-identical questions share: letters and digits, in lower case. */
export const poolKey = (question: string) => exampleKey(question);

/** Why a button's offer was refused, for the log; the reader only hears that nothing was done. */
export type OfferRefusal = "unknown" | "other-workspace" | "not-asker" | "no-passage";

export interface Learning {
  readonly policy: LearningPolicy;
  /** The live learned examples of a request's workspace; none when they cannot be read in time. */
  learnedFor(where: WorkspaceRef): Promise<LearnedExamples>;
  /** Stores an offer of `passages` for the request's question; its id, or undefined when it could not be kept. */
  offer(request: BotRequest, question: string, passages: readonly string[]): Promise<string | undefined>;
  /**
   * The offer a pressed button names, and the passage at `index` of it (or the given passage, which
   * must be one of it), for a reader of the same workspace, and only for its asker when `askerOnly`.
   */
  resolve(
    id: string,
    pick: { index: number } | { passage: string },
    request: BotRequest,
    askerOnly: boolean,
  ): Promise<{ ok: true; offer: Offer; passage: string } | { ok: false; reason: OfferRefusal }>;
  /** Counts a reader's vote on an offered passage. */
  confirm(offer: Offer, passage: string, request: BotRequest, vote: 1 | -1): Promise<ConfirmationResult>;
}

export interface LearningOptions {
  engine: AnswerEngine;
  store: LearningStore;
  policy?: LearningPolicy;
  clock: Clock;
  /** Told when the store fails; learning then steps aside and questions are answered without it. */
  onError?: (err: unknown) => void;
}

const workspaceKey = (where: WorkspaceRef) => JSON.stringify([where.platform, where.workspace]);

/** A learning store's failure, said as such in the log. */
const learningFailed = (err: unknown) =>
  new Error(`learning from confirmations failed: ${err instanceof Error ? err.message : String(err)}`, {
    cause: err,
  });

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

export function createLearning(options: LearningOptions): Learning {
  const { engine, store, clock } = options;
  const policy = options.policy ?? DEFAULT_LEARNING_POLICY;
  let salt: Promise<string> | undefined;
  const saltOf = () => {
    salt ??= store.learningSalt().catch((err: unknown) => {
      salt = undefined;
      throw err;
    });
    return salt;
  };
  const hash = async (...parts: string[]) =>
    createHmac("sha256", await saltOf())
      .update(parts.join("\u0000"))
      .digest("base64url")
      .slice(0, 22);
  let sweptAt = Number.NEGATIVE_INFINITY;
  /** Now and then, deletes what has been kept long enough: stale learned examples, expired offers. */
  const sweep = () => {
    const now = clock.now().getTime();
    if (now - sweptAt < SWEEP_INTERVAL_MS) return;
    sweptAt = now;
    const before = new Date(now - policy.keepDays * 24 * 60 * 60 * 1000);
    void store.forgetStaleLearning(before).catch((err: unknown) => options.onError?.(learningFailed(err)));
  };
  const userHash = (request: BotRequest) =>
    hash("user", request.where.platform, request.where.workspace, request.user);

  /** Per workspace, its learned examples and when they were read, or the read under way. */
  const cache = new Map<
    string,
    { learned: LearnedExamples; readAt: number; reading?: Promise<LearnedExamples> }
  >();
  const read = (where: WorkspaceRef): Promise<LearnedExamples> => {
    const key = workspaceKey(where);
    const reading = store
      .learnedRecords(where)
      .then((records) => {
        const live = records.filter((r) => isLive(r, policy) && r.question !== undefined);
        return live.length
          ? engine.learn(live.map((r) => ({ question: r.question as string, passage: r.passage })))
          : NO_LEARNED;
      })
      .catch((err: unknown) => {
        options.onError?.(learningFailed(err));
        // Kept as before until the next read: an outage changes no answers.
        return cache.get(key)?.learned ?? NO_LEARNED;
      })
      .then((learned) => {
        cache.delete(key);
        cache.set(key, { learned, readAt: clock.now().getTime() });
        if (cache.size > CACHED_WORKSPACES) cache.delete(cache.keys().next().value as string);
        return learned;
      });
    const found = cache.get(key);
    cache.set(key, { learned: found?.learned ?? NO_LEARNED, readAt: found?.readAt ?? 0, reading });
    return reading;
  };

  return {
    policy,
    async learnedFor(where) {
      const found = cache.get(workspaceKey(where));
      const fresh = found && clock.now().getTime() - found.readAt < LEARNED_REFRESH_MS;
      if (found && (fresh || found.reading)) return found.learned;
      if (found) {
        // Stale: read again in the background, answering with what was read before.
        void read(where);
        return found.learned;
      }
      try {
        return await withDeadline(read(where), LEARNED_DEADLINE_MS);
      } catch (err) {
        options.onError?.(learningFailed(err));
        return NO_LEARNED;
      }
    },
    async offer(request, question, passages) {
      if (!passages.length) return undefined;
      sweep();
      try {
        const offer: Offer = {
          id: randomBytes(9).toString("base64url"),
          platform: request.where.platform,
          workspace: request.where.workspace,
          asker: await userHash(request),
          question,
          passages: [...passages],
          expiresAt: new Date(clock.now().getTime() + OFFER_TTL_MS),
        };
        await withDeadline(store.saveOffer(offer), LEARNED_DEADLINE_MS);
        return offer.id;
      } catch (err) {
        options.onError?.(learningFailed(err));
        return undefined;
      }
    },
    async resolve(id, pick, request, askerOnly) {
      const offer = OFFER_ID.test(id) ? await store.getOffer(id) : undefined;
      if (!offer || offer.expiresAt.getTime() <= clock.now().getTime())
        return { ok: false, reason: "unknown" };
      const { platform, workspace } = request.where;
      if (offer.platform !== platform || offer.workspace !== workspace)
        return { ok: false, reason: "other-workspace" };
      if (askerOnly && offer.asker !== (await userHash(request))) return { ok: false, reason: "not-asker" };
      const passage =
        "index" in pick ? offer.passages[pick.index] : offer.passages.find((p) => p === pick.passage);
      if (passage === undefined) return { ok: false, reason: "no-passage" };
      return { ok: true, offer, passage };
    },
    async confirm(offer, passage, request, vote) {
      const result = await store.recordConfirmation({
        platform: offer.platform,
        workspace: offer.workspace,
        pool: await hash("question", poolKey(offer.question)),
        question: offer.question,
        passage,
        voter: await userHash(request),
        vote,
        at: clock.now(),
      });
      // Read again at the next question: one that went live here answers at once.
      if (result === "counted") cache.delete(workspaceKey(offer));
      return result;
    },
  };
}
