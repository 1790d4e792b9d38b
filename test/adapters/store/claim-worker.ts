/**
 * Claims the same days as a rival process on one database (a SQLite file, or a PostgreSQL URL);
 * prints the days it won as JSON.
 */
import { openPostgresStore } from "../../../src/adapters/store/postgres.js";
import { openSqliteStore } from "../../../src/adapters/store/sqlite.js";

const [database, countText, tag] = process.argv.slice(2) as [string, string, string];
const store = /^postgres(?:ql)?:\/\//.test(database)
  ? await openPostgresStore(database)
  : openSqliteStore(database);
const where = { platform: "slack", workspace: "T1", channel: "C1" } as const;
const won: string[] = [];
for (let day = 0; day < Number(countText); day++) {
  const localDate = `day-${day}`;
  if (await store.claim({ where, localDate, passageId: `by-${tag}`, at: new Date().toISOString() })) {
    won.push(localDate);
  }
}
await store.close();
process.stdout.write(JSON.stringify(won));
