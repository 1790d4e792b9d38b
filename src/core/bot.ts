import { COMMANDS, type Command, parseCommand } from "./commands.js";
import { quotablePassages } from "./content/quotable.js";
import { toQuote } from "./content/quote.js";
import { LIMITS, readInput } from "./input.js";
import { type Answer, type AnswerEngine, createAnswerEngine } from "./search/engine.js";
import type { Article, BotReply, BotRequest, Quote, ReplyBlock } from "./types.js";

/** Runs `/letter daily …` for a channel. Provided by the daily-quote module when it is set up. */
export interface DailyCommands {
  /** Handles the text after `daily` for the request's channel. */
  handle(args: string, request: BotRequest): Promise<BotReply>;
}

export interface BotOptions {
  article: Article;
  /** The answer engine; built from the article when absent. */
  engine?: AnswerEngine;
  /** Daily-post commands; without them `/letter daily` explains it is not available. */
  daily?: DailyCommands;
  /** Random source in [0, 1) for `/letter quote`; injected so tests are repeatable. */
  random?: () => number;
}

/** The platform-neutral bot: text in, reply out. Never throws for any input. */
export interface Bot {
  readonly article: Article;
  readonly engine: AnswerEngine;
  /** Answers one request. */
  handle(request: BotRequest): Promise<BotReply>;
  /** Answers one question directly: the best quote and up to two more, or `answered: false`. */
  ask(question: string): Answer;
}

/** Most extra quotes `ask` adds after the best one. */
const MAX_EXTRA_QUOTES = 2;
/** How many passages `search` lists. */
const SEARCH_LIMIT = 5;

export function createBot(options: BotOptions): Bot {
  const { article } = options;
  const engine = options.engine ?? createAnswerEngine(article);
  const random = options.random ?? Math.random;
  const quotable = quotablePassages(article);

  const run = async (command: Command, request: BotRequest): Promise<BotReply> => {
    switch (command.name) {
      case "help":
        return helpReply();
      case "about":
        return aboutReply(article);
      case "demands":
        return demandsReply(article, command.number, command.raw);
      case "ask": {
        if (!command.question) return usageReply("ask", "Ask a question about the article.");
        const answer = engine.ask(command.question, 1 + MAX_EXTRA_QUOTES);
        if (!answer.answered) return notFoundReply(command.question);
        const facts = answer.facts ?? [];
        if (answer.list === "demands") {
          return reply("answer", "public", facts[0] ?? "The letter's demands", [
            ...facts.map((text): ReplyBlock => ({ type: "text", text })),
            { type: "quote-list", intro: toQuote(article.demandsIntro), items: answer.quotes, start: 1 },
          ]);
        }
        const [best, ...more] = answer.quotes;
        return reply("answer", "public", facts[0] ?? `From ${(best as Quote).citation}`, [
          ...facts.map((text): ReplyBlock => ({ type: "text", text })),
          ...answer.quotes.slice(0, 1).map((quote): ReplyBlock => ({ type: "quote", quote })),
          ...(more.length ? [{ type: "heading", text: "Also relevant" } as const] : []),
          ...more.map((quote): ReplyBlock => ({ type: "quote", quote })),
        ]);
      }
      case "quote": {
        if (command.topic) {
          const answer = engine.ask(command.topic, 1);
          const quote = answer.quotes[0];
          if (!quote) return notFoundReply(command.topic);
          return reply("quote", "public", quote.text, [{ type: "quote", quote }]);
        }
        const passage = quotable[Math.floor(random() * quotable.length)] ?? quotable[0];
        if (!passage) return notFoundReply("a quote");
        const quote = toQuote(passage);
        return reply("quote", "public", quote.text, [{ type: "quote", quote }]);
      }
      case "search": {
        if (!command.words) return usageReply("search", "Search for some words in the article.");
        const hits = engine.search(command.words, SEARCH_LIMIT);
        if (!hits.length) return notFoundReply(command.words);
        return reply("search", "public", `${hits.length} passages match "${command.words}"`, [
          { type: "heading", text: `Passages matching "${command.words}"` },
          ...hits.map((quote): ReplyBlock => ({ type: "quote", quote })),
        ]);
      }
      case "context":
        return contextReply(article, command.raw);
      case "daily":
        if (!options.daily) {
          return errorReply("Daily quotes are not available on this bot.", ["/letter quote"]);
        }
        return options.daily.handle(command.args, request);
    }
  };

  return {
    article,
    engine,
    ask(question) {
      const text = readInput(question);
      if (!text) return { answered: false, quotes: [] };
      return engine.ask(text, 1 + MAX_EXTRA_QUOTES);
    },
    async handle(request) {
      try {
        const text = readInput(request.text);
        if (text === undefined) return tooLongReply();
        return await run(parseCommand(text), { ...request, text });
      } catch {
        return errorReply("Something went wrong answering that. Please try again.", ["/letter help"]);
      }
    },
  };
}

function reply(
  kind: BotReply["kind"],
  visibility: BotReply["visibility"],
  summary: string,
  blocks: ReplyBlock[],
  suggestions: string[] = [],
): BotReply {
  return { kind, visibility, summary, blocks, suggestions };
}

