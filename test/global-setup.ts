import { buildIfStale } from "../scripts/build.js";
import { DATABASE_URL, SKIP_NOTICE } from "./postgres.js";

/** Compiles dist/ before any test file starts, so process tests never race to build it. */
export default async function setup(): Promise<void> {
  if (!DATABASE_URL) console.warn(`\n${SKIP_NOTICE}\n`);
  await buildIfStale();
}
