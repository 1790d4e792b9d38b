/** `npm start`: runs letterbot with the process's environment, until SIGTERM, SIGINT or Ctrl-D. */
import { startLetterbot } from "./app.js";
import { isBotError } from "./core/index.js";
import { redact } from "./runtime/logger.js";

async function main(): Promise<void> {
  const bot = await startLetterbot({
    env: process.env,
    input: process.stdin,
    output: process.stdout,
    logStream: process.stderr,
    interactive: Boolean(process.stdin.isTTY),
  });
  const shutdown = () => {
    bot.stop().then(() => process.exit(0));
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
  // A stray rejection in a listener is logged, secrets masked, and never ends the process.
  process.on("unhandledRejection", (reason) => {
    bot.logger.error("unhandled rejection", { err: reason });
  });
  await bot.done;
  await bot.stop();
}

main().catch((err: unknown) => {
  const message = isBotError(err)
    ? err.message
    : `unexpected error: ${err instanceof Error ? err.message : String(err)}`;
  process.stderr.write(`letterbot: ${redact(message)}\n`);
  process.exit(1);
});
