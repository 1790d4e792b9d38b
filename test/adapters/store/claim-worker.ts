/** Claims the same days as a rival process on one database file; prints the days it won as JSON. */
import { openSqliteStore } from "../../../src/adapters/store/sqlite.js";

const [file, countText, tag] = process.argv.slice(2);
const store = openSqliteStore(file as string);
const where = { platform: "slack", workspace: "T1", channel: "C1" } as const;
const won: string[] = [];
for (let day = 0; day < Number(countText); day++) {
  const localDate = `day-${day}`;
  if (await store.claim({ where, localDate, passageId: `by-${tag}`, at: new Date().toISOString() })) {
    won.push(localDate);
  }
}
store.close();
process.stdout.write(JSON.stringify(won));
