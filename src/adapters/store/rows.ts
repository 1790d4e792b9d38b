/**
 * Rows as the SQL stores (SQLite and PostgreSQL) return them, read back with zod into the
 * core's records. The tables have the same columns in both; only how a flag, an instant or a list
 * comes back differs (SQLite's 0 or 1, ms since the epoch and JSON text; PostgreSQL's boolean,
 * timestamptz and array).
 */
import { z } from "zod";
import type {
  Installation,
  LearnedRecord,
  Offer,
  PostRecord,
  Subscription,
  ThreadTurnRecord,
} from "../../core/index.js";

/** Unconfirmed posts `tallyPosts` lists at most, in every store: `daily status` shows the latest few. */
export const MAX_UNCONFIRMED_LISTED = 10;

const PlatformSchema = z.enum(["slack", "discord", "console"]);
/** A flag: PostgreSQL's boolean, or SQLite's integer 0 or 1. */
const Flag = z.union([z.boolean(), z.number().int()]).transform((v) => v === true || v === 1);

const SubscriptionRow = z.object({
  platform: PlatformSchema,
  workspace: z.string(),
  channel: z.string(),
  time: z.string(),
  time_zone: z.string(),
  since: z.string(),
  paused_reason: z.string().nullable(),
  paused_at: z.string().nullable(),
});

const PostRow = z.object({
  platform: PlatformSchema,
  workspace: z.string(),
  channel: z.string(),
  local_date: z.string(),
  passage_id: z.string(),
  status: z.enum(["claimed", "posted", "failed", "uncertain"]),
  attempts: z.number().int(),
  attempted_at: z.string(),
  resent: Flag,
  message_id: z.string().nullable(),
  error: z.string().nullable(),
  updated_at: z.string(),
});

const InstallationRow = z.object({
  platform: PlatformSchema,
  id: z.string(),
  data: z.string(),
  updated_at: z.string(),
});

export function toSubscription(raw: unknown): Subscription {
  const row = SubscriptionRow.parse(raw);
  return {
    where: { platform: row.platform, workspace: row.workspace, channel: row.channel },
    time: row.time,
    timeZone: row.time_zone,
    since: row.since,
    paused:
      row.paused_reason !== null ? { reason: row.paused_reason, at: row.paused_at ?? row.since } : undefined,
  };
}

export function toPost(raw: unknown): PostRecord {
  const row = PostRow.parse(raw);
  return {
    where: { platform: row.platform, workspace: row.workspace, channel: row.channel },
    localDate: row.local_date,
    passageId: row.passage_id,
    status: row.status,
    attempts: row.attempts,
    attemptedAt: row.attempted_at,
    resent: row.resent,
    messageId: row.message_id ?? undefined,
    error: row.error ?? undefined,
    updatedAt: row.updated_at,
  };
}

export function toInstallation(raw: unknown): Installation {
  const row = InstallationRow.parse(raw);
  return { platform: row.platform, id: row.id, data: row.data, updatedAt: row.updated_at };
}

/** An instant: SQLite's ms since the epoch, or PostgreSQL's timestamptz. */
const Instant = z.union([z.number(), z.date()]).transform((v) => new Date(v));
/** A list of strings: SQLite's JSON text, or PostgreSQL's array. */
const Strings = z.union([
  z.array(z.string()),
  z
    .string()
    .transform((v): unknown => JSON.parse(v))
    .pipe(z.array(z.string())),
]);
/** A count, which PostgreSQL may return as text. */
const Count = z.coerce.number().int();

const OfferRow = z.object({
  id: z.string(),
  platform: PlatformSchema,
  workspace: z.string(),
  asker: z.string(),
  question: z.string(),
  passages: Strings,
  expires_at: Instant,
});

const LearnedRow = z.object({
  id: z.string(),
  platform: PlatformSchema,
  workspace: z.string(),
  passage: z.string(),
  question: z.string().nullable(),
  status: z.enum(["pending", "accepted", "rejected"]),
  touched_at: Instant,
  confirmed_by: Count,
  rejected_by: Count,
});

/** A thread's turns: SQLite's JSON text, or PostgreSQL's jsonb. */
const TurnsRow = z
  .union([z.string().transform((v): unknown => JSON.parse(v)), z.array(z.unknown())])
  .pipe(z.array(z.object({ question: z.string(), quoted: z.array(z.string()) })));

export function toOffer(raw: unknown): Offer {
  const row = OfferRow.parse(raw);
  return {
    id: row.id,
    platform: row.platform,
    workspace: row.workspace,
    asker: row.asker,
    question: row.question,
    passages: row.passages,
    expiresAt: row.expires_at,
  };
}

export function toLearned(raw: unknown): LearnedRecord {
  const row = LearnedRow.parse(raw);
  return {
    id: row.id,
    platform: row.platform,
    workspace: row.workspace,
    passage: row.passage,
    ...(row.question !== null ? { question: row.question } : {}),
    status: row.status,
    confirmedBy: row.confirmed_by,
    rejectedBy: row.rejected_by,
    touchedAt: row.touched_at,
  };
}

export function toTurns(raw: unknown): ThreadTurnRecord[] {
  return TurnsRow.parse(raw);
}

/** The columns of a learned example with the count of readers for it and against it. */
export const LEARNED_COLUMNS = `l.id, l.platform, l.workspace, l.passage, l.question, l.status, l.touched_at,
  (SELECT count(*) FROM learned_votes AS v WHERE v.learned = l.id AND v.vote = 1) AS confirmed_by,
  (SELECT count(*) FROM learned_votes AS v WHERE v.learned = l.id AND v.vote = -1) AS rejected_by`;
