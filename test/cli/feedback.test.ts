import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../../src/adapters/store/memory.js";
import { openSqliteStore } from "../../src/adapters/store/sqlite.js";
import { formatFeedbackReport, readArguments } from "../../src/cli/feedback.js";
import { type FeedbackEvent, questionKey } from "../../src/core/index.js";
import { article } from "../helpers.js";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const FEEDBACK = join(ROOT, "dist/cli/feedback.js");

const event = (
  kind: FeedbackEvent["kind"],
  question: string,
  passages: string[],
  text?: string,
): FeedbackEvent => ({
  kind,
  question: questionKey(question),
  passages,
  platform: "slack",
  at: "2026-11-26T09:00:00.000Z",
  ...(text !== undefined ? { text } : {}),
});

const swallow = "what is the airspeed velocity of an unladen swallow?";

describe("the feedback report", () => {
  it("lists the passages most voted down with their citations, and the questions most declined", async () => {
    const store = createMemoryStore();
    await store.recordFeedback(event("down", "who is palantir?", ["p11.s2", "p5.s1"]));
    await store.recordFeedback(event("down", "who is palantir?", ["p11.s2"]));
    await store.recordFeedback(event("up", "who wrote it?", ["p5.s1"]));
    await store.recordFeedback(event("declined", swallow, [], swallow));
    await store.recordFeedback(event("declined", "what is the weather?", []));
    const text = formatFeedbackReport(await store.feedbackReport(10), article);
    expect(text).toContain("Votes: 1 helpful, 2 not helpful. Questions the article did not answer: 2.");
    const p112 = article.sentences.find((s) => s.id === "p11.s2");
    const lines = text.split("\n");
    const first = lines.findIndex((l) => l.startsWith("Passages most voted down"));
    expect(lines[first + 1]).toMatch(/^ {5}2 {4}0 {2}p11\.s2 {2}the employees' letter, ¶11: “/);
    expect(lines[first + 1]).toContain(p112?.text.slice(0, 20));
    expect(lines[first + 2]).toMatch(/^ {5}1 {4}1 {2}p5\.s1 /);
    expect(text).toContain(`“${swallow}”`);
    expect(text).toContain(`key ${questionKey("what is the weather?")}`);
    expect(text).toContain("FEEDBACK_STORE_TEXT=true");
  });

  it("says when there is no feedback yet, and names a passage the article no longer has", async () => {
    const store = createMemoryStore();
    expect(formatFeedbackReport(await store.feedbackReport(10), article)).toContain("No feedback yet");
    await store.recordFeedback(event("down", "x", ["p999"]));
    expect(formatFeedbackReport(await store.feedbackReport(10), article)).toContain(
      "p999  (not in this article",
    );
  });

  it("shows stored text on one line, without control characters", async () => {
    const store = createMemoryStore();
    await store.recordFeedback(event("declined", "x", [], "evil\u001b[31m red\nnext line"));
    const text = formatFeedbackReport(await store.feedbackReport(10), article);
    expect(text).not.toContain("\u001b");
    expect(text).toContain("“evil [31m red next line”");
  });

  it("reads --limit and --json, and refuses anything else", () => {
    expect(readArguments([])).toEqual({ limit: 10, json: false });
    expect(readArguments(["--limit", "3", "--json"])).toEqual({ limit: 3, json: true });
    expect(readArguments(["--limit", "0"])).toHaveProperty("error");
    expect(readArguments(["--limit"])).toHaveProperty("error");
    expect(readArguments(["--verbose"])).toEqual({ error: "unknown argument: --verbose" });
    expect(readArguments(["--forget-before", "2026-03-01"])).toEqual({
      limit: 10,
      json: false,
      forgetBefore: "2026-03-01T00:00:00.000Z",
    });
    expect(readArguments(["--forget-before", "2026-03-01T10:00+02:00"])).toMatchObject({
      forgetBefore: "2026-03-01T08:00:00.000Z",
    });
    for (const bad of ["yesterday", "2026-13-45", "2026-03-01T10:00", ""])
      expect(readArguments(["--forget-before", bad])).toHaveProperty("error");
  });
});

describe("npm run feedback", () => {
  it("prints the report of the store the bot runs with, as text or JSON", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "letterbot-feedback-"));
    const store = openSqliteStore(join(dataDir, "letterbot.sqlite"));
    await store.recordFeedback(event("down", "who is palantir?", ["p11.s2"]));
    await store.recordFeedback(event("declined", swallow, []));
    await store.close();
    const env = { PATH: process.env.PATH ?? "", DATA_DIR: dataDir };
    const text = await run(process.execPath, [FEEDBACK], { env, cwd: dataDir });
    expect(text.stdout).toContain(
      "Votes: 0 helpful, 1 not helpful. Questions the article did not answer: 1.",
    );
    expect(text.stdout).toContain("p11.s2  the employees' letter, ¶11");
    const json = await run(process.execPath, [FEEDBACK, "--json", "--limit", "1"], { env, cwd: dataDir });
    expect(JSON.parse(json.stdout)).toEqual({
      totals: { up: 0, down: 1, declined: 1 },
      passages: [{ passage: "p11.s2", up: 0, down: 1 }],
      // One each: the tie goes to the smaller key.
      questions: [{ question: questionKey("who is palantir?"), up: 0, down: 1, declined: 0 }],
    });
  });

  it("forgets the feedback given before a day, and keeps the rest", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "letterbot-feedback-"));
    const store = openSqliteStore(join(dataDir, "letterbot.sqlite"));
    await store.recordFeedback({ ...event("down", "old", ["p9"]), at: "2026-02-28T23:00:00.000Z" });
    await store.recordFeedback({ ...event("down", "new", ["p9"]), at: "2026-03-01T01:00:00.000Z" });
    await store.close();
    const env = { PATH: process.env.PATH ?? "", DATA_DIR: dataDir };
    const forgot = await run(process.execPath, [FEEDBACK, "--forget-before", "2026-03-01"], {
      env,
      cwd: dataDir,
    });
    expect(forgot.stdout).toBe("Forgot 1 feedback event given before 2026-03-01T00:00:00.000Z.\n");
    const json = await run(process.execPath, [FEEDBACK, "--json"], { env, cwd: dataDir });
    expect(JSON.parse(json.stdout).totals).toEqual({ up: 0, down: 1, declined: 0 });
    const bad = await run(process.execPath, [FEEDBACK, "--forget-before", "soon"], {
      env,
      cwd: dataDir,
    }).catch((err: { code: number; stderr: string }) => err);
    expect(bad).toMatchObject({ code: 2 });
    const after = await run(process.execPath, [FEEDBACK, "--json"], { env, cwd: dataDir });
    expect(JSON.parse(after.stdout).totals).toEqual({ up: 0, down: 1, declined: 0 });
  });

  it("says where it looked when there is no database, and creates none", async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), "letterbot-feedback-")), "nothing-here");
    const failed = await run(process.execPath, [FEEDBACK], {
      env: { PATH: process.env.PATH ?? "", DATA_DIR: dataDir },
      cwd: tmpdir(),
    }).catch((err: { code: number; stderr: string }) => err);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toContain("No letterbot database at");
    const again = await run(process.execPath, [FEEDBACK], {
      env: { PATH: process.env.PATH ?? "", DATA_DIR: dataDir },
      cwd: tmpdir(),
    }).catch((err: { code: number }) => err);
    expect(again).toMatchObject({ code: 1 });
  });

  it("refuses a bad argument with its usage", async () => {
    const failed = await run(process.execPath, [FEEDBACK, "--limit", "lots"], { cwd: tmpdir() }).catch(
      (err: { code: number; stderr: string }) => err,
    );
    expect(failed).toMatchObject({ code: 2 });
    expect((failed as { stderr: string }).stderr).toContain("usage: npm run feedback");
  });
});
