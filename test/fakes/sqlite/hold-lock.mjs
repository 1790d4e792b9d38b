// Another process holding a letterbot database's write lock, as a second replica's long write, a
// backup or an `sqlite3` shell with a transaction open would: prints "locked" once it holds the
// lock, and lets go when its standard input ends.
import Database from "better-sqlite3";

const db = new Database(process.argv[2]);
db.exec("BEGIN EXCLUSIVE");
process.stdout.write("locked\n");
process.stdin.resume();
process.stdin.on("end", () => {
  db.exec("COMMIT");
  db.close();
  process.stdout.write("released\n");
});
