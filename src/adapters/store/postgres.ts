/**
 * letterbot's store in PostgreSQL, for several replicas on several hosts: every piece of shared
 * state (subscriptions and the daily ledger, Slack installations, event ids already answered,
 * OAuth states, leader leases) lives in one database. Each operation is one statement, so the
 * database decides alone who wins a claim, an event id or a lease. Expiry is measured with the
 * server's clock (`now()`), the one clock every replica agrees on.
 */

import { randomBytes } from "node:crypto";
import pg from "pg";
import type { ClaimRequest, ConfirmationResult, FeedbackReport, Store } from "../../core/index.js";
import { BotError, type ChannelRef } from "../../core/index.js";
import { describeDatabaseUrl } from "./database-url.js";
import { createSweepTimer } from "./expiry.js";
import { PG_MIGRATIONS } from "./postgres-migrations.js";
import {
  LEARNED_COLUMNS,
  MAX_UNCONFIRMED_LISTED,
  toInstallation,
  toLearned,
  toOffer,
  toPost,
  toSubscription,
  toTurns,
} from "./rows.js";

/** Connections one process keeps open at most: a bot's queries are short and few at a time. */
export const PG_POOL_SIZE = 10;
/** How long getting a connection may take before the operation fails, in ms. */
export const PG_CONNECT_TIMEOUT_MS = 5_000;
/** Longest one statement may run on the server, in ms. */
export const PG_STATEMENT_TIMEOUT_MS = 10_000;
/** Idle connections are closed after this long, in ms. */
const PG_IDLE_TIMEOUT_MS = 30_000;
/**
 * Key of the advisory lock held while migrating, so replicas starting together migrate once:
 * the others wait, then find nothing left to do. ("lett" in ASCII.)
 */
export const MIGRATION_LOCK_KEY = 0x6c657474;
/** A driver or server error in a few words: its code and message, which never carry the password. */
function reasonOf(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown } | null;
  const message = typeof e?.message === "string" && e.message ? e.message : "unknown error";
  return typeof e?.code === "string" ? `${message} (${e.code})` : message;
}

/** Brings the schema up to date under the migration lock; safe when replicas start together. */
async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    try {
      await client.query(
        `CREATE TABLE IF NOT EXISTS letterbot_schema (
           version integer PRIMARY KEY,
           applied_at timestamptz NOT NULL DEFAULT now()
         )`,
      );
      const result = await client.query<{ version: number | null }>(
        "SELECT max(version) AS version FROM letterbot_schema",
      );
      const version = result.rows[0]?.version ?? 0;
      if (version > PG_MIGRATIONS.length) {
        throw new Error(
          `database schema version ${version} is newer than this letterbot (${PG_MIGRATIONS.length})`,
        );
      }
      for (let v = version; v < PG_MIGRATIONS.length; v++) {
        await client.query("BEGIN");
        try {
          await client.query(PG_MIGRATIONS[v] as string);
          await client.query("INSERT INTO letterbot_schema (version) VALUES ($1)", [v + 1]);
          await client.query("COMMIT");
        } catch (err) {
          await client.query("ROLLBACK").catch(() => {});
          throw err;
        }
      }
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => {});
    }
  } finally {
    client.release();
  }
}

/** A new learned example's id: 12 hex digits, as `npm run feedback -- --accept` takes them. */
const newId = () => randomBytes(6).toString("hex");

/** What `openPostgresStore` takes besides the URL. */
export interface PostgresStoreOptions {
  /** Told about a connection that broke while idle; the pool replaces it on the next query. */
  onIdleError?: (err: unknown) => void;
}

