/**
 * Schema versions of the SQLite database, applied in order. `PRAGMA user_version` records how
 * many have run; a migration is never edited once released, only followed by a new one.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE subscriptions (
     platform TEXT NOT NULL,
     workspace TEXT NOT NULL,
     channel TEXT NOT NULL,
     time TEXT NOT NULL,
     time_zone TEXT NOT NULL,
     since TEXT NOT NULL,
     paused_reason TEXT,
     paused_at TEXT,
     PRIMARY KEY (platform, workspace, channel)
   ) STRICT;
   CREATE TABLE posts (
     platform TEXT NOT NULL,
     workspace TEXT NOT NULL,
     channel TEXT NOT NULL,
     local_date TEXT NOT NULL,
     passage_id TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('claimed', 'posted', 'failed')),
     attempts INTEGER NOT NULL,
     message_id TEXT,
     error TEXT,
     updated_at TEXT NOT NULL,
     PRIMARY KEY (platform, workspace, channel, local_date)
   ) STRICT;`,
  // 2: posts may be "uncertain" (sent without confirmation); the time of the latest attempt and
  // whether the one safe repeat was made are kept apart from the time of the last change.
  `CREATE TABLE posts_v2 (
     platform TEXT NOT NULL,
     workspace TEXT NOT NULL,
     channel TEXT NOT NULL,
     local_date TEXT NOT NULL,
     passage_id TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('claimed', 'posted', 'failed', 'uncertain')),
     attempts INTEGER NOT NULL,
     attempted_at TEXT NOT NULL,
     resent INTEGER NOT NULL DEFAULT 0 CHECK (resent IN (0, 1)),
     message_id TEXT,
     error TEXT,
     updated_at TEXT NOT NULL,
     PRIMARY KEY (platform, workspace, channel, local_date)
   ) STRICT;
   INSERT INTO posts_v2 (platform, workspace, channel, local_date, passage_id, status, attempts,
       attempted_at, resent, message_id, error, updated_at)
     SELECT platform, workspace, channel, local_date, passage_id, status, attempts, updated_at, 0,
       message_id, error, updated_at FROM posts;
   DROP TABLE posts;
   ALTER TABLE posts_v2 RENAME TO posts;`,
  // 3: the state replicas share besides daily quotes: app installations per workspace, event ids
  // already answered, OAuth states in flight, and leader leases. Expiry times are ms since the epoch.
  `CREATE TABLE installations (
     platform TEXT NOT NULL,
     id TEXT NOT NULL,
     data TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     PRIMARY KEY (platform, id)
   ) STRICT;
   CREATE TABLE seen_events (
     platform TEXT NOT NULL,
     event_id TEXT NOT NULL,
     expires_at INTEGER NOT NULL,
     PRIMARY KEY (platform, event_id)
   ) STRICT;
   CREATE INDEX seen_events_by_expiry ON seen_events (expires_at);
   CREATE TABLE oauth_states (
     state TEXT PRIMARY KEY,
     data TEXT NOT NULL,
     expires_at INTEGER NOT NULL
   ) STRICT;
   CREATE TABLE leases (
     name TEXT PRIMARY KEY,
     holder TEXT NOT NULL,
     expires_at INTEGER NOT NULL
   ) STRICT;`,
  // 4: readers' feedback: votes on answers and declined questions, with the passages an answer
  // quoted (a JSON array) and never who gave it; the question's text only when the operator keeps it.
  `CREATE TABLE feedback (
     id INTEGER PRIMARY KEY,
     kind TEXT NOT NULL CHECK (kind IN ('up', 'down', 'declined')),
     question TEXT NOT NULL,
     passages TEXT NOT NULL,
     platform TEXT NOT NULL,
     at TEXT NOT NULL,
     text TEXT
   ) STRICT;
   CREATE INDEX feedback_by_question ON feedback (question);`,
  // 5: feedback counts closest-match replies too; a thread's last turns, for its follow-ups; and
  // learning from readers: the salt of every hash, offers of passages, learned examples and the
  // votes on them (readers only as salted hashes). Expiry and touch times are ms since the epoch.
  `CREATE TABLE feedback_v2 (
     id INTEGER PRIMARY KEY,
     kind TEXT NOT NULL CHECK (kind IN ('up', 'down', 'declined', 'closest')),
     question TEXT NOT NULL,
     passages TEXT NOT NULL,
     platform TEXT NOT NULL,
     at TEXT NOT NULL,
     text TEXT
   ) STRICT;
   INSERT INTO feedback_v2 (id, kind, question, passages, platform, at, text)
     SELECT id, kind, question, passages, platform, at, text FROM feedback;
   DROP TABLE feedback;
   ALTER TABLE feedback_v2 RENAME TO feedback;
   CREATE INDEX feedback_by_question ON feedback (question);
   CREATE TABLE thread_turns (
     platform TEXT NOT NULL,
     workspace TEXT NOT NULL,
     channel TEXT NOT NULL,
     thread TEXT NOT NULL,
     turns TEXT NOT NULL,
     expires_at INTEGER NOT NULL,
     PRIMARY KEY (platform, workspace, channel, thread)
   ) STRICT;
   CREATE INDEX thread_turns_by_expiry ON thread_turns (expires_at);
   CREATE TABLE learning_salt (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     salt TEXT NOT NULL
   ) STRICT;
   CREATE TABLE offers (
     id TEXT PRIMARY KEY,
     platform TEXT NOT NULL,
     workspace TEXT NOT NULL,
     asker TEXT NOT NULL,
     question TEXT NOT NULL,
     passages TEXT NOT NULL,
     expires_at INTEGER NOT NULL
   ) STRICT;
   CREATE INDEX offers_by_expiry ON offers (expires_at);
   CREATE TABLE learned (
     id TEXT PRIMARY KEY,
     platform TEXT NOT NULL,
     workspace TEXT NOT NULL,
     pool TEXT NOT NULL,
     passage TEXT NOT NULL,
     question TEXT,
     status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected')),
     touched_at INTEGER NOT NULL,
     UNIQUE (platform, workspace, pool, passage)
   ) STRICT;
   CREATE INDEX learned_by_touch ON learned (touched_at);
   CREATE TABLE learned_votes (
     learned TEXT NOT NULL,
     voter TEXT NOT NULL,
     vote INTEGER NOT NULL CHECK (vote IN (1, -1)),
     PRIMARY KEY (learned, voter)
   ) STRICT;`,
];
