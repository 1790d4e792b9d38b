/**
 * The PostgreSQL server tests may use: the one `DATABASE_URL` names (CI starts one), or none, and
 * then every test that needs it is skipped (the global setup prints a notice once). Each test gets
 * an empty schema of its own, so tests running at once never see each other's rows.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { openPostgresStore } from "../src/adapters/store/postgres.js";
import type { Store } from "../src/core/index.js";

/** The server's URL, or undefined when the PostgreSQL tests are skipped. */
export const DATABASE_URL = process.env.DATABASE_URL?.trim() || undefined;

/** The notice printed once when the PostgreSQL tests are skipped. */
export const SKIP_NOTICE =
  "DATABASE_URL is not set: the PostgreSQL tests are skipped. Set DATABASE_URL=postgres://user:password@host:port/database (a database the user may create schemas in) to run them; CI does.";

const schemas: string[] = [];

function requireUrl(): string {
  if (!DATABASE_URL) throw new Error(SKIP_NOTICE);
  return DATABASE_URL;
}

/** A URL whose connections use `schema`: `options=-c search_path=…` reaches the server at connect. */
export function urlForSchema(schema: string): string {
  const url = new URL(requireUrl());
  url.searchParams.set("options", `-c search_path=${schema}`);
  return url.toString();
}

/** Creates an empty schema and returns a `DATABASE_URL` for it. */
export async function freshDatabaseUrl(): Promise<string> {
  const schema = `letterbot_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const client = new pg.Client({ connectionString: requireUrl() });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await client.end();
  }
  schemas.push(schema);
  return urlForSchema(schema);
}

/** Drops every schema this process created (call in `afterAll`). */
export async function dropSchemas(): Promise<void> {
  if (!DATABASE_URL || schemas.length === 0) return;
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    for (const schema of schemas.splice(0)) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

/** A store on a fresh schema, opened on first use: for contracts whose `open` is synchronous. */
export function lazyPostgresStore(): Store {
  const opening = freshDatabaseUrl().then((url) => openPostgresStore(url));
  // Each call waits for the store, then forwards; close waits too, so no pool is left open.
  return new Proxy({} as Store, {
    get(_target, property: keyof Store) {
      return (...args: unknown[]) =>
        opening.then((store) => (store[property] as (...a: unknown[]) => unknown).apply(store, args));
    },
  });
}
