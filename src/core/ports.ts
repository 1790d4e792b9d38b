/**
 * The few interfaces through which the core reaches the outside world. Adapters and the
 * composition root (`src/main.ts`) implement them; tests pass memory or fake versions.
 */
import type { DailyStore } from "./daily/store.js";
import type { BotReply, BotRequest, ChannelRef, Platform } from "./types.js";

/** Tells the time. Injected so that tests control it. */
export interface Clock {
  /** The current instant. */
  now(): Date;
}

/** The system clock. */
export const systemClock: Clock = { now: () => new Date() };

/** Structured logging. Implementations must never print secrets. */
export interface Logger {
  /** Routine events worth keeping (started, posted). */
  info(message: string, fields?: Record<string, unknown>): void;
  /** Something went wrong but the bot carries on. */
  warn(message: string, fields?: Record<string, unknown>): void;
  /** Something failed; `fields.err` may hold the error. */
  error(message: string, fields?: Record<string, unknown>): void;
}

/** A logger that drops everything (tests, the JSON CLI). */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** The result of a successful post. */
export interface Published {
  /** The platform's id of the posted message (Slack `ts`, Discord message id). */
  messageId: string;
}

/**
 * Posts a reply to a channel unprompted (the daily quote). Implemented by each adapter.
 * Throws `BotError` with code `publish_permanent` when the channel can never be posted to again
 * (deleted, bot removed), `publish_transient` when the platform refused this time and a later
 * attempt may succeed, and `publish_uncertain` when the post may have arrived (a timeout, a
 * server error): the caller must not repeat such a post, or it could appear twice.
 */
export interface Publisher {
  /** The platform whose channels this publisher posts to. */
  readonly platform: Platform;
  /**
   * For how long after an attempt the platform itself recognises a repeat with the same
   * idempotency key and posts nothing new (Discord's message nonce). Absent when it cannot: then a
   * post that may have arrived is never repeated.
   */
  readonly recheckWindowMs?: number;
  /**
   * Posts `reply` to `where`; `idempotencyKey` is stable across retries of the same post. When
   * `signal` aborts (a deadline, shutdown), the publisher stops what it can and rejects with
   * `publish_transient` if nothing was sent.
   */
  publish(where: ChannelRef, reply: BotReply, options: PublishOptions): Promise<Published>;
}

/** How one post is made. */
export interface PublishOptions {
  idempotencyKey: string;
  signal?: AbortSignal | undefined;
}

/**
 * Whether a user's request is answered: `answer` it, send the private `notice` instead (the user
 * is over their rate limit and has not been told in this window), or `drop` it without a word.
 */
export type Admission = { verdict: "answer" } | { verdict: "notice"; reply: BotReply } | { verdict: "drop" };

/** Decides, before any work is done, whether a request from a person is answered (rate limits). */
export interface RequestGate {
  admit(request: BotRequest): Admission;
}

/** A gate that answers everything (tests, the console). */
export const openGate: RequestGate = { admit: () => ({ verdict: "answer" }) };

/**
 * Ids of inbound events that some process has already taken: a platform that redelivers an event
 * (after a timeout, to another replica, after a restart) gets no second answer.
 */
export interface SeenEvents {
  /**
   * Records `eventId` for `ttlMs`; true only for the one caller that sees it first while it is
   * remembered, across every process sharing the store.
   */
  firstSighting(platform: Platform, eventId: string, ttlMs: number): Promise<boolean>;
}

/** An installation of the app in one workspace, kept as the platform's own record. */
export interface Installation {
  platform: Platform;
  /** The workspace (or organization) the app is installed in. */
  id: string;
  /** The platform's installation record as JSON; it holds tokens, so it is never logged. */
  data: string;
  /** ISO instant of the last change. */
  updatedAt: string;
}

/** The installations of the app, one per workspace; written by the install flow, read per request. */
export interface Installations {
  /** Creates or replaces the installation of `installation.id`. */
  saveInstallation(installation: Installation): Promise<void>;
  getInstallation(platform: Platform, id: string): Promise<Installation | undefined>;
  /** False when there was none. */
  deleteInstallation(platform: Platform, id: string): Promise<boolean>;
}

/**
 * The single-use `state` values of an OAuth install flow, shared by every replica: the install
 * page may be served by one and the redirect back by another.
 */
export interface OAuthStates {
  /** Remembers `state` with its `data` for `ttlMs`. */
  saveOAuthState(state: string, data: string, ttlMs: number): Promise<void>;
  /** Forgets `state` and returns its data if it was still valid; only one caller ever gets it. */
  takeOAuthState(state: string): Promise<string | undefined>;
}

