/** A letterbot process started by a test: its output, and its JSON log lines as they come. */
import type { ChildProcess } from "node:child_process";

export interface Watched {
  child: ChildProcess;
  exited: Promise<number | null>;
  stdout: () => string;
  stderr: () => string;
  /** Log lines written so far, parsed. */
  logs: () => Record<string, unknown>[];
  /** Resolves with the first log line matching `test`, or fails after `ms` or when the process exits. */
  waitForLog: (
    test: (line: Record<string, unknown>) => boolean,
    ms?: number,
  ) => Promise<Record<string, unknown>>;
}

/** Collects a spawned process's output, reading its standard error as JSON log lines. */
export function watch(child: ChildProcess, defaultWaitMs = 10_000): Watched {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (c) => {
    stdout += String(c);
  });
  child.stderr?.on("data", (c) => {
    stderr += String(c);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const logs = () =>
    stderr.split("\n").flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  const waitForLog = async (test: (line: Record<string, unknown>) => boolean, ms = defaultWaitMs) => {
    const end = Date.now() + ms;
    for (;;) {
      const found = logs().find(test);
      if (found) return found;
      if (Date.now() > end || child.exitCode !== null)
        throw new Error(`no such log line; stderr:\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return { child, exited, stdout: () => stdout, stderr: () => stderr, logs, waitForLog };
}
