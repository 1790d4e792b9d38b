import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
const importsOf = (file: string) =>
  [...readFileSync(file, "utf8").matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map(
    (m) => m[1] as string,
  );

describe("architecture", () => {
  const core = files(join(root, "src/core"));

  it("has a core to check", () => {
    expect(core.length).toBeGreaterThan(5);
  });

  it("keeps the core free of adapters, platforms, the file system and the network", () => {
    const forbidden =
      /^(?:@slack\/|discord\.js|@discordjs\/|node:(?:fs|net|http|https|child_process)|fs$|better-sqlite3|ws$)|\/adapters\/|\.\.\/runtime\//;
    const offenders = core.flatMap((file) =>
      importsOf(file)
        .filter((spec) => forbidden.test(spec))
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it("joins abort signals without AbortSignal.any, whose every result a long-lived source keeps", () => {
    // See src/adapters/signals.ts: a shutdown signal joined to a deadline per request with
    // AbortSignal.any holds an entry for every request ever answered.
    const offenders = files(join(root, "src"))
      .filter((file) => /AbortSignal\.any\(/.test(readFileSync(file, "utf8")))
      .map((file) => relative(root, file));
    expect(offenders).toEqual([]);
  });

  it("lets code outside the core reach it only through its index", () => {
    const outside = files(join(root, "src")).filter((f) => !f.startsWith(join(root, "src/core")));
    const offenders = outside.flatMap((file) =>
      importsOf(file)
        .filter((spec) => /\/core\/(?!index\.js$)/.test(spec))
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });
});
