import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, statSync, symlinkSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

/** Runs `command` in `cwd` with `input` on stdin; resolves with its exit code and output. */
function run(cwd: string, args: string[], input: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH ?? "", DATA_DIR: join(cwd, "data"), ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c) => {
    stdout += String(c);
  });
  child.stderr.on("data", (c) => {
    stderr += String(c);
  });
  child.stdin.end(input);
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once("exit", (code) => resolve({ code, stdout, stderr })),
  );
}

/** A fresh checkout: the sources and the launcher, no dist/, and the installed packages. */
function freshCheckout(): string {
  const dir = mkdtempSync(join(tmpdir(), "letterbot-checkout-"));
  for (const part of ["src", "content", "scripts", "package.json"])
    cpSync(join(root, part), join(dir, part), { recursive: true });
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
  return dir;
}

describe("the compiled start (npm start)", () => {
  it("compiles a fresh checkout once, runs it with plain node, and recompiles after a source changes", async () => {
    const dir = freshCheckout();
    const first = await run(dir, ["scripts/start.js"], "/letter demands 2\n");
    expect(first.code).toBe(0);
    expect(first.stderr).toContain("compiled src/ into dist/");
    expect(first.stdout).toContain("2. Stop providing infrastructure");
    expect(existsSync(join(dir, "dist/main.js"))).toBe(true);

    const built = statSync(join(dir, "dist/main.js")).mtimeMs;
    const second = await run(dir, ["scripts/start.js"], "/letter demands 1\n");
    expect(second.stderr).not.toContain("compiled");
    expect(statSync(join(dir, "dist/main.js")).mtimeMs).toBe(built);

    const later = new Date(built + 5_000);
    utimesSync(join(dir, "src/app.ts"), later, later);
    const third = await run(dir, ["scripts/start.js"], "/letter demands 3\n");
    expect(third.stderr).toContain("compiled src/ into dist/");
    expect(third.stdout).toContain("3. Implement strong transparency");
  }, 30_000);

  it("loads neither Bolt nor discord.js when no platform is configured", async () => {
    const probe = `
      import { createRequire } from "node:module";
      import { PassThrough } from "node:stream";
      const { startLetterbot } = await import("./dist/app.js");
      const input = new PassThrough();
      const bot = await startLetterbot({ env: { DATA_DIR: process.env.DATA_DIR }, input, output: new PassThrough(), logStream: new PassThrough() });
      input.end("/letter demands\\n");
      await bot.done;
      await bot.stop();
      const loaded = Object.keys(createRequire(import.meta.url).cache);
      console.log(JSON.stringify({
        bolt: loaded.some((f) => f.includes("/@slack/bolt/")),
        discord: loaded.some((f) => f.includes("/discord.js/")),
      }));
    `;
    const dataDir = mkdtempSync(join(tmpdir(), "letterbot-probe-"));
    const result = await run(root, ["--input-type=module", "-e", probe], "", { DATA_DIR: dataDir });
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual({ bolt: false, discord: false });
  });
});