/**
 * Connects to the database at `url` (a `postgres://` URL), migrates it, and returns the store.
 * Throws `BotError("store_failed")` naming the database (without the password) and the reason.
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const pool = new pg.Pool({
    connectionString: url,
    max: PG_POOL_SIZE,
    connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: PG_IDLE_TIMEOUT_MS,
    statement_timeout: PG_STATEMENT_TIMEOUT_MS,
    application_name: "letterbot",
  });
  // Without a listener, a connection dropped by the server while idle would end the process.
  pool.on("error", (err) => options.onIdleError?.(err));
  try {
    await migrate(pool);
  } catch (err) {
    await pool.end().catch(() => {});
    throw new BotError(
      "store_failed",
      `Cannot use the PostgreSQL database ${describeDatabaseUrl(url)} from DATABASE_URL: ${reasonOf(err)}. Check that the server is running and that DATABASE_URL names the right host, port, database, user and password.`,
      { cause: err },
    );
  }

  // Failures become a BotError without the SQL or the values; the cause keeps the driver's error.
  const run = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (err) {
      throw new BotError("store_failed", `The database failed to ${what}: ${reasonOf(err)}.`, { cause: err });
    }
  };
  const query = (text: string, values: unknown[] = []) => pool.query(text, values);
  const key = (where: ChannelRef) => [where.platform, where.workspace, where.channel];
  const whereKey = "platform = $1 AND workspace = $2 AND channel = $3";
  const changed = (result: pg.QueryResult) => (result.rowCount ?? 0) > 0;
  const sweepSeenDue = createSweepTimer();
  const sweepStatesDue = createSweepTimer();
  const sweepThreadsDue = createSweepTimer();
  /** Runs `work` in one transaction on one connection; rolled back if it throws. */
  const transaction = async <T>(work: (q: typeof query) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const result = await work((text, values = []) => client.query(text, values));
      await client.query("COMMIT");
      return result;
    } catch (err) {
      await client.query("ROLLBACK").catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  };
  let closed: Promise<void> | undefined;

  return {
    getSubscription: (where) =>
      run("read a subscription", async () => {
        const { rows } = await query(`SELECT * FROM subscriptions WHERE ${whereKey}`, key(where));
        return rows[0] === undefined ? undefined : toSubscription(rows[0]);
      }),
    listSubscriptions: () =>
      run("list subscriptions", async () => {
        const { rows } = await query("SELECT * FROM subscriptions ORDER BY platform, workspace, channel");
        return rows.map(toSubscription);
      }),
    saveSubscription: (s) =>
      run("save a subscription", async () => {
        await query(
          `INSERT INTO subscriptions (platform, workspace, channel, time, time_zone, since, paused_reason, paused_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (platform, workspace, channel) DO UPDATE SET time = excluded.time,
             time_zone = excluded.time_zone, since = excluded.since,
             paused_reason = excluded.paused_reason, paused_at = excluded.paused_at`,
          [...key(s.where), s.time, s.timeZone, s.since, s.paused?.reason ?? null, s.paused?.at ?? null],
        );
      }),
    removeSubscription: (where) =>
      run("remove a subscription", async () =>
        changed(await query(`DELETE FROM subscriptions WHERE ${whereKey}`, key(where))),
      ),
    pauseSubscription: (where, reason, at) =>
      run("pause a subscription", async () => {
        await query(`UPDATE subscriptions SET paused_reason = $4, paused_at = $5 WHERE ${whereKey}`, [
          ...key(where),
          reason,
          at,
        ]);
      }),
    countPosts: (where) =>
      run("count posts", async () => {
        const { rows } = await query(
          `SELECT count(*)::int AS n FROM posts WHERE ${whereKey} AND status != 'failed'`,
          key(where),
        );
        return Number(rows[0]?.n ?? 0);
      }),
    getPost: (where, localDate) =>
      run("read a post", async () => {
        const { rows } = await query(`SELECT * FROM posts WHERE ${whereKey} AND local_date = $4`, [
          ...key(where),
          localDate,
        ]);
        return rows[0] === undefined ? undefined : toPost(rows[0]);
      }),
    claim: (r: ClaimRequest) =>
      run("claim a post", async () =>
        changed(
          await query(
            `INSERT INTO posts (platform, workspace, channel, local_date, passage_id, status, attempts,
               attempted_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, 'claimed', 1, $6, $6) ON CONFLICT DO NOTHING`,
            [...key(r.where), r.localDate, r.passageId, r.at],
          ),
        ),
      ),
    reclaim: (where, localDate, attempts, at) =>
      run("reclaim a post", async () =>
        changed(
          await query(
            `UPDATE posts SET status = 'claimed', attempts = attempts + 1, attempted_at = $6, updated_at = $6
             WHERE ${whereKey} AND local_date = $4 AND status = 'failed' AND attempts = $5`,
            [...key(where), localDate, attempts, at],
          ),
        ),
      ),
    markPosted: (where, localDate, messageId, at) =>
      run("record a post", async () => {
        await query(
          `UPDATE posts SET status = 'posted', message_id = $5, error = NULL, updated_at = $6
           WHERE ${whereKey} AND local_date = $4`,
          [...key(where), localDate, messageId, at],
        );
      }),
    markFailed: (where, localDate, error, at) =>
      run("record a failed post", async () => {
        await query(
          `UPDATE posts SET status = 'failed', error = $5, updated_at = $6 WHERE ${whereKey} AND local_date = $4`,
          [...key(where), localDate, error, at],
        );
      }),
    markUncertain: (where, localDate, reason, at) =>
      run("record an uncertain post", async () => {
        await query(
          `UPDATE posts SET status = 'uncertain', error = $5, updated_at = $6
           WHERE ${whereKey} AND local_date = $4 AND status = 'claimed'`,
          [...key(where), localDate, reason, at],
        );
      }),
    resend: (where, localDate, attemptedAt, at) =>
      run("claim a post again", async () =>
        changed(
          await query(
            `UPDATE posts SET status = 'claimed', resent = true, attempts = attempts + 1, attempted_at = $6,
               updated_at = $6
             WHERE ${whereKey} AND local_date = $4 AND status IN ('claimed', 'uncertain') AND NOT resent
               AND attempted_at = $5`,
            [...key(where), localDate, attemptedAt, at],
          ),
        ),
      ),
    tallyPosts: (where) =>
      run("count posts", async () => {
        const posted = await query(
          `SELECT count(*)::int AS n FROM posts WHERE ${whereKey} AND status = 'posted'`,
          key(where),
        );
        const unconfirmed = await query(
          `SELECT * FROM posts WHERE ${whereKey} AND status IN ('claimed', 'uncertain')
           ORDER BY local_date DESC LIMIT ${MAX_UNCONFIRMED_LISTED}`,
          key(where),
        );
        return { posted: Number(posted.rows[0]?.n ?? 0), unconfirmed: unconfirmed.rows.map(toPost) };
      }),
    ping: () =>
      run("answer", async () => {
        await query("SELECT 1");
      }),
    firstSighting: (platform, eventId, ttlMs) =>
      run("remember an event", async () => {
        if (sweepSeenDue()) await query("DELETE FROM seen_events WHERE expires_at <= now()");
        // A row whose time has passed counts as absent: the upsert takes it over.
        return changed(
          await query(
            `INSERT INTO seen_events (platform, event_id, expires_at)
             VALUES ($1, $2, now() + $3 * interval '1 millisecond')
             ON CONFLICT (platform, event_id) DO UPDATE SET expires_at = excluded.expires_at
             WHERE seen_events.expires_at <= now()`,
            [platform, eventId, ttlMs],
          ),
        );
      }),
    saveInstallation: (i) =>
      run("save an installation", async () => {
        await query(
          `INSERT INTO installations (platform, id, data, updated_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (platform, id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
          [i.platform, i.id, i.data, i.updatedAt],
        );
      }),
    getInstallation: (platform, id) =>
      run("read an installation", async () => {
        const { rows } = await query("SELECT * FROM installations WHERE platform = $1 AND id = $2", [
          platform,
          id,
        ]);
        return rows[0] === undefined ? undefined : toInstallation(rows[0]);
      }),
    deleteInstallation: (platform, id) =>
      run("delete an installation", async () =>
        changed(await query("DELETE FROM installations WHERE platform = $1 AND id = $2", [platform, id])),
      ),
    saveOAuthState: (state, data, ttlMs) =>
      run("save an install state", async () => {
        if (sweepStatesDue()) await query("DELETE FROM oauth_states WHERE expires_at <= now()");
        await query(
          `INSERT INTO oauth_states (state, data, expires_at)
           VALUES ($1, $2, now() + $3 * interval '1 millisecond')
           ON CONFLICT (state) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at`,
          [state, data, ttlMs],
        );
      }),
    takeOAuthState: (state) =>
      run("check an install state", async () => {
        const { rows } = await query(
          "DELETE FROM oauth_states WHERE state = $1 RETURNING data, expires_at > now() AS live",
          [state],
        );
        const row = rows[0] as { data: string; live: boolean } | undefined;
        return row?.live ? row.data : undefined;
      }),
    acquireLease: (name, holder, ttlMs) =>
      run("take a lease", async () =>
        changed(
          await query(
            `INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, now() + $3 * interval '1 millisecond')
             ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
             WHERE leases.holder = excluded.holder OR leases.expires_at <= now()`,
            [name, holder, ttlMs],
          ),
        ),
      ),
    releaseLease: (name, holder) =>
      run("release a lease", async () => {
        await query("DELETE FROM leases WHERE name = $1 AND holder = $2", [name, holder]);
      }),
    recordFeedback: (e) =>
      run("record feedback", async () => {
        // A passage named twice counts once, as in every store.
        await query(
          "INSERT INTO feedback (kind, question, passages, platform, at, text) VALUES ($1, $2, $3, $4, $5, $6)",
          [e.kind, e.question, [...new Set(e.passages)], e.platform, e.at, e.text ?? null],
        );
      }),
    forgetFeedback: (before) =>
      run("forget feedback", async () => {
        const deleted = await query("DELETE FROM feedback WHERE at < $1", [new Date(before).toISOString()]);
        return deleted.rowCount ?? 0;
      }),
    feedbackReport: (limit) =>
      run("read the feedback", async () => {
        const totals = { up: 0, down: 0, declined: 0, closest: 0 };
        const counted = await query("SELECT kind, count(*)::int AS n FROM feedback GROUP BY kind");
        for (const row of counted.rows as { kind: keyof typeof totals; n: number }[])
          totals[row.kind] = row.n;
        // Ties are broken by code point ("C" collation), as SQLite and the memory store break them.
        const passages = await query(
          `SELECT p AS passage, (count(*) FILTER (WHERE f.kind = 'up'))::int AS up,
             (count(*) FILTER (WHERE f.kind = 'down'))::int AS down
           FROM feedback AS f, unnest(f.passages) AS p
           WHERE f.kind IN ('up', 'down')
           GROUP BY p HAVING count(*) FILTER (WHERE f.kind = 'down') > 0
           ORDER BY down DESC, up ASC, p COLLATE "C" ASC LIMIT $1`,
          [limit],
        );
        const questions = await query(
          `SELECT question, max(text COLLATE "C") AS text,
             (count(*) FILTER (WHERE kind = 'up'))::int AS up,
             (count(*) FILTER (WHERE kind = 'down'))::int AS down,
             (count(*) FILTER (WHERE kind = 'declined'))::int AS declined,
             (count(*) FILTER (WHERE kind = 'closest'))::int AS closest
           FROM feedback GROUP BY question
           HAVING count(*) FILTER (WHERE kind IN ('down', 'declined', 'closest')) > 0
           ORDER BY count(*) FILTER (WHERE kind IN ('down', 'declined', 'closest')) DESC, question COLLATE "C" ASC
           LIMIT $1`,
          [limit],
        );
        return {
          totals,
          passages: passages.rows as FeedbackReport["passages"],
          questions: (
            questions.rows as (FeedbackReport["questions"][number] & { text: string | null })[]
          ).map(({ text, ...row }) => (text === null ? row : { ...row, text })),
        };
      }),
    threadTurns: (k) =>
      run("read a thread", async () => {
        const { rows } = await query(
          `SELECT turns FROM thread_turns
           WHERE platform = $1 AND workspace = $2 AND channel = $3 AND thread = $4 AND expires_at > now()`,
          [k.platform, k.workspace, k.channel, k.thread],
        );
        return rows[0] ? toTurns(rows[0].turns) : [];
      }),
    addThreadTurn: (k, turn, keep, expiresAt) =>
      run("keep a thread", async () => {
        if (sweepThreadsDue()) await query("DELETE FROM thread_turns WHERE expires_at <= now()");
        // One statement: the turn joins the thread's live turns (none once expired), the last `keep` kept.
        await query(
          `INSERT INTO thread_turns (platform, workspace, channel, thread, turns, expires_at)
           VALUES ($1, $2, $3, $4, jsonb_build_array($5::jsonb), $7)
           ON CONFLICT (platform, workspace, channel, thread) DO UPDATE SET
             turns = (
               SELECT coalesce(jsonb_agg(t.turn ORDER BY t.at), '[]'::jsonb)
               FROM (
                 SELECT turn, at FROM jsonb_array_elements(
                   CASE WHEN thread_turns.expires_at > now() THEN thread_turns.turns ELSE '[]'::jsonb END
                     || excluded.turns
                 ) WITH ORDINALITY AS e(turn, at)
                 ORDER BY at DESC LIMIT $6
               ) AS t
             ),
             expires_at = excluded.expires_at`,
          [k.platform, k.workspace, k.channel, k.thread, JSON.stringify(turn), keep, expiresAt],
        );
      }),
    learningSalt: () =>
      run("read the learning salt", async () => {
        await query("INSERT INTO learning_salt (id, salt) VALUES (1, $1) ON CONFLICT DO NOTHING", [
          randomBytes(32).toString("base64url"),
        ]);
        const { rows } = await query("SELECT salt FROM learning_salt WHERE id = 1");
        return String(rows[0]?.salt);
      }),
    saveOffer: (o) =>
      run("save an offer", async () => {
        await query(
          `INSERT INTO offers (id, platform, workspace, asker, question, passages, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [o.id, o.platform, o.workspace, o.asker, o.question, o.passages, o.expiresAt],
        );
      }),
    getOffer: (id) =>
      run("read an offer", async () => {
        const { rows } = await query("SELECT * FROM offers WHERE id = $1 AND expires_at > now()", [id]);
        return rows[0] === undefined ? undefined : toOffer(rows[0]);
      }),
    recordConfirmation: (c) =>
      run("record a confirmation", () =>
        transaction(async (q): Promise<ConfirmationResult> => {
          const find = async () =>
            (
              await q(
                `SELECT id, status FROM learned
                 WHERE platform = $1 AND workspace = $2 AND pool = $3 AND passage = $4 FOR UPDATE`,
                [c.platform, c.workspace, c.pool, c.passage],
              )
            ).rows[0] as { id: string; status: string } | undefined;
          let learned = await find();
          if (!learned) {
            if (c.vote === -1) return "refused";
            await q(
              `INSERT INTO learned (id, platform, workspace, pool, passage, question, status, touched_at)
               VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7) ON CONFLICT DO NOTHING`,
              [newId(), c.platform, c.workspace, c.pool, c.passage, c.question, c.at],
            );
            learned = (await find()) as { id: string; status: string };
          }
          if (learned.status === "rejected") return "refused";
          const voted = await q(
            `INSERT INTO learned_votes (learned, voter, vote) VALUES ($1, $2, $3)
             ON CONFLICT (learned, voter) DO UPDATE SET vote = excluded.vote
             WHERE learned_votes.vote != excluded.vote`,
            [learned.id, c.voter, c.vote],
          );
          if (!changed(voted)) return "again";
          if (c.vote === 1)
            await q("UPDATE learned SET touched_at = greatest(touched_at, $1) WHERE id = $2", [
              c.at,
              learned.id,
            ]);
          return "counted";
        }),
      ),
    learnedRecords: (where) =>
      run("read learned examples", async () => {
        const { rows } = await query(
          `SELECT ${LEARNED_COLUMNS} FROM learned AS l
           WHERE l.platform = $1 AND l.workspace = $2 AND l.status != 'rejected' ORDER BY l.id`,
          [where.platform, where.workspace],
        );
        return rows.map(toLearned);
      }),
    allLearnedRecords: (limit) =>
      run("read learned examples", async () => {
        const { rows } = await query(
          `SELECT ${LEARNED_COLUMNS} FROM learned AS l ORDER BY l.touched_at DESC, l.id COLLATE "C" LIMIT $1`,
          [limit],
        );
        return rows.map(toLearned);
      }),
    setLearnedStatus: (id, status) =>
      run("decide on a learned example", async () =>
        changed(
          status === "accepted"
            ? await query("UPDATE learned SET status = 'accepted', touched_at = now() WHERE id = $1", [id])
            : await query("UPDATE learned SET status = 'rejected', question = NULL WHERE id = $1", [id]),
        ),
      ),
    forgetLearned: (id) =>
      run("forget a learned example", async () =>
        changed(await query("DELETE FROM learned WHERE id = $1", [id])),
      ),
    forgetStaleLearning: (before) =>
      run("forget old learned examples", async () => {
        await query("DELETE FROM offers WHERE expires_at <= now()");
        const deleted = await query("DELETE FROM learned WHERE touched_at < $1", [before]);
        return deleted.rowCount ?? 0;
      }),
    close() {
      closed ??= pool.end().catch(() => {});
      return closed;
    },
  };
}