/** A private reply that explains what went wrong and what to try. */
export function errorReply(message: string, suggestions: string[] = ["/letter help"]): BotReply {
  return reply("error", "private", message, [{ type: "text", text: message }], suggestions);
}

function usageReply(name: string, message: string): BotReply {
  const command = COMMANDS.find((c) => c.name === name);
  const usage = command ? `Usage: /letter ${command.usage} (for example: /letter ${command.example})` : "";
  return reply(
    "error",
    "private",
    message,
    [{ type: "text", text: `${message} ${usage}`.trim() }],
    ["/letter help"],
  );
}

function tooLongReply(): BotReply {
  return errorReply(
    `That is too long: please keep questions under ${LIMITS.maxInputLength.toLocaleString("en-US")} characters.`,
  );
}

/** Example questions the article can answer, offered when it cannot answer one. */
const SUGGESTED_QUESTIONS = [
  "/letter demands",
  "/letter ask who did they write to?",
  "/letter ask what is Palantir?",
  "/letter about",
];

function notFoundReply(question: string): BotReply {
  const text = `The article doesn't say anything about "${question}". It covers the Amazon employees' letter to Jeff Bezos about Rekognition, ICE and Palantir.`;
  return reply(
    "not-found",
    "private",
    "The article doesn't say.",
    [
      { type: "text", text },
      { type: "heading", text: "Try" },
      { type: "list", items: SUGGESTED_QUESTIONS },
    ],
    SUGGESTED_QUESTIONS,
  );
}

function helpReply(): BotReply {
  return reply(
    "help",
    "private",
    "letterbot answers questions about the Amazon employees' letter with exact quotes.",
    [
      { type: "heading", text: "letterbot" },
      {
        type: "text",
        text: "I answer questions about CNET's report on the Amazon employees' letter to Jeff Bezos, with exact quotes and where they come from. Ask with /letter <question> or mention me.",
      },
      { type: "list", items: COMMANDS.map((c) => `/letter ${c.usage}: ${c.about}`) },
      { type: "heading", text: "Examples" },
      { type: "list", items: COMMANDS.filter((c) => c.name !== "help").map((c) => `/letter ${c.example}`) },
    ],
    ["/letter demands", "/letter ask who did they write to?"],
  );
}

function aboutReply(article: Article): BotReply {
  const { meta } = article;
  return reply(
    "about",
    "public",
    `${meta.title}, by ${meta.author} (${meta.outlet})`,
    [
      { type: "heading", text: meta.title },
      { type: "text", text: meta.subtitle },
      {
        type: "fields",
        fields: [
          { label: "Author", value: `${meta.author}, ${meta.authorRole}` },
          { label: "Outlet", value: meta.outlet },
          { label: "Year", value: String(meta.year) },
          { label: "Updated", value: meta.updated },
          { label: "First reported by", value: meta.firstReportedBy },
        ],
      },
      {
        type: "text",
        text: `The letter: Amazon employees wrote to CEO Jeff Bezos asking the company to stop selling Rekognition face recognition to police, to stop providing infrastructure to Palantir and other partners who enable ICE, and to say which agencies use Amazon's services. It ends with ${article.demands.length} demands.`,
      },
      {
        type: "text",
        text: "Try /letter demands, /letter ask <question>, or /letter help for everything I can do.",
      },
    ],
    ["/letter demands", "/letter help"],
  );
}

function demandsReply(article: Article, number?: number, raw?: string): BotReply {
  const count = article.demands.length;
  const intro = toQuote(article.demandsIntro);
  if (raw !== undefined || (number !== undefined && (number < 1 || number > count))) {
    return errorReply(`There are ${count} demands: use /letter demands or /letter demands 1 to ${count}.`, [
      "/letter demands",
    ]);
  }
  const chosen = number === undefined ? article.demands : article.demands.slice(number - 1, number);
  const items = chosen.map((d) => toQuote(d));
  return reply(
    "demands",
    "public",
    number === undefined ? `The letter's ${count} demands` : `Demand ${number} of ${count}`,
    [
      {
        type: "heading",
        text: number === undefined ? `The letter's ${count} demands` : `Demand ${number} of ${count}`,
      },
      { type: "quote-list", intro, items, start: number ?? 1 },
    ],
    number === undefined ? ["/letter ask why Palantir?"] : ["/letter demands"],
  );
}

/** Paragraphs shown on each side of the one asked for by `context`. */
const CONTEXT_RADIUS = 1;

function contextReply(article: Article, raw: string): BotReply {
  const count = article.paragraphs.length;
  const n = /^¶?#?(\d+)$/.exec(raw.trim());
  const number = n ? Number(n[1]) : Number.NaN;
  if (!(number >= 1 && number <= count)) {
    return errorReply(`Give a paragraph number from 1 to ${count}, for example /letter context 11.`, [
      "/letter context 11",
    ]);
  }
  const around = article.paragraphs.slice(Math.max(0, number - 1 - CONTEXT_RADIUS), number + CONTEXT_RADIUS);
  return reply(
    "context",
    "public",
    `Paragraph ${number} with its neighbours`,
    [
      { type: "heading", text: `¶${number} in context` },
      ...around.map((p): ReplyBlock => ({ type: "quote", quote: toQuote(p) })),
    ],
    number < count ? [`/letter context ${number + 1}`] : [],
  );
}
