/**
 * Bundles the bot into dist/ with esbuild, so it runs on plain node and starts quickly: one
 * file for what every mode needs, and separate chunks for the Slack and Discord adapters (with
 * Bolt and discord.js inside), loaded only when configured. Loading one bundle instead of
 * hundreds of small modules is most of the start-up time saved. better-sqlite3 stays in
 * node_modules: it is a native addon. Types are not checked here: `npm test` runs tsc for that.
 *
 *   npm run build                      build now
 *   node scripts/build.js --if-stale   build only when dist/ is missing or older than its sources
 *   import { buildIfStale }            the same, from another script
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The repository's root folder. */
export const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** Where the compiled bot goes. */
export const DIST = join(ROOT, "dist");
/** The file `npm start` runs; its age is the age of the build. */
export const ENTRY = join(DIST, "main.js");
/** What the build is made from: a change to any of these makes dist/ stale. */
const SOURCES = ["src", "package.json", "package-lock.json", "scripts/build.js"];
/** Programs in the bundle: the bot, the Discord command registration, and the feedback report. */
const ENTRY_POINTS = ["src/main.ts", "src/adapters/discord/register.ts", "src/cli/feedback.ts"];
/** Packages left out of the bundle and loaded from node_modules: native addons. */
const EXTERNAL = ["better-sqlite3"];
/**
 * Bundled CommonJS packages call `require` for Node's own modules; an ES module has none, so
 * every output file starts by making one.
 */
const REQUIRE_SHIM =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/** @param {string} path @returns {number} newest modification time under `path`, in ms (0 if absent) */
function newest(path) {
  if (!existsSync(path)) return 0;
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

/**
 * zod re-exports every language's error messages as `z.locales`, which nothing here reads; the
 * bundle keeps only English, the one zod itself sets up, instead of some sixty modules loaded and
 * held in memory for nothing.
 */
const englishOnlyZodLocales = {
  name: "english-only-zod-locales",
  /** @param {import("esbuild").PluginBuild} build */
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)
        ? { path: join(args.resolveDir, "../locales/en.js"), namespace: "zod-locales" }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "zod-locales" }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: ROOT,
    }));
  },
};

/**
 * The text of an output file with every character beyond Latin-1 written as a `\u` escape. Node
 * keeps each module's source in memory, at two bytes a character when any character needs more
 * than one, as a dash in a comment or a curly quote in a regular expression does (esbuild escapes
 * them in strings only); escaped, the bundle's sources take half the memory. An escape stands for
 * the same character in a regular expression, and an escaped character (`\’`) loses its now
 * needless backslash. The two Unicode line terminators stay as they are: in a comment they end it.
 * @param {string} text
 */
export function latin1Source(text) {
  return text.replace(/(\\*)([\u0100-\u2027\u202a-\u{10ffff}])/gu, (_, slashes, char) => {
    let escaped = "";
    for (let i = 0; i < char.length; i++) escaped += `\\u${char.charCodeAt(i).toString(16).padStart(4, "0")}`;
    return (slashes.length % 2 ? slashes.slice(1) : slashes) + escaped;
  });
}

/** Bundles src/ into a fresh dist/. */
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
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ENTRY_POINTS,
    outdir: "dist",
    outbase: "src",
    bundle: true,
    splitting: true,
    external: EXTERNAL,
    platform: "node",
    format: "esm",
    target: "node20",
    banner: { js: REQUIRE_SHIM },
    plugins: [englishOnlyZodLocales],
    logLevel: "warning",
    write: false,
  });
  for (const file of result.outputFiles) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, latin1Source(file.text));
  }
  // The bundle is ES modules: said here, it runs so wherever dist/ is copied, with no package.json
  // of the project beside it (the container image holds none).
  writeFileSync(join(DIST, "package.json"), `${JSON.stringify({ type: "module" })}\n`);
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
