/**
 * Schema versions of the PostgreSQL database, applied in order at start-up under an advisory lock;
 * `letterbot_schema` records each version applied. A migration is never edited once released, only
 * followed by a new one. Daily-quote times are ISO strings, as in SQLite, so both stores compare
 * them the same way; expiry times are `timestamptz` on the server's clock, which every replica shares.
 */
export const PG_MIGRATIONS: readonly string[] = [
  `CREATE TABLE subscriptions (
     platform text NOT NULL,
     workspace text NOT NULL,
     channel text NOT NULL,
     time text NOT NULL,
     time_zone text NOT NULL,
     since text NOT NULL,
     paused_reason text,
     paused_at text,
     PRIMARY KEY (platform, workspace, channel)
   );
   CREATE TABLE posts (
     platform text NOT NULL,
     workspace text NOT NULL,
     channel text NOT NULL,
     local_date text NOT NULL,
     passage_id text NOT NULL,
     status text NOT NULL CHECK (status IN ('claimed', 'posted', 'failed', 'uncertain')),
     attempts integer NOT NULL,
     attempted_at text NOT NULL,
     resent boolean NOT NULL DEFAULT false,
     message_id text,
     error text,
     updated_at text NOT NULL,
     PRIMARY KEY (platform, workspace, channel, local_date)
   );
   CREATE TABLE installations (
     platform text NOT NULL,
     id text NOT NULL,
     data text NOT NULL,
     updated_at text NOT NULL,
     PRIMARY KEY (platform, id)
   );
   CREATE TABLE seen_events (
     platform text NOT NULL,
     event_id text NOT NULL,
     expires_at timestamptz NOT NULL,
     PRIMARY KEY (platform, event_id)
   );
   CREATE INDEX seen_events_by_expiry ON seen_events (expires_at);
   CREATE TABLE oauth_states (
     state text PRIMARY KEY,
     data text NOT NULL,
     expires_at timestamptz NOT NULL
   );
   CREATE TABLE leases (
     name text PRIMARY KEY,
     holder text NOT NULL,
     expires_at timestamptz NOT NULL
   );`,
  // 2: readers' feedback: votes on answers and declined questions, with the passages an answer
  // quoted and never who gave it; the question's text only when the operator keeps it.
  `CREATE TABLE feedback (
     id bigserial PRIMARY KEY,
     kind text NOT NULL CHECK (kind IN ('up', 'down', 'declined')),
     question text NOT NULL,
     passages text[] NOT NULL,
     platform text NOT NULL,
     at timestamptz NOT NULL,
     text text
   );
   CREATE INDEX feedback_by_question ON feedback (question);`,
  // 3: feedback counts closest-match replies too; a thread's last turns, for its follow-ups; and
  // learning from readers: the salt of every hash, offers of passages, learned examples and the
  // votes on them (readers only as salted hashes).
  `ALTER TABLE feedback DROP CONSTRAINT feedback_kind_check;
   ALTER TABLE feedback ADD CONSTRAINT feedback_kind_check
     CHECK (kind IN ('up', 'down', 'declined', 'closest'));
   CREATE TABLE thread_turns (
     platform text NOT NULL,
     workspace text NOT NULL,
     channel text NOT NULL,
     thread text NOT NULL,
     turns jsonb NOT NULL,
     expires_at timestamptz NOT NULL,
     PRIMARY KEY (platform, workspace, channel, thread)
   );
   CREATE INDEX thread_turns_by_expiry ON thread_turns (expires_at);
   CREATE TABLE learning_salt (
     id integer PRIMARY KEY CHECK (id = 1),
     salt text NOT NULL
   );
   CREATE TABLE offers (
     id text PRIMARY KEY,
     platform text NOT NULL,
     workspace text NOT NULL,
     asker text NOT NULL,
     question text NOT NULL,
     passages text[] NOT NULL,
     expires_at timestamptz NOT NULL
   );
   CREATE INDEX offers_by_expiry ON offers (expires_at);
   CREATE TABLE learned (
     id text PRIMARY KEY,
     platform text NOT NULL,
     workspace text NOT NULL,
     pool text NOT NULL,
     passage text NOT NULL,
     question text,
     status text NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected')),
     touched_at timestamptz NOT NULL,
     UNIQUE (platform, workspace, pool, passage)
   );
   CREATE INDEX learned_by_touch ON learned (touched_at);
   CREATE TABLE learned_votes (
     learned text NOT NULL REFERENCES learned (id) ON DELETE CASCADE,
     voter text NOT NULL,
     vote smallint NOT NULL CHECK (vote IN (1, -1)),
     PRIMARY KEY (learned, voter)
   );`,
];
