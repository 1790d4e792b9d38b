/**
 * letterbot's store in SQLite (better-sqlite3), the embedded default. WAL mode lets several
 * processes on one host share one file, and readers never wait for a writer; claims, event ids and
 * leases are single INSERT/UPDATE statements, so exactly one caller wins. A write that meets
 * another process's lock waits for it without blocking the event loop (`busy.ts`). Expiry uses the
 * host's clock, which every process on the file shares.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { z } from "zod";
import type { ClaimRequest, Confirmation, ConfirmationResult, Store } from "../../core/index.js";
import { BotError, type ChannelRef } from "../../core/index.js";
import { BUSY_DEADLINE_MS, BUSY_WAIT_MS, createBusyQueue } from "./busy.js";
import { createSweepTimer } from "./expiry.js";
import { MIGRATIONS } from "./migrations.js";
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

/**
 * How long opening the file waits for another process's lock (a replica migrating the schema at
 * the same moment). Start-up serves nothing yet; from then on a statement waits `BUSY_WAIT_MS`.
 */
export const OPEN_BUSY_TIMEOUT_MS = 5_000;
const FeedbackTotalRow = z.object({
  kind: z.enum(["up", "down", "declined", "closest"]),
  n: z.number().int(),
});
const FeedbackPassageRow = z.object({ passage: z.string(), up: z.number().int(), down: z.number().int() });
const FeedbackQuestionRow = z.object({
  question: z.string(),
  text: z.string().nullable(),
  up: z.number().int(),
  down: z.number().int(),
  declined: z.number().int(),
  closest: z.number().int(),
});

/** Brings the schema up to the latest version; safe when several processes start at once. */
function migrate(db: Database.Database): void {
  // Up to date, as on every start but the first after an upgrade: no write lock is needed, so a
  // process holding one does not keep this one from starting.
  if ((db.pragma("user_version", { simple: true }) as number) === MIGRATIONS.length) return;
  const run = db.transaction(() => {
    const version = db.pragma("user_version", { simple: true }) as number;
    if (version > MIGRATIONS.length) {
      throw new Error(
        `database schema version ${version} is newer than this letterbot (${MIGRATIONS.length})`,
      );
    }
    for (let v = version; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v] as string);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  });
  run.immediate();
}

/** Reasons a folder cannot be made, by error code, said plainly. */
const FOLDER_ERRORS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "not permitted",
  EROFS: "the file system is read-only",
  ENOTDIR: "a file is in the way",
  ENOENT: "no folder can be made there",
  ENOSPC: "no space left",
};

/**
 * Creates `dir` and any missing parents, one level at a time. Node's own `recursive` option loops
 * forever, at full CPU, where a parent exists but refuses new folders with ENOENT (`/proc`); here
 * each level is tried once. Throws `BotError("store_failed")` naming the folder that could not be made.
 */
export function makeFolder(dir: string): void {
  const missing: string[] = [];
  for (let at = dir; ; at = dirname(at)) {
    const found = kindOf(at);
    if (found === "file") throw folderError(dir, at, "ENOTDIR");
    if (found === "folder" || dirname(at) === at) break;
    missing.unshift(at);
  }
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? "";
      if (code === "EEXIST" && kindOf(folder) === "folder") continue;
      throw folderError(dir, folder, code, err);
    }
  }
}

/** What is at `path`: a folder, something else, or nothing that can be seen. */
function kindOf(path: string): "folder" | "file" | "absent" {
  try {
    const found = statSync(path, { throwIfNoEntry: false });
    return found === undefined ? "absent" : found.isDirectory() ? "folder" : "file";
  } catch {
    // Unreadable (a parent that is a file, or not searchable): making it says why.
    return "absent";
  }
}

function folderError(dir: string, at: string, code: string, cause?: unknown): BotError {
  const why = FOLDER_ERRORS[code] ?? code;
  const where = at === dir ? "" : ` (at ${at})`;
  return new BotError(
    "store_failed",
    `Cannot create the database folder ${dir}${where}: ${why}. Set DATA_DIR to a writable folder.`,
    { cause },
  );
}

