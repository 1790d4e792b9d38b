/**
 * `npm start` (through scripts/start.js) and `node dist/main.js`: runs letterbot with the
 * process's environment (and `.env`, when present) until SIGTERM, SIGINT, the end of the console's
 * input, or a platform connection lost for good.
 */
import { existsSync } from "node:fs";
import { type Letterbot, startLetterbot } from "./app.js";
import { isBotError } from "./core/index.js";
import { redact } from "./runtime/logger.js";

/** The settings file read at start-up when present; variables already set take precedence. */
const ENV_FILE = ".env";
/** Seconds past the grace period after which the process exits however far stopping got. */
const HARD_EXIT_MARGIN_SECONDS = 3;
/**
 * A second signal this soon after the first is the same request (npm forwards its group's
 * signal to the bot a second time); a later one means "stop now".
 */
const REPEAT_SIGNAL_MS = 1_000;

function loadEnvFile(): void {
  if (!existsSync(ENV_FILE)) return;
  if (typeof process.loadEnvFile !== "function") {
    process.stderr.write(`letterbot: ignoring ${ENV_FILE}: reading it needs Node.js 20.12 or newer\n`);
    return;
  }
  process.loadEnvFile(ENV_FILE);
}

async function main(): Promise<number> {
  loadEnvFile();
  // Signals are caught from the first moment: one that arrives while starting stops the bot as
  // soon as it is up, instead of killing it halfway through opening its store.
  let bot: Letterbot | undefined;
  let firstSignalAt: number | undefined;
  let firstSignal: NodeJS.Signals | undefined;
  // A signal while starting ends start-up's waits for connections (Socket Mode that cannot
  // connect), so that the stop it asks for comes at once instead of after them.
  const starting = new AbortController();
  const beginStop = (running: Letterbot, signal: NodeJS.Signals) => {
    void running.stop(signal);
    const limit = (running.shutdownGraceSeconds + HARD_EXIT_MARGIN_SECONDS) * 1000;
    setTimeout(() => {
      running.logger.error("letterbot did not stop in time; exiting now", { seconds: limit / 1000 });
      process.exit(1);
    }, limit).unref();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    const now = Date.now();
    if (firstSignalAt === undefined) {
      firstSignalAt = now;
      firstSignal = signal;
      if (bot) beginStop(bot, signal);
      else starting.abort();
    } else if (now - firstSignalAt > REPEAT_SIGNAL_MS) {
      bot?.logger.warn("second signal: exiting without waiting for work in flight", { signal });
      process.exit(1);
    }
  };
  // `on`, not `once`: a repeated signal must never fall through to Node's default, which kills at once.
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);

  bot = await startLetterbot({
    env: process.env,
    input: process.stdin,
    output: process.stdout,
    logStream: process.stderr,
    logToTerminal: Boolean(process.stderr.isTTY),
    interactive: Boolean(process.stdin.isTTY),
    signal: starting.signal,
  });
  const running = bot;
  // A stray rejection in a listener is logged, secrets masked, and never ends the process.
  process.on("unhandledRejection", (reason) => {
    running.logger.error("unhandled rejection", { err: reason });
  });
  if (firstSignal) beginStop(running, firstSignal);
  const outcome = await running.done;
  if (outcome.notice) process.stderr.write(`${outcome.notice}\n`);
  return outcome.exitCode;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const message = isBotError(err)
      ? err.message
      : `unexpected error: ${err instanceof Error ? err.message : String(err)}`;
    process.stderr.write(`letterbot: ${redact(message)}\n`);
    process.exit(1);
  },
);
