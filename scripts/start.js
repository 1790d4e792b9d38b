/**
 * `npm start`: runs the compiled bot with plain node in this same process, compiling src/ first
 * when dist/ is missing or older than it, so a fresh clone starts with `npm install && npm start`.
 * Production runs `node dist/main.js` directly, with dist/ built in advance.
 */
import { pathToFileURL } from "node:url";
import { buildIfStale, ENTRY } from "./build.js";

try {
  if (await buildIfStale()) process.stderr.write("letterbot: compiled src/ into dist/\n");
} catch (err) {
  process.stderr.write(`letterbot: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
await import(pathToFileURL(ENTRY).href);