/** A new learned example's id: 12 hex digits, as `npm run feedback -- --accept` takes them. */
const newId = () => randomBytes(6).toString("hex");

/** Settings of a SQLite store; tests shorten the deadline. */
export interface SqliteStoreOptions {
  /** How long an operation waits for another process's lock before it fails, in ms. */
  busyDeadlineMs?: number;
}

/** Opens (creating the folder, file and schema if needed) the SQLite store at `filePath`. */
export function openSqliteStore(filePath: string, options: SqliteStoreOptions = {}): Store {
  if (filePath !== ":memory:") makeFolder(dirname(filePath));
  let db: Database.Database;
  try {
    db = new Database(filePath, { timeout: OPEN_BUSY_TIMEOUT_MS });
    db.pragma("journal_mode = WAL");
    migrate(db);
    db.pragma(`busy_timeout = ${BUSY_WAIT_MS}`);
  } catch (err) {
    throw new BotError(
      "store_failed",
      `Cannot open the daily-quote database at ${filePath}: check that DATA_DIR is a writable folder.`,
      { cause: err },
    );
  }
  const key = (where: ChannelRef) => [where.platform, where.workspace, where.channel] as const;
  const whereKey = "platform = ? AND workspace = ? AND channel = ?";
  const statements = {
    getSubscription: db.prepare(`SELECT * FROM subscriptions WHERE ${whereKey}`),
    listSubscriptions: db.prepare("SELECT * FROM subscriptions ORDER BY platform, workspace, channel"),
    saveSubscription: db.prepare(
      `INSERT INTO subscriptions (platform, workspace, channel, time, time_zone, since, paused_reason, paused_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (platform, workspace, channel) DO UPDATE SET time = excluded.time,
         time_zone = excluded.time_zone, since = excluded.since,
         paused_reason = excluded.paused_reason, paused_at = excluded.paused_at`,
    ),
    removeSubscription: db.prepare(`DELETE FROM subscriptions WHERE ${whereKey}`),
    pauseSubscription: db.prepare(
      `UPDATE subscriptions SET paused_reason = ?, paused_at = ? WHERE ${whereKey}`,
    ),
    countPosts: db.prepare(`SELECT count(*) AS n FROM posts WHERE ${whereKey} AND status != 'failed'`),
    getPost: db.prepare(`SELECT * FROM posts WHERE ${whereKey} AND local_date = ?`),
    claim: db.prepare(
      `INSERT INTO posts (platform, workspace, channel, local_date, passage_id, status, attempts,
         attempted_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'claimed', 1, ?, ?) ON CONFLICT DO NOTHING`,
    ),
    reclaim: db.prepare(
      `UPDATE posts SET status = 'claimed', attempts = attempts + 1, attempted_at = ?, updated_at = ?
       WHERE ${whereKey} AND local_date = ? AND status = 'failed' AND attempts = ?`,
    ),
    markUncertain: db.prepare(
      `UPDATE posts SET status = 'uncertain', error = ?, updated_at = ?
       WHERE ${whereKey} AND local_date = ? AND status = 'claimed'`,
    ),
    resend: db.prepare(
      `UPDATE posts SET status = 'claimed', resent = 1, attempts = attempts + 1, attempted_at = ?,
         updated_at = ?
       WHERE ${whereKey} AND local_date = ? AND status IN ('claimed', 'uncertain') AND resent = 0
         AND attempted_at = ?`,
    ),
    countPosted: db.prepare(`SELECT count(*) AS n FROM posts WHERE ${whereKey} AND status = 'posted'`),
    listUnconfirmed: db.prepare(
      `SELECT * FROM posts WHERE ${whereKey} AND status IN ('claimed', 'uncertain')
       ORDER BY local_date DESC LIMIT ${MAX_UNCONFIRMED_LISTED}`,
    ),
    ping: db.prepare("SELECT 1"),
    markPosted: db.prepare(
      `UPDATE posts SET status = 'posted', message_id = ?, error = NULL, updated_at = ?
       WHERE ${whereKey} AND local_date = ?`,
    ),
    markFailed: db.prepare(
      `UPDATE posts SET status = 'failed', error = ?, updated_at = ? WHERE ${whereKey} AND local_date = ?`,
    ),
    // A row whose time has passed counts as absent: the upsert takes it over.
    firstSighting: db.prepare(
      `INSERT INTO seen_events (platform, event_id, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (platform, event_id) DO UPDATE SET expires_at = excluded.expires_at
       WHERE seen_events.expires_at <= ?`,
    ),
    sweepSeen: db.prepare("DELETE FROM seen_events WHERE expires_at <= ?"),
    saveInstallation: db.prepare(
      `INSERT INTO installations (platform, id, data, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (platform, id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
    ),
    getInstallation: db.prepare("SELECT * FROM installations WHERE platform = ? AND id = ?"),
    deleteInstallation: db.prepare("DELETE FROM installations WHERE platform = ? AND id = ?"),
    saveState: db.prepare("INSERT OR REPLACE INTO oauth_states (state, data, expires_at) VALUES (?, ?, ?)"),
    takeState: db.prepare("DELETE FROM oauth_states WHERE state = ? RETURNING data, expires_at"),
    sweepStates: db.prepare("DELETE FROM oauth_states WHERE expires_at <= ?"),
    acquireLease: db.prepare(
      `INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
       WHERE leases.holder = excluded.holder OR leases.expires_at <= ?`,
    ),
    releaseLease: db.prepare("DELETE FROM leases WHERE name = ? AND holder = ?"),
    recordFeedback: db.prepare(
      "INSERT INTO feedback (kind, question, passages, platform, at, text) VALUES (?, ?, ?, ?, ?, ?)",
    ),
    feedbackTotals: db.prepare("SELECT kind, count(*) AS n FROM feedback GROUP BY kind"),
    // Instants are stored as ISO strings of one format, which sort as the instants do.
    forgetFeedback: db.prepare("DELETE FROM feedback WHERE at < ?"),
    feedbackPassages: db.prepare(
      `SELECT p.value AS passage, sum(f.kind = 'up') AS up, sum(f.kind = 'down') AS down
       FROM feedback AS f, json_each(f.passages) AS p
       WHERE f.kind IN ('up', 'down')
       GROUP BY p.value HAVING down > 0
       ORDER BY down DESC, up ASC, passage ASC LIMIT ?`,
    ),
    feedbackQuestions: db.prepare(
      `SELECT question, max(text) AS text, sum(kind = 'up') AS up, sum(kind = 'down') AS down,
         sum(kind = 'declined') AS declined, sum(kind = 'closest') AS closest
       FROM feedback GROUP BY question HAVING down + declined + closest > 0
       ORDER BY down + declined + closest DESC, question ASC LIMIT ?`,
    ),
    threadTurns: db.prepare(
      "SELECT turns FROM thread_turns WHERE platform = ? AND workspace = ? AND channel = ? AND thread = ? AND expires_at > ?",
    ),
    saveThreadTurns: db.prepare(
      `INSERT INTO thread_turns (platform, workspace, channel, thread, turns, expires_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (platform, workspace, channel, thread) DO UPDATE SET turns = excluded.turns,
         expires_at = excluded.expires_at`,
    ),
    sweepThreads: db.prepare("DELETE FROM thread_turns WHERE expires_at <= ?"),
    makeSalt: db.prepare("INSERT INTO learning_salt (id, salt) VALUES (1, ?) ON CONFLICT DO NOTHING"),
    salt: db.prepare("SELECT salt FROM learning_salt WHERE id = 1"),
    saveOffer: db.prepare(
      `INSERT INTO offers (id, platform, workspace, asker, question, passages, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    getOffer: db.prepare("SELECT * FROM offers WHERE id = ? AND expires_at > ?"),
    sweepOffers: db.prepare("DELETE FROM offers WHERE expires_at <= ?"),
    findLearned: db.prepare(
      "SELECT id, status FROM learned WHERE platform = ? AND workspace = ? AND pool = ? AND passage = ?",
    ),
    addLearned: db.prepare(
      `INSERT INTO learned (id, platform, workspace, pool, passage, question, status, touched_at)
       VALUES (?, ?, ?, ?, ?, ?, 'pending', ?) ON CONFLICT DO NOTHING`,
    ),
    touchLearned: db.prepare("UPDATE learned SET touched_at = max(touched_at, ?) WHERE id = ?"),
    vote: db.prepare(
      `INSERT INTO learned_votes (learned, voter, vote) VALUES (?, ?, ?)
       ON CONFLICT (learned, voter) DO UPDATE SET vote = excluded.vote WHERE learned_votes.vote != excluded.vote`,
    ),
    learnedIn: db.prepare(
      `SELECT ${LEARNED_COLUMNS} FROM learned AS l
       WHERE l.platform = ? AND l.workspace = ? AND l.status != 'rejected' ORDER BY l.id`,
    ),
    allLearned: db.prepare(
      `SELECT ${LEARNED_COLUMNS} FROM learned AS l ORDER BY l.touched_at DESC, l.id LIMIT ?`,
    ),
    accept: db.prepare("UPDATE learned SET status = 'accepted', touched_at = ? WHERE id = ?"),
    reject: db.prepare("UPDATE learned SET status = 'rejected', question = NULL WHERE id = ?"),
    forgetVotes: db.prepare("DELETE FROM learned_votes WHERE learned = ?"),
    forgetLearned: db.prepare("DELETE FROM learned WHERE id = ?"),
    forgetStaleVotes: db.prepare(
      "DELETE FROM learned_votes WHERE learned IN (SELECT id FROM learned WHERE touched_at < ?)",
    ),
    forgetStale: db.prepare("DELETE FROM learned WHERE touched_at < ?"),
  };
  const sweepThreadsDue = createSweepTimer();
  /** A confirmation, read and counted in one transaction: see `LearningStore.recordConfirmation`. */
  const confirm = db.transaction((c: Confirmation): ConfirmationResult => {
    const at = c.at.getTime();
    const found = () =>
      statements.findLearned.get(c.platform, c.workspace, c.pool, c.passage) as
        | { id: string; status: string }
        | undefined;
    let learned = found();
    if (!learned) {
      if (c.vote === -1) return "refused";
      statements.addLearned.run(newId(), c.platform, c.workspace, c.pool, c.passage, c.question, at);
      learned = found() as { id: string; status: string };
    }
    if (learned.status === "rejected") return "refused";
    if (statements.vote.run(learned.id, c.voter, c.vote).changes === 0) return "again";
    if (c.vote === 1) statements.touchLearned.run(at, learned.id);
    return "counted";
  });
  const forget = db.transaction((id: string) => {
    statements.forgetVotes.run(id);
    return statements.forgetLearned.run(id).changes > 0;
  });
  const forgetStale = db.transaction((before: number) => {
    statements.sweepOffers.run(Date.now());
    statements.forgetStaleVotes.run(before);
    return statements.forgetStale.run(before).changes;
  });
  const sweepSeenDue = createSweepTimer();
  const sweepStatesDue = createSweepTimer();

  // Every write is one statement, and a read only reads, so trying either again is safe; failures
  // become a BotError without the SQL or the values.
  const queue = createBusyQueue(options.busyDeadlineMs ?? BUSY_DEADLINE_MS);
  const write = <T>(what: string, run: () => T): Promise<T> => queue.write(what, run);
  const read = <T>(what: string, run: () => T): Promise<T> => queue.read(what, run);

  return {
    getSubscription: (where) =>
      read("read a subscription", () => {
        const row = statements.getSubscription.get(...key(where));
        return row === undefined ? undefined : toSubscription(row);
      }),
    listSubscriptions: () =>
      read("list subscriptions", () => statements.listSubscriptions.all().map(toSubscription)),
    saveSubscription: (s) =>
      write("save a subscription", () => {
        statements.saveSubscription.run(
          ...key(s.where),
          s.time,
          s.timeZone,
          s.since,
          s.paused?.reason ?? null,
          s.paused?.at ?? null,
        );
      }),
    removeSubscription: (where) =>
      write("remove a subscription", () => statements.removeSubscription.run(...key(where)).changes > 0),
    pauseSubscription: (where, reason, at) =>
      write("pause a subscription", () => {
        statements.pauseSubscription.run(reason, at, ...key(where));
      }),
    countPosts: (where) =>
      read("count posts", () => (statements.countPosts.get(...key(where)) as { n: number }).n),
    getPost: (where, localDate) =>
      read("read a post", () => {
        const row = statements.getPost.get(...key(where), localDate);
        return row === undefined ? undefined : toPost(row);
      }),
    claim: (r: ClaimRequest) =>
      write(
        "claim a post",
        () => statements.claim.run(...key(r.where), r.localDate, r.passageId, r.at, r.at).changes === 1,
      ),
    reclaim: (where, localDate, attempts, at) =>
      write(
        "reclaim a post",
        () => statements.reclaim.run(at, at, ...key(where), localDate, attempts).changes === 1,
      ),
    markPosted: (where, localDate, messageId, at) =>
      write("record a post", () => {
        statements.markPosted.run(messageId, at, ...key(where), localDate);
      }),
    markFailed: (where, localDate, error, at) =>
      write("record a failed post", () => {
        statements.markFailed.run(error, at, ...key(where), localDate);
      }),
    markUncertain: (where, localDate, reason, at) =>
      write("record an uncertain post", () => {
        statements.markUncertain.run(reason, at, ...key(where), localDate);
      }),
    resend: (where, localDate, attemptedAt, at) =>
      write(
        "claim a post again",
        () => statements.resend.run(at, at, ...key(where), localDate, attemptedAt).changes === 1,
      ),
    tallyPosts: (where) =>
      read("count posts", () => ({
        posted: (statements.countPosted.get(...key(where)) as { n: number }).n,
        unconfirmed: statements.listUnconfirmed.all(...key(where)).map(toPost),
      })),
    ping: () =>
      read("answer", () => {
        statements.ping.get();
      }),
    firstSighting: (platform, eventId, ttlMs) =>
      write("remember an event", () => {
        const now = Date.now();
        if (sweepSeenDue()) statements.sweepSeen.run(now);
        return statements.firstSighting.run(platform, eventId, now + ttlMs, now).changes === 1;
      }),
    saveInstallation: (i) =>
      write("save an installation", () => {
        statements.saveInstallation.run(i.platform, i.id, i.data, i.updatedAt);
      }),
    getInstallation: (platform, id) =>
      read("read an installation", () => {
        const row = statements.getInstallation.get(platform, id);
        return row === undefined ? undefined : toInstallation(row);
      }),
    deleteInstallation: (platform, id) =>
      write("delete an installation", () => statements.deleteInstallation.run(platform, id).changes > 0),
    saveOAuthState: (state, data, ttlMs) =>
      write("save an install state", () => {
        const now = Date.now();
        if (sweepStatesDue()) statements.sweepStates.run(now);
        statements.saveState.run(state, data, now + ttlMs);
      }),
    takeOAuthState: (state) =>
      write("check an install state", () => {
        const row = statements.takeState.get(state) as { data: string; expires_at: number } | undefined;
        return row && row.expires_at > Date.now() ? row.data : undefined;
      }),
    acquireLease: (name, holder, ttlMs) =>
      write("take a lease", () => {
        const now = Date.now();
        return statements.acquireLease.run(name, holder, now + ttlMs, now).changes === 1;
      }),
    releaseLease: (name, holder) =>
      write("release a lease", () => {
        statements.releaseLease.run(name, holder);
      }),
    recordFeedback: (e) =>
      write("record feedback", () => {
        // A passage named twice counts once, as in every store.
        const passages = JSON.stringify([...new Set(e.passages)]);
        statements.recordFeedback.run(e.kind, e.question, passages, e.platform, e.at, e.text ?? null);
      }),
    forgetFeedback: (before) =>
      write("forget feedback", () => statements.forgetFeedback.run(new Date(before).toISOString()).changes),
    feedbackReport: (limit) =>
      read("read the feedback", () => {
        const totals = { up: 0, down: 0, declined: 0, closest: 0 };
        for (const raw of statements.feedbackTotals.all()) {
          const row = FeedbackTotalRow.parse(raw);
          totals[row.kind] = row.n;
        }
        return {
          totals,
          passages: statements.feedbackPassages.all(limit).map((raw) => FeedbackPassageRow.parse(raw)),
          questions: statements.feedbackQuestions.all(limit).map((raw) => {
            const { text, ...row } = FeedbackQuestionRow.parse(raw);
            return text === null ? row : { ...row, text };
          }),
        };
      }),
    threadTurns: (k) =>
      read("read a thread", () => {
        const row = statements.threadTurns.get(k.platform, k.workspace, k.channel, k.thread, Date.now()) as
          | { turns: string }
          | undefined;
        return row ? toTurns(row.turns) : [];
      }),
    addThreadTurn: (k, turn, keep, expiresAt) =>
      write("keep a thread", () =>
        db
          .transaction(() => {
            const now = Date.now();
            if (sweepThreadsDue()) statements.sweepThreads.run(now);
            const row = statements.threadTurns.get(k.platform, k.workspace, k.channel, k.thread, now) as
              | { turns: string }
              | undefined;
            const turns = [...(row ? toTurns(row.turns) : []), turn].slice(-keep);
            statements.saveThreadTurns.run(
              k.platform,
              k.workspace,
              k.channel,
              k.thread,
              JSON.stringify(turns),
              expiresAt.getTime(),
            );
          })
          .immediate(),
      ),
    learningSalt: () =>
      write("read the learning salt", () => {
        statements.makeSalt.run(randomBytes(32).toString("base64url"));
        return (statements.salt.get() as { salt: string }).salt;
      }),
    saveOffer: (o) =>
      write("save an offer", () => {
        statements.saveOffer.run(
          o.id,
          o.platform,
          o.workspace,
          o.asker,
          o.question,
          JSON.stringify(o.passages),
          o.expiresAt.getTime(),
        );
      }),
    getOffer: (id) =>
      read("read an offer", () => {
        const row = statements.getOffer.get(id, Date.now());
        return row === undefined ? undefined : toOffer(row);
      }),
    recordConfirmation: (c) => write("record a confirmation", () => confirm.immediate(c)),
    learnedRecords: (where) =>
      read("read learned examples", () =>
        statements.learnedIn.all(where.platform, where.workspace).map(toLearned),
      ),
    allLearnedRecords: (limit) =>
      read("read learned examples", () => statements.allLearned.all(limit).map(toLearned)),
    setLearnedStatus: (id, status) =>
      write(
        "decide on a learned example",
        () =>
          (status === "accepted" ? statements.accept.run(Date.now(), id) : statements.reject.run(id))
            .changes > 0,
      ),
    forgetLearned: (id) => write("forget a learned example", () => forget.immediate(id)),
    forgetStaleLearning: (before) =>
      write("forget old learned examples", () => forgetStale.immediate(before.getTime())),
    close: async () => {
      queue.close();
      if (db.open) db.close();
    },
  };
}
