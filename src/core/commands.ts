/**
 * The `/letter` command language, shared by every adapter: `/letter <subcommand> …` in chat and
 * the bot's mention followed by text. Parsing is pure; `bot.ts` runs the parsed command. The
 * command table below is the one description of every command: help, usage lines and the way a
 * command is written on each platform all come from it.
 */
import type { Platform } from "./types.js";

/** A parsed command. Anything that is not a command word is a question. */
export type Command =
  | { name: "help" }
  | { name: "demands"; number?: number | undefined; raw?: string | undefined }
  | { name: "ask"; question: string }
  | { name: "check"; claim: string }
  | { name: "quote"; topic?: string | undefined }
  | { name: "search"; words: string }
  | { name: "about" }
  | { name: "context"; raw: string }
  | { name: "daily"; args: string };

/** One option of a command: its Discord option name and what the usage line shows for it. */
export interface CommandOption {
  name: string;
  /** Shown in text usage lines: `<question>`, `[topic]`. */
  placeholder: string;
  required: boolean;
}

/** What the label of the message shortcut and the context-menu command says, on every platform. */
export const CHECK_LABEL = "Check in the letter";

/** How many passages `/letter search` lists at most. */
export const SEARCH_LIMIT = 5;

/** Placeholder of the demand number, filled in with the article's count when help is written. */
const DEMAND_RANGE = "{demands}";

/**
 * The subcommands in the order help lists them, the same on every platform. `example` gives each
 * option a value; `sub` and `more` describe `daily`, whose Discord form is a group of subcommands.
 */
export const COMMANDS = [
  {
    name: "ask",
    options: [{ name: "question", placeholder: "<question>", required: true }],
    about: "the best quote that answers a question",
    example: { question: "who did they write to?" },
  },
  {
    name: "demands",
    options: [{ name: "number", placeholder: `[${DEMAND_RANGE}]`, required: false }],
    about: "the letter's demands, or one of them",
    example: { number: "2" },
  },
  {
    name: "quote",
    options: [{ name: "topic", placeholder: "[topic]", required: false }],
    about: "a quotable passage, at random or about a topic",
    example: { topic: "surveillance" },
  },
  {
    name: "search",
    options: [{ name: "words", placeholder: "<words>", required: true }],
    about: `up to ${SEARCH_LIMIT} passages that best match some words`,
    example: { words: "children detention" },
  },
  {
    name: "check",
    options: [{ name: "claim", placeholder: "<claim>", required: true }],
    about: "whether the article says so: the passage that supports or contradicts a claim",
    example: { claim: "they wrote to the CEO" },
  },
  {
    name: "context",
    options: [{ name: "paragraph", placeholder: "<paragraph>", required: true }],
    about: "a paragraph with its neighbours",
    example: { paragraph: "11" },
  },
  { name: "about", options: [], about: "what the article is and who wrote it", example: {} },
  {
    name: "daily",
    sub: "on",
    options: [
      { name: "time", placeholder: "[HH:MM]", required: false },
      { name: "timezone", placeholder: "[time zone]", required: false },
    ],
    more: ["off", "status", "preview"],
    about: "a quote in this channel every day",
    example: { time: "09:00", timezone: "Europe/Berlin" },
  },
  { name: "help", options: [], about: "this list", example: {} },
] as const satisfies readonly CommandSpec[];

/** The shape of one row of `COMMANDS`. */
export interface CommandSpec {
  name: string;
  options: readonly CommandOption[];
  about: string;
  example: Readonly<Record<string, string>>;
  sub?: string;
  more?: readonly string[];
}

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
    case "check":
      return { name: "check", claim: rest };
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

/** Whether `text` starts with a command word, rather than being a question. */
export function isCommandText(text: string): boolean {
  const word = text.replace(LEADING_PUNCTUATION, "").trim().split(" ")[0]?.toLowerCase() ?? "";
  return NAMES.has(word);
}

/** Discord's slash commands take named options (`question: …`); chat text takes plain words. */
const namedOptions = (platform: Platform) => platform === "discord";

const fill = (text: string, demands: number) =>
  text.replace(DEMAND_RANGE, demands > 1 ? `1-${demands}` : "1");

/** The usage line of a command on a platform: `ask <question>` or `ask question:`. */
export function usageOf(spec: CommandSpec, platform: Platform, demands: number): string {
  const named = namedOptions(platform);
  const options = spec.options.map((o) =>
    named ? (o.required ? `${o.name}:` : `[${o.name}:]`) : fill(o.placeholder, demands),
  );
  const head = [spec.name, ...(spec.sub ? [spec.sub] : []), ...options].join(" ");
  if (!spec.more) return head;
  return [head, ...spec.more.map((m) => (named ? `${spec.name} ${m}` : m))].join(" | ");
}

/** The command that answers `text`, written as a user types it on a platform: `/letter ask question: …`. */
export function formatCommand(text: string, platform: Platform): string {
  const bare = text.replace(/^\/letter\b\s*/i, "").trim();
  if (!namedOptions(platform)) return `/letter ${bare}`.trim();
  const command = parseCommand(bare);
  if (command.name === "daily") {
    const [sub = "", ...rest] = command.args.split(" ").filter(Boolean);
    // A time starts with a digit; every other word belongs to the zone ("new york", "UTC+2").
    const time = rest.find((word) => /^\d/.test(word));
    const zone = rest.filter((word) => word !== time).join(" ");
    return ["/letter daily", sub, ...(time ? [`time: ${time}`] : []), ...(zone ? [`timezone: ${zone}`] : [])]
      .filter(Boolean)
      .join(" ");
  }
  const spec: CommandSpec | undefined = COMMANDS.find((c) => c.name === command.name);
  // A question typed without a command word is all argument: Discord asks it with `ask question:`.
  const argument = isCommandText(bare) ? bare.split(" ").slice(1).join(" ").trim() : bare;
  const option = spec?.options[0];
  if (!option || !argument) return `/letter ${command.name}`;
  return `/letter ${command.name} ${option.name}: ${argument}`;
}

/** A command's example, as typed on a platform: `/letter demands 2`, `/letter demands number: 2`. */
export function exampleOf(spec: CommandSpec, platform: Platform): string {
  const values = spec.options.flatMap((o) => (spec.example[o.name] ? [spec.example[o.name]] : []));
  return formatCommand([spec.name, ...(spec.sub ? [spec.sub] : []), ...values].join(" "), platform);
}

/** The line that marks a reply someone shared to the channel: "Shared by @ana". */
export function sharedLine(name: string): string {
  return `Shared by @${name.replace(/^@+/, "")}`;
}
