/**
 * The container image, outside Docker: the Dockerfile's runtime stage assembled into a folder the
 * way its COPY lines list them (from the compiled dist/ the global setup builds), what it holds,
 * and the bot started from it with plain node as the image's CMD starts it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assembleRuntimeStage, type RuntimeStage, sizeOf } from "../scripts/runtime-stage.js";
import { FakeSlack, workspace } from "./fakes/slack/server.js";
import { watch } from "./process.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

/** Every file under `dir`, as paths relative to it with forward slashes, sorted. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) =>
      join(entry.parentPath, entry.name)
        .slice(dir.length + 1)
        .replaceAll("\\", "/"),
    )
    .sort();

let folder: string;
let stage: RuntimeStage;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), "letterbot-image-"));
  stage = assembleRuntimeStage({ into: folder });
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe("the Dockerfile's runtime stage", () => {
  it("holds dist/, content/, lexicon/ and better-sqlite3's binding with the JavaScript that loads it, and nothing else", () => {
    const files = filesUnder(folder);
    const under = (prefix: string) =>
      files.filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length));
    expect(under("dist/")).toEqual(filesUnder(join(root, "dist")));
    // The article with its example questions, which the bot reads at start-up.
    expect(under("content/")).toEqual(filesUnder(join(root, "content")));
    expect(under("content/")).toEqual(
      expect.arrayContaining(["article.md", "article.questions.yml", "article.questions.compiled.json"]),
    );
    expect(under("lexicon/")).toEqual(filesUnder(join(root, "lexicon")));
    expect(readdirSync(join(folder, "node_modules")).sort()).toEqual([
      "better-sqlite3",
      "bindings",
      "file-uri-to-path",
    ]);
    expect(under("node_modules/better-sqlite3/")).toEqual([
      "LICENSE",
      "build/Release/better_sqlite3.node",
      ...filesUnder(join(root, "node_modules/better-sqlite3/lib")).map((f) => `lib/${f}`),
      "package.json",
    ]);
    expect(under("node_modules/bindings/")).toEqual(["LICENSE.md", "bindings.js", "package.json"]);
    expect(under("node_modules/file-uri-to-path/")).toEqual(["LICENSE", "index.js", "package.json"]);
    const elsewhere = files.filter((f) => !/^(dist|content|lexicon|node_modules)\//.test(f));
    expect(elsewhere).toEqual([]);
    // No SQLite sources or build objects: the binding alone is about 2 MB.
    expect(files.filter((f) => /\.(c|cc|cpp|h|o|a|gyp)$/.test(f))).toEqual([]);
    expect(sizeOf(folder).bytes).toBeLessThan(25 * 1024 * 1024);
  });

  it("declares no volume, so that a replica whose state is in PostgreSQL leaves no anonymous one behind", () => {
    expect(stage.volumes).toEqual([]);
  });

  it("starts from that folder with plain node as its CMD says: ready, and answering on SQLite", async () => {
    const slack = await FakeSlack.start({
      clientId: "1.2",
      clientSecret: "s",
      workspaces: [workspace("T0IMAGE")],
    });
    const [program, ...args] = stage.cmd;
    expect(program).toBe("node");
    const dataDir = mkdtempSync(join(tmpdir(), "letterbot-image-data-"));
    const child: ChildProcess = spawn(process.execPath, args, {
      cwd: folder,
      env: {
        PATH: process.env.PATH ?? "",
        NODE_ENV: "production",
        DATA_DIR: dataDir,
        SLACK_BOT_TOKEN: slack.options.workspaces[0]?.botToken ?? "",
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        PORT: "0",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const bot = watch(child, 20_000);
    try {
      const started = await bot.waitForLog((l) => l.message === "letterbot started");
      expect(started.store).toBe("sqlite");
      const [port] = started.healthPorts as number[];
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      const body = new URLSearchParams({
        command: "/letter",
        text: "demands 1",
        team_id: "T0IMAGE",
        user_id: "U0IMAGE",
        channel_id: "C0IMAGE",
      }).toString();
      const timestamp = String(Math.floor(Date.now() / 1000));
      const signature = `v0=${createHmac("sha256", SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest("hex")}`;
      const answer = await fetch(`http://127.0.0.1:${port}/slack/events`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-slack-request-timestamp": timestamp,
          "x-slack-signature": signature,
        },
        body,
      });
      expect(await answer.text()).toContain("Stop selling facial recognition services to law enforcement");
      child.kill("SIGTERM");
      expect(await bot.exited).toBe(0);
      expect(readdirSync(dataDir)).toContain("letterbot.sqlite");
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
      await slack.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);
});
