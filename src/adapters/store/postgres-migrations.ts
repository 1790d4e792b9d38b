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
];
