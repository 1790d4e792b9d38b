import { createInterface } from "node:readline";
import type { Bot, BotReply, ChannelRef, Publisher } from "../../core/index.js";
import { renderPlainText } from "../text.js";

/** The one conversation a terminal session has. */
export const CONSOLE_CHANNEL: ChannelRef = { platform: "console", workspace: "console", channel: "terminal" };

/** What a typed line may start with to address the bot, as in chat: `/letter …` or `@letterbot …`. */
const PREFIX = /^(?:\/letter\b|@letterbot\b[:,]?)\s*/i;

export interface ConsoleOptions {
  bot: Bot;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Show a prompt and a greeting (for an interactive terminal). */
  interactive?: boolean;
}

export interface ConsoleSession {
  /** Prints daily posts into the terminal, as the console's stand-in for a channel. */
  publisher: Publisher;
  /** Resolves when the input ends (Ctrl-D) or `stop()` is called, and every line is answered. */
  closed: Promise<void>;
  /** Lines read so far, blank ones included. */
  readonly linesRead: number;
  stop(): void;
}

/** Renders a reply for the terminal; private replies say so, as they would in chat. */
export function renderForConsole(reply: BotReply): string {
  const body = renderPlainText(reply, { loudHeadings: true, suggestionsFor: "console" });
  return reply.visibility === "private" ? `(only you can see this)\n${body}` : body;
}

/**
 * A terminal session with the bot: each line is `/letter <command>`, `@letterbot <text>` or just
 * a question, answered in the same command language as in chat. Streams are injected so tests
 * drive it like a user would.
 */
export function startConsole(options: ConsoleOptions): ConsoleSession {
  const { bot, output } = options;
  const rl = createInterface({ input: options.input, terminal: false });
  // Output that went away (a closed pipe, `| head`) ends the session; it must not end the process.
  let outputGone = false;
  output.on("error", () => {
    outputGone = true;
    rl.close();
  });
  const write = (text: string) => {
    if (!outputGone) output.write(`${text}\n`);
  };
  const prompt = () => {
    if (options.interactive && !outputGone) output.write("letter> ");
  };
  if (options.interactive) {
    write(
      `letterbot: ask about "${options.bot.article.meta.title}". Try /letter demands, /letter help, or a question.`,
    );
    write("Ctrl-D exits.");
  }
  let queue = Promise.resolve();
  let linesRead = 0;
  rl.on("line", (line) => {
    linesRead++;
    queue = queue.then(async () => {
      if (!line.trim()) return prompt();
      const source = /^@letterbot\b/i.test(line.trim()) ? "mention" : "console";
      const text = line.trim().replace(PREFIX, "");
      // The console is one conversation: a follow-up is read with the questions before it.
      const reply = await bot.handle({
        where: CONSOLE_CHANNEL,
        user: "you",
        source,
        text,
        thread: "console",
      });
      write(renderForConsole(reply));
      write("");
      prompt();
    });
  });
  const closed = new Promise<void>((resolve) => rl.once("close", () => queue.then(resolve)));
  prompt();
  return {
    publisher: {
      platform: "console",
      async publish(where, reply, { idempotencyKey }) {
        write(
          `\n[daily post to #${where.channel}]\n${renderPlainText(reply, { loudHeadings: true, suggestionsFor: "console" })}\n`,
        );
        prompt();
        return { messageId: idempotencyKey };
      },
    },
    closed,
    get linesRead() {
      return linesRead;
    },
    stop: () => rl.close(),
  };
}