/** Named leases with an expiry: how replicas elect the one that does what only one may do. */
export interface Leases {
  /**
   * Takes `name` for `holder` for `ttlMs` when it is free, expired or already `holder`'s (a
   * renewal); true when `holder` holds it now. Expiry is measured on the store's own clock, so
   * replicas on several hosts agree on it.
   */
  acquireLease(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up if `holder` holds it, so another can take it at once. */
  releaseLease(name: string, holder: string): Promise<void>;
}

/**
 * What readers told the bot about its answers: a vote on an answer, or a question it declined
 * ("the article doesn't say"). It never holds who gave it.
 */
export interface FeedbackEvent {
  /** A vote, a question declined, or one answered only with its closest match. */
  kind: "up" | "down" | "declined" | "closest";
  /** The short key of the request (see `questionKey`), so the same question groups without its text. */
  question: string;
  /** Ids of the passages the answer quoted (`p11.s2`); none for a declined question. */
  passages: string[];
  platform: Platform;
  /** ISO instant it was given. */
  at: string;
  /** The request's text, only when the operator chose to keep it (`FEEDBACK_STORE_TEXT=true`). */
  text?: string | undefined;
}

/** Feedback totals for maintainers, worst first (`npm run feedback`). */
export interface FeedbackReport {
  totals: { up: number; down: number; declined: number; closest: number };
  /** Passages with at least one vote down, most votes down first (then fewest up, then id). */
  passages: { passage: string; up: number; down: number }[];
  /**
   * Questions declined, answered only with a closest match, or voted down at least once, most often
   * first (those three together, then key); `text` when some event of the question kept it.
   */
  questions: {
    question: string;
    text?: string | undefined;
    up: number;
    down: number;
    declined: number;
    closest: number;
  }[];
}

/** Where feedback is kept. */
export interface FeedbackStore {
  recordFeedback(event: FeedbackEvent): Promise<void>;
  /** The totals, with at most `limit` passages and `limit` questions. */
  feedbackReport(limit: number): Promise<FeedbackReport>;
  /** Deletes the feedback given before an ISO instant; resolves to how many events went. */
  forgetFeedback(before: string): Promise<number>;
}

/** A thread of a channel: where its follow-ups are read with its earlier questions. */
export interface ThreadKey extends ChannelRef {
  thread: string;
}

/** One earlier exchange of a thread: the question, and the ids of the passages quoted in answer. */
export interface ThreadTurnRecord {
  question: string;
  quoted: string[];
}

/**
 * What a thread needs for its follow-ups, kept so that any replica reads them the same and they
 * outlive a restart: its last few questions and what was quoted for each, until they expire.
 */
export interface ThreadMemory {
  /** A thread's turns, oldest first; none once they have expired. */
  threadTurns(key: ThreadKey): Promise<ThreadTurnRecord[]>;
  /** Adds a turn to a thread, keeping its last `keep` turns until `expiresAt` (the thread's whole memory expires then). */
  addThreadTurn(key: ThreadKey, turn: ThreadTurnRecord, keep: number, expiresAt: Date): Promise<void>;
}

/** A workspace of a platform: where learned examples apply. */
export interface WorkspaceRef {
  platform: Platform;
  workspace: string;
}

/**
 * What the bot offered for a question: the passages a reader may confirm answer it, bound to the
 * question and the workspace, and to the asker (by salted hash), until it expires. A button names
 * an offer and a place in it, never a passage or a question of its own.
 */
export interface Offer extends WorkspaceRef {
  /** Random and unguessable. */
  id: string;
  /** Salted hash of the user who asked. */
  asker: string;
  question: string;
  /** Ids of the passages offered, in the order shown. */
  passages: string[];
  expiresAt: Date;
}

/** A reader's word on a passage for a question: it answers it (1) or it does not (-1). */
export interface Confirmation extends WorkspaceRef {
  /** Salted hash of the question's pooling key: near-identical questions share it. */
  pool: string;
  /** The question as asked, kept while its learned example is pending or live. */
  question: string;
  passage: string;
  /** Salted hash of the reader, never their id. */
  voter: string;
  vote: 1 | -1;
  at: Date;
}

/** What came of a confirmation: counted, already counted (the same vote again), or refused (a rejected example, or a vote against nothing). */
export type ConfirmationResult = "counted" | "again" | "refused";

/** A question confirmed for a passage in a workspace, with the readers' votes on it. */
export interface LearnedRecord extends WorkspaceRef {
  id: string;
  /** The question as first confirmed; gone once rejected. */
  question?: string | undefined;
  passage: string;
  status: "pending" | "accepted" | "rejected";
  /** Distinct readers who confirmed it, and who voted against it. */
  confirmedBy: number;
  rejectedBy: number;
  /** When it was last confirmed or accepted. */
  touchedAt: Date;
}

/**
 * What the bot learns from its readers: offers, confirmations, and the learned examples they
 * make, per workspace. Readers are kept only as salted hashes; a question's text only while its
 * learned example is pending or live, or its offer unexpired.
 */
export interface LearningStore {
  /** The salt of every hash of users and questions, made once and shared by every process. */
  learningSalt(): Promise<string>;
  saveOffer(offer: Offer): Promise<void>;
  /** An offer, while it has not expired. */
  getOffer(id: string): Promise<Offer | undefined>;
  /**
   * Counts a reader's vote for a question's passage, once per reader, question and passage: a
   * first confirmation makes a pending learned example; a vote against one that does not exist,
   * or any vote on a rejected one, is refused.
   */
  recordConfirmation(confirmation: Confirmation): Promise<ConfirmationResult>;
  /** A workspace's learned examples that are not rejected, with their questions. */
  learnedRecords(where: WorkspaceRef): Promise<LearnedRecord[]>;
  /** Every workspace's learned examples, rejected ones too, newest first, at most `limit`. */
  allLearnedRecords(limit: number): Promise<LearnedRecord[]>;
  /** Accepts or rejects one (a rejected one forgets its question); false when there is none. */
  setLearnedStatus(id: string, status: "accepted" | "rejected"): Promise<boolean>;
  /** Deletes one and every vote on it; false when there was none. */
  forgetLearned(id: string): Promise<boolean>;
  /** Deletes learned examples untouched since `before`, and expired offers; resolves to how many examples went. */
  forgetStaleLearning(before: Date): Promise<number>;
}

/** Every piece of state letterbot keeps, shared by all processes that open the same store. */
export interface Store
  extends DailyStore,
    SeenEvents,
    Installations,
    OAuthStates,
    Leases,
    FeedbackStore,
    ThreadMemory,
    LearningStore {
  /** Closes connections; resolves when done. */
  close(): Promise<void>;
}
