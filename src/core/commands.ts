/**
 * The `/letter` command language, shared by every adapter: `/letter <subcommand> …` in chat and
 * the bot's mention followed by text. Parsing is pure; `bot.ts` runs the parsed command.
 */

/** A parsed command. Anything that is not a command word is a question. */
export type Command =
  | { name: "help" }
  | { name: "demands"; number?: number | undefined; raw?: string | undefined }
  | { name: "ask"; question: string }
  | { name: "quote"; topic?: string | undefined }
  | { name: "search"; words: string }
  | { name: "about" }
  | { name: "context"; raw: string }
  | { name: "daily"; args: string };

/** The subcommands with their usage and an example, in the order help lists them. */
export const COMMANDS = [
  {
    name: "ask",
    usage: "ask <question>",
    about: "the best quote that answers a question",
    example: "ask who did they write to?",
  },
  {
    name: "demands",
    usage: "demands [1-3]",
    about: "the letter's three demands, or one of them",
    example: "demands 2",
  },
  {
    name: "quote",
    usage: "quote [topic]",
    about: "a quotable passage, at random or about a topic",
    example: "quote surveillance",
  },
  {
    name: "search",
    usage: "search <words>",
    about: "the five passages that best match some words",
    example: "search children detention",
  },
  {
    name: "context",
    usage: "context <paragraph>",
    about: "a paragraph with its neighbours",
    example: "context 11",
  },
  { name: "about", usage: "about", about: "what the article is and who wrote it", example: "about" },
  {
    name: "daily",
    usage: "daily on [HH:MM] [time zone] | off | status | preview",
    about: "a quote in this channel every day",
    example: "daily on 09:00 Europe/Berlin",
  },
  { name: "help", usage: "help", about: "this list", example: "help" },
] as const;

export type CommandName = (typeof COMMANDS)[number]["name"];

const NAMES = new Set<string>(COMMANDS.map((c) => c.name));

/** Punctuation a removed mention leaves in front of the text: "@letterbot: demands", "@letterbot, hi". */
const LEADING_PUNCTUATION = /^[\s,:;]+/;

/** Parses cleaned command text (no `/letter`, no mention) into a command. */
export function parseCommand(text: string): Command {
  const trimmed = text.replace(LEADING_PUNCTUATION, "").trim();
  if (!trimmed) return { name: "help" };
  const [head = "", ...tail] = trimmed.split(" ");
  const word = head.toLowerCase();
  const rest = tail.join(" ").trim();
  if (!NAMES.has(word) || (word === "about" && rest)) return { name: "ask", question: trimmed };
  switch (word as CommandName) {
    case "help":
      return { name: "help" };
    case "about":
      return { name: "about" };
    case "demands": {
      if (!rest) return { name: "demands" };
      const n = /^#?(\d+)$/.exec(rest);
      return n ? { name: "demands", number: Number(n[1]) } : { name: "demands", raw: rest };
    }
    case "ask":
      return { name: "ask", question: rest };
    case "quote":
      return rest ? { name: "quote", topic: rest } : { name: "quote" };
    case "search":
      return { name: "search", words: rest };
    case "context":
      return { name: "context", raw: rest };
    case "daily":
      return { name: "daily", args: rest };
  }
}
