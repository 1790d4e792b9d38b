/**
 * letterbot as a real process (the compiled entry point, built by the global setup) when its SQLite
 * store misbehaves: a data folder that cannot be made.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { type Watched, watch } from "./process.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const BOT_TOKEN = "xoxb-1111-2222-fakeBotTokenValue";
const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

const children: ChildProcess[] = [];
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function run(env: Record<string, string>): Watched {
  const child = spawn(process.execPath, [join(root, "dist/main.js")], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", LOG_FORMAT: "json", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  return watch(child);
}

describe("letterbot with a data folder that cannot be made", () => {
  it.skipIf(!existsSync("/proc/self"))(
    "stops at once with one line naming the folder, where Node's own recursive mkdir would spin forever",
    async () => {
      const bot = run({
        DATA_DIR: "/proc/nope/data",
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
      });
      const outcome = await Promise.race([
        bot.exited,
        new Promise((resolve) => setTimeout(() => resolve("still running after 10 s"), 10_000)),
      ]);
      expect(outcome).toBe(1);
      const lines = bot.stderr().trim().split("\n");
      expect(lines).toEqual([
        "letterbot: Cannot create the database folder /proc/nope/data (at /proc/nope): no folder can be made there. Set DATA_DIR to a writable folder.",
      ]);
    },
  );
});
