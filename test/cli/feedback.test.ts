import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../../src/adapters/store/memory.js";
import { openSqliteStore } from "../../src/adapters/store/sqlite.js";
import { formatFeedbackReport, readArguments, runLearned } from "../../src/cli/feedback.js";
import {
  type Confirmation,
  type FeedbackEvent,
  type LearningStore,
  parseExamples,
  questionKey,
} from "../../src/core/index.js";
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
    expect(text).toContain(
      "Votes: 1 helpful, 2 not helpful. Questions the article did not answer: 2; answered only with a closest match: 0.",
    );
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

describe("learned examples for the operator", () => {
  const policy = { minUsers: 3, keepDays: 90 };
  const confirmation = (
    voter: string,
    question: string,
    passage: string,
    vote: 1 | -1 = 1,
  ): Confirmation => ({
    platform: "slack",
    workspace: "T1",
    pool: `pool-${question}`,
    question,
    passage,
    voter,
    vote,
    at: new Date(),
  });
  const run = async (store: LearningStore, command: Parameters<typeof runLearned>[0]) => {
    let out = "";
    const code = await runLearned(command, store, article, policy, false, (t) => {
      out += t;
    });
    return { code, out };
  };
  const seeded = async () => {
    const store = createMemoryStore();
    for (const voter of ["a", "b", "c"])
      await store.recordConfirmation(confirmation(voter, "how do workers feel", "p10.s2"));
    await store.recordConfirmation(confirmation("a", "who is ibm", "p14.s1"));
    await store.recordConfirmation(confirmation("b", "who is ibm", "p14.s1", 1));
    await store.recordConfirmation(confirmation("c", "who is ibm", "p14.s1", -1));
    return store;
  };

  it("lists them by passage in the article's order, with their counts and whether they are live", async () => {
    const store = await seeded();
    const { out } = await run(store, { kind: "suggestions" });
    const lines = out.split("\n");
    const p10 = lines.findIndex((l) => l.startsWith("p10.s2  the employees' letter, ¶10"));
    const p14 = lines.findIndex((l) => l.startsWith("p14.s1  "));
    expect(p10).toBeGreaterThan(0);
    expect(p14).toBeGreaterThan(p10);
    expect(lines[p10 + 1]).toMatch(/^ {2}[0-9a-f]{12} {2}live {5}\+3 −0 .*slack:T1 .*“how do workers feel”/);
    expect(lines[p14 + 1]).toMatch(/waiting +\+2 −1 .*“who is ibm”/);
  });

  it("accepts, rejects and forgets by id, and exports the accepted as an examples file", async () => {
    const store = await seeded();
    const [ibm, workers] = await Promise.all(
      ["who is ibm", "how do workers feel"].map(async (q) =>
        (await store.allLearnedRecords(10)).find((r) => r.question === q),
      ),
    );
    expect(await run(store, { kind: "accept", id: ibm?.id as string })).toEqual({
      code: 0,
      out: `Accepted ${ibm?.id}.\n`,
    });
    const exported = await run(store, { kind: "export" });
    const parsed = parseExamples(exported.out, article, "learned.questions.yml");
    expect(parsed.answers).toEqual([
      expect.objectContaining({
        target: { kind: "passage", id: "p14.s1" },
        questions: [expect.objectContaining({ text: "who is ibm" })],
      }),
    ]);
    expect((await run(store, { kind: "reject", id: workers?.id as string })).code).toBe(0);
    const rejected = (await store.allLearnedRecords(10)).find((r) => r.id === workers?.id);
    expect(rejected).toMatchObject({ status: "rejected" });
    expect(rejected?.question).toBeUndefined();
    // Rejected: the same readers confirming again bring nothing back.
    expect(await store.recordConfirmation(confirmation("a", "how do workers feel", "p10.s2"))).toBe(
      "refused",
    );
    expect((await run(store, { kind: "suggestions" })).out).not.toContain("how do workers feel");
    expect(await run(store, { kind: "forget", id: ibm?.id as string })).toEqual({
      code: 0,
      out: `Forgot ${ibm?.id}.\n`,
    });
    expect((await run(store, { kind: "forget", id: ibm?.id as string })).code).toBe(1);
    expect((await store.allLearnedRecords(10)).map((r) => r.id)).toEqual([workers?.id]);
  });

  it("reads the learned-example commands, one at a time, with a well-formed id", () => {
    expect(readArguments(["--suggestions"])).toEqual({
      limit: 10,
      json: false,
      learned: { kind: "suggestions" },
    });
    expect(readArguments(["--accept", "0123456789ab"])).toMatchObject({
      learned: { kind: "accept", id: "0123456789ab" },
    });
    expect(readArguments(["--reject", "x; DROP TABLE"])).toHaveProperty("error");
    expect(readArguments(["--forget"])).toHaveProperty("error");
    expect(readArguments(["--export", "--suggestions"])).toHaveProperty("error");
    expect(readArguments(["--export", "--forget-before", "2026-01-01"])).toHaveProperty("error");
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
      "Votes: 0 helpful, 1 not helpful. Questions the article did not answer: 1; answered only with a closest match: 0.",
    );
    expect(text.stdout).toContain("p11.s2  the employees' letter, ¶11");
    const json = await run(process.execPath, [FEEDBACK, "--json", "--limit", "1"], { env, cwd: dataDir });
    expect(JSON.parse(json.stdout)).toEqual({
      totals: { up: 0, down: 1, declined: 1, closest: 0 },
      passages: [{ passage: "p11.s2", up: 0, down: 1 }],
      // One each: the tie goes to the smaller key.
      questions: [{ question: questionKey("who is palantir?"), up: 0, down: 1, declined: 0, closest: 0 }],
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
    expect(JSON.parse(json.stdout).totals).toEqual({ up: 0, down: 1, declined: 0, closest: 0 });
    const bad = await run(process.execPath, [FEEDBACK, "--forget-before", "soon"], {
      env,
      cwd: dataDir,
    }).catch((err: { code: number; stderr: string }) => err);
    expect(bad).toMatchObject({ code: 2 });
    const after = await run(process.execPath, [FEEDBACK, "--json"], { env, cwd: dataDir });
    expect(JSON.parse(after.stdout).totals).toEqual({ up: 0, down: 1, declined: 0, closest: 0 });
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
