import { buildIfStale } from "../scripts/build.js";

/** Compiles dist/ before any test file starts, so process tests never race to build it. */
export default async function setup(): Promise<void> {
  await buildIfStale();
}
