/**
 * Rows as the SQL stores (SQLite and PostgreSQL) return them, read back with zod into the
 * core's records. The tables have the same columns in both; only how a flag comes back differs
 * (SQLite's 0 or 1, PostgreSQL's boolean).
 */
import { z } from "zod";
import type { Installation, PostRecord, Subscription } from "../../core/index.js";

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
