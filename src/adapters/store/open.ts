/** Opens the store the settings name: SQLite in a file, or PostgreSQL (whose driver loads only then). */
import type { Logger, Store } from "../../core/index.js";
import { openSqliteStore } from "./sqlite.js";

/** Where the state lives, as settled by the configuration. */
export type StoreLocation = { kind: "sqlite"; path: string } | { kind: "postgres"; url: string };

/** Opens, creating or migrating as needed; throws `BotError("store_failed")` saying what is wrong. */
export async function openStore(location: StoreLocation, logger: Logger): Promise<Store> {
  if (location.kind === "sqlite") return openSqliteStore(location.path);
  const { openPostgresStore } = await import("./postgres.js");
  return openPostgresStore(location.url, {
    onIdleError: (err) =>
      logger.warn("PostgreSQL closed an idle connection; a new one is opened when needed", { err }),
  });
}
