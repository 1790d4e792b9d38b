/** Holds a SQLite file's write lock from another process, for as long as a test wants. */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const holder = fileURLToPath(new URL("./hold-lock.mjs", import.meta.url));

/** A lock held by another process. */
export interface HeldLock {
  /** Lets go of the lock; resolves once the other process has. */
  release(): Promise<void>;
}

/** Takes `file`'s write lock in another process; resolves once it is held. */
export async function holdLock(file: string): Promise<HeldLock> {
  const child = spawn(process.execPath, [holder, file], { stdio: ["pipe", "pipe", "inherit"] });
  let output = "";
  const saw = (word: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (output.includes(word)) resolve();
      };
      child.stdout.on("data", (chunk) => {
        output += String(chunk);
        check();
      });
      child.once("exit", () => (output.includes(word) ? resolve() : reject(new Error("lock holder exited"))));
      check();
    });
  await saw("locked");
  let released: Promise<void> | undefined;
  return {
    release() {
      released ??= (async () => {
        child.stdin.end();
        await saw("released");
        if (child.exitCode === null) await new Promise((resolve) => child.once("exit", resolve));
      })();
      return released;
    },
  };
}
