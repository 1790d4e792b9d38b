/**
 * Where letterbot keeps its state: in PostgreSQL when `DATABASE_URL` is set (several replicas,
 * several hosts), otherwise in the SQLite file under `DATA_DIR` (one host, nothing to install).
 */
import { z } from "zod";
import { describeDatabaseUrl } from "../adapters/store/database-url.js";
import { BotError } from "../core/index.js";
import type { DailyConfig } from "./daily-config.js";

/** The settled choice of store. */
export type StoreConfig =
  | {
      kind: "postgres";
      url: string;
      /** `user@host:port/database`, for logs: never the password. */
      name: string;
    }
  | { kind: "sqlite"; path: string };

const POSTGRES_PROTOCOLS = new Set(["postgres:", "postgresql:"]);

const EnvSchema = z.object({
  DATABASE_URL: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : typeof v === "string" ? v.trim() : v),
    z
      .string()
      .refine((value) => {
        if (!URL.canParse(value)) return false;
        const url = new URL(value);
        return POSTGRES_PROTOCOLS.has(url.protocol) && url.hostname !== "" && url.pathname.length > 1;
      })
      .optional(),
  ),
});

/** Reads `DATABASE_URL`; throws `BotError("config_invalid")` naming it and the fix, never its value. */
export function loadStoreConfig(env: Record<string, string | undefined>, daily: DailyConfig): StoreConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new BotError(
      "config_invalid",
      "DATABASE_URL is not a PostgreSQL URL: set it to postgres://user:password@host:5432/database, or leave it unset to keep state in SQLite under DATA_DIR.",
    );
  }
  const url = parsed.data.DATABASE_URL;
  if (url === undefined) return { kind: "sqlite", path: daily.databasePath };
  return { kind: "postgres", url, name: describeDatabaseUrl(url) };
}

/** The secrets in the store's settings, for the logger to mask: the URL and its password. */
export function storeSecrets(config: StoreConfig): string[] {
  if (config.kind !== "postgres") return [];
  const password = decodeURIComponent(new URL(config.url).password);
  return [config.url, ...(password ? [password] : [])];
}
