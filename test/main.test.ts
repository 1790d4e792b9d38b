import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

/** Runs the compiled entry point (what `npm start` runs, built by the global setup) as a real process. */
function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ["dist/main.js"], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", DATA_DIR: mkdtempSync(join(tmpdir(), "letterbot-main-")), ...env },
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
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

describe("npm start", () => {
  it("answers on the console and exits when its input ends", async () => {
    const run = start({});
    run.child.stdin.end("/letter demands 1\n");
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toContain("1. Stop selling facial recognition services to law enforcement");
  });

  it("stops cleanly on SIGTERM", async () => {
    const run = start({});
    run.child.stdin.write("/letter about\n");
    await new Promise<void>((resolve) => {
      run.child.stdout.on("data", () => {
        if (run.stdout().includes("Sean Keane")) resolve();
      });
    });
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
  });

  it("refuses bad settings with one message that names the variable and hides the secret", async () => {
    const token = "xoxb-1234567890-1234567890-SECRETSECRETSECRET";
    const run = start({ SLACK_BOT_TOKEN: token });
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toMatch(/SLACK_APP_TOKEN|SLACK_SIGNING_SECRET/);
    expect(run.stderr() + run.stdout()).not.toContain("SECRETSECRETSECRET");
  });
});
