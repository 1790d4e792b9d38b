/**
 * The Dockerfile's runtime stage without Docker: reads the stage's COPY instructions and carries
 * them out into a folder, the build stage's files taken from this checkout (built with `npm ci &&
 * npm run build`, as the build stage is) and the others from the build context, so that what
 * runs from the folder is what the image would hold. Its CMD is read too, to start it the same way.
 *
 *   node scripts/runtime-stage.js <folder>   assemble the stage into an empty folder, print its size
 *   import { readRuntimeStage, assembleRuntimeStage }
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, posix, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The repository's root folder: the build context, and what the build stage's working folder holds. */
export const ROOT = fileURLToPath(new URL("..", import.meta.url));

/**
 * @typedef {{ from?: string, sources: string[], dest: string }} Copy  one COPY, its paths as written
 * @typedef {{ workdir: string, copies: Copy[], cmd: string[], volumes: string[], buildWorkdir: string }} RuntimeStage
 */

/** @param {string} text @returns {string[][]} each instruction's words, continuation lines joined, comments dropped */
function instructions(text) {
  const lines = text.replace(/\\\r?\n/g, " ").split(/\r?\n/);
  return lines
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => {
      const [keyword = "", ...rest] = line.split(/\s+/);
      const args = rest.join(" ");
      // The exec form (`["node", "dist/main.js"]`) is JSON.
      const words = args.startsWith("[") ? JSON.parse(args) : args.split(/\s+/);
      return [keyword.toUpperCase(), ...words];
    });
}

/**
 * The last stage of a Dockerfile (the image), and the working folder of the stage it copies
 * from. Throws on what this reading does not carry out (wildcards, copies from an image).
 * @param {string} text the Dockerfile
 * @returns {RuntimeStage}
 */
export function readRuntimeStage(text) {
  /** @type {{ name?: string, lines: string[][] }[]} */
  const stages = [];
  for (const words of instructions(text)) {
    if (words[0] === "FROM") {
      const as = words.findIndex((w) => w.toUpperCase() === "AS");
      stages.push({ ...(as > 0 ? { name: words[as + 1] } : {}), lines: [] });
    } else stages.at(-1)?.lines.push(words);
  }
  const last = stages.at(-1);
  if (!last) throw new Error("The Dockerfile has no FROM.");
  const workdirOf = (/** @type {string[][]} */ lines) =>
    lines.reduce(
      (dir, [keyword, path]) => (keyword === "WORKDIR" && path ? posix.resolve(dir, path) : dir),
      "/",
    );
  /** @type {RuntimeStage} */
  const stage = { workdir: "/", copies: [], cmd: [], volumes: [], buildWorkdir: "/" };
  for (const [keyword = "", ...args] of last.lines) {
    if (keyword === "WORKDIR") stage.workdir = posix.resolve(stage.workdir, args[0] ?? "");
    else if (keyword === "CMD") stage.cmd = args;
    else if (keyword === "VOLUME") stage.volumes.push(...args);
    else if (keyword === "COPY" || keyword === "ADD") {
      if (keyword === "ADD") throw new Error("The runtime stage uses ADD: only COPY is carried out here.");
      const flags = args.filter((a) => a.startsWith("--"));
      const paths = args.filter((a) => !a.startsWith("--"));
      const from = flags.find((f) => f.startsWith("--from="))?.slice("--from=".length);
      const dest = paths.pop();
      if (!dest || paths.length === 0)
        throw new Error(`A COPY without a source or a destination: ${args.join(" ")}`);
      if (paths.some((p) => /[*?[]/.test(p))) throw new Error(`A COPY with a wildcard: ${args.join(" ")}`);
      const dir = dest.startsWith("/") ? dest : posix.resolve(stage.workdir, dest);
      stage.copies.push({
        ...(from ? { from } : {}),
        sources: paths,
        dest: dest.endsWith("/") ? `${dir}/` : dir,
      });
    }
  }
  const fromStages = new Set(stage.copies.flatMap((c) => (c.from ? [c.from] : [])));
  for (const name of fromStages) {
    const source = stages.find((s) => s.name === name);
    if (!source) throw new Error(`COPY --from=${name} names no stage of this Dockerfile.`);
    if (fromStages.size > 1) throw new Error("The runtime stage copies from more than one stage.");
    stage.buildWorkdir = workdirOf(source.lines);
  }
  return stage;
}

/**
 * Carries out the runtime stage's copies into `into`, which stands for the stage's working
 * folder: sources of the build stage are read from `buildRoot` (standing for its working folder),
 * the others from `context`, with Docker's rules (a folder's contents are copied into the
 * destination; a file goes into a destination that ends with `/`).
 * @param {{ into: string, dockerfile?: string, buildRoot?: string, context?: string }} options
 * @returns {RuntimeStage}
 */
export function assembleRuntimeStage({
  into,
  dockerfile = join(ROOT, "Dockerfile"),
  buildRoot = ROOT,
  context = ROOT,
}) {
  const stage = readRuntimeStage(readFileSync(dockerfile, "utf8"));
  const inside = (/** @type {string} */ base, /** @type {string} */ path, /** @type {string} */ root) => {
    const relative = posix.relative(base, path);
    if (relative.startsWith(".."))
      throw new Error(`${path} is outside ${base}, which is all this assembles.`);
    return join(root, relative);
  };
  for (const copy of stage.copies) {
    const many = copy.sources.length > 1 || copy.dest.endsWith("/");
    for (const source of copy.sources) {
      const from = copy.from
        ? inside(stage.buildWorkdir, posix.resolve(stage.buildWorkdir, source), buildRoot)
        : join(context, source);
      if (!existsSync(from)) throw new Error(`COPY ${source}: ${from} does not exist (is dist/ built?).`);
      const target = inside(stage.workdir, copy.dest, into);
      if (statSync(from).isDirectory()) {
        mkdirSync(target, { recursive: true });
        cpSync(from, target, { recursive: true, dereference: true });
      } else {
        const file = many ? join(target, basename(from)) : target;
        mkdirSync(resolve(file, ".."), { recursive: true });
        cpSync(from, file, { dereference: true });
      }
    }
  }
  return stage;
}

/** @param {string} path @returns {{ files: number, bytes: number }} regular files under `path` and their total size */
export function sizeOf(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return { files: 1, bytes: stat.size };
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(path)) {
    const inner = sizeOf(join(path, entry));
    files += inner.files;
    bytes += inner.bytes;
  }
  return { files, bytes };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const into = process.argv[2];
  try {
    if (!into) throw new Error("usage: node scripts/runtime-stage.js <empty folder>");
    if (existsSync(into) && readdirSync(into).length > 0) throw new Error(`${into} is not empty.`);
    assembleRuntimeStage({ into });
    const { files, bytes } = sizeOf(into);
    console.log(`runtime stage: ${files} files, ${(bytes / 1024 / 1024).toFixed(1)} MB in ${into}`);
  } catch (err) {
    process.stderr.write(`runtime stage: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
