import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * A new user has only the repository: nothing the tests, the bot or CI run may read a path
 * outside it. (`scripts/eval.ts` alone may look for the optional question sets beside it.)
 */
const root = fileURLToPath(new URL("..", import.meta.url));
const SCANNED = ["src", "test", ".ci"];

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  );

/** The folder beside the checkout that only developers of this project have. */
const OUTSIDE_FOLDER = ["..", "shared"].join("/");
/** String literals that are relative paths going up a folder or more. */
const UPWARD = /["'`](\.\.(?:\/[^"'`\s]*)?)["'`]/g;

/** What in `text`, a file in `dir`, reads outside the repository. */
function escapesIn(text: string, dir: string): string[] {
  const found: string[] = [];
  if (text.includes(OUTSIDE_FOLDER)) found.push(`names ${OUTSIDE_FOLDER}`);
  for (const m of text.matchAll(UPWARD)) {
    const target = resolve(dir, m[1] as string);
    if (target !== resolve(root) && !target.startsWith(root)) {
      found.push(`climbs out of the repository with ${m[1]}`);
    }
  }
  return found;
}

const escapes = (file: string): string[] =>
  escapesIn(readFileSync(file, "utf8"), dirname(file)).map(
    (what) => `${relative(root, file).split(sep).join("/")} ${what}`,
  );

describe("the repository stands alone", () => {
  const scanned = SCANNED.flatMap((dir) => files(join(root, dir)));

  it("has files to check", () => {
    expect(scanned.length).toBeGreaterThan(20);
  });

  it("has no file in src/, test/ or .ci/ that reads a path outside the repository", () => {
    expect(scanned.flatMap(escapes)).toEqual([]);
  });

  it("would notice a file that did", () => {
    const up = (n: number) => "../".repeat(n);
    const testDir = join(root, "test");
    expect(escapesIn(`new URL("${up(2)}shared/seed/article.txt", import.meta.url)`, testDir)).toEqual([
      `names ${OUTSIDE_FOLDER}`,
      `climbs out of the repository with ${up(2)}shared/seed/article.txt`,
    ]);
    expect(escapesIn(`readFileSync("${up(2)}secrets.txt")`, testDir)).toHaveLength(1);
    expect(escapesIn(`new URL("${up(1)}content/article.txt", import.meta.url)`, testDir)).toEqual([]);
  });
});
