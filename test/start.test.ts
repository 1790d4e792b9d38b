import { spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  utimesSync,
} from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
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
  for (const part of ["src", "content", "lexicon", "scripts", "package.json", "package-lock.json"])
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

  it("loads Bolt only with Slack configured, and discord.js only with Discord", async () => {
    // Bolt and discord.js are bundled into chunks of dist/; a chunk holds a package when the
    // bundler's comment naming one of its files is in it (the path is relative to the checkout,
    // `../elsewhere/node_modules/…` when node_modules is a link to another folder).
    const chunks = readdirSync(join(root, "dist")).filter((f) => f.endsWith(".js"));
    const holding = (pkg: string) =>
      chunks.filter((f) =>
        new RegExp(`^// (?:\\S*/)?node_modules/${pkg}/`, "m").test(
          readFileSync(join(root, "dist", f), "utf8"),
        ),
      );
    const bolt = holding("@slack/bolt");
    const discord = holding("discord.js");
    expect(bolt.length).toBeGreaterThan(0);
    expect(discord.length).toBeGreaterThan(0);

    /** The dist/ files a run of the bot loaded, from Node's own module-loading trace. */
    const loaded = (stderr: string) =>
      new Set([...stderr.matchAll(/Storing file:\/\/\S*\/dist\/(\S+\.js)/g)].map((m) => m[1] as string));

    const consoleRun = await run(root, ["dist/main.js"], "/letter demands 1\n", { NODE_DEBUG: "esm" });
    expect(consoleRun.code).toBe(0);
    const inConsole = loaded(consoleRun.stderr);
    expect(inConsole.has("main.js")).toBe(true);
    expect([...bolt, ...discord].filter((f) => inConsole.has(f))).toEqual([]);

    const api = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ ok: true, team_id: "T1", user_id: "U1", bot_id: "B1" }));
      });
    });
    await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
    const slackRun = spawn(process.execPath, ["dist/main.js"], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? "",
        NODE_DEBUG: "esm",
        DATA_DIR: mkdtempSync(join(tmpdir(), "letterbot-lazy-")),
        SLACK_BOT_TOKEN: "xoxb-1-2-lazyLoadingCheck",
        SLACK_SIGNING_SECRET: "8f742231b10e8888abcd99yyyzzz85a5",
        SLACK_API_URL: `http://127.0.0.1:${(api.address() as AddressInfo).port}/api/`,
        PORT: "0",
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    slackRun.stderr.on("data", (c) => {
      stderr += String(c);
      if (stderr.includes('"letterbot started"')) slackRun.kill("SIGTERM");
    });
    const code = await new Promise((resolve) => slackRun.once("exit", resolve));
    api.close();
    expect(code).toBe(0);
    const inSlack = loaded(stderr);
    expect(bolt.some((f) => inSlack.has(f))).toBe(true);
    expect(discord.filter((f) => inSlack.has(f) && !bolt.includes(f))).toEqual([]);
  });
});
