/**
 * Compiles src/ into dist/ with esbuild, one JavaScript module per TypeScript file, so the bot runs
 * on plain node with the same module layout as the sources (adapters stay separate files and load
 * only when configured). Types are not checked here: `npm test` runs tsc for that.
 *
 *   npm run build                  compile now
 *   node scripts/build.js --if-stale   compile only when needed
 *   import { buildIfStale }        compile only when dist/ is missing or older than its sources
 */
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The repository's root folder. */
export const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** Where the compiled bot goes. */
export const DIST = join(ROOT, "dist");
/** The file `npm start` runs; its age is the age of the build. */
export const ENTRY = join(DIST, "main.js");
/** What the build is made from: a change to any of these makes dist/ stale. */
const SOURCES = ["src", "package.json", "scripts/build.js"];

/** @param {string} path @returns {number} newest modification time under `path`, in ms */
function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

/** @returns {boolean} whether dist/ is missing or older than a source file */
export function isStale() {
  if (!existsSync(ENTRY)) return true;
  const built = statSync(ENTRY).mtimeMs;
  return SOURCES.some((source) => newest(join(ROOT, source)) > built);
}

/** Compiles every file of src/ into a fresh dist/. */
export async function build() {
  /** @type {typeof import("esbuild")} */
  let esbuild;
  try {
    esbuild = await import("esbuild");
  } catch {
    throw new Error(
      "dist/ needs building and esbuild is not installed: run `npm install` (with development dependencies), then `npm run build`.",
    );
  }
  rmSync(DIST, { recursive: true, force: true });
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ["src/**/*.ts"],
    outdir: "dist",
    outbase: "src",
    platform: "node",
    format: "esm",
    target: "node20",
    sourcemap: "linked",
    logLevel: "warning",
  });
}

/** Builds dist/ when it is stale; true when it did. */
export async function buildIfStale() {
  if (!isStale()) return false;
  await build();
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const run = process.argv.includes("--if-stale") ? buildIfStale : build;
  run().catch((err) => {
    process.stderr.write(`letterbot: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
