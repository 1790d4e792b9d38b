import { COMMANDS, type Command, parseCommand } from "./commands.js";
import { quotablePassages } from "./content/quotable.js";
import { toQuote } from "./content/quote.js";
import { summaryPassages } from "./content/summary.js";
import { LIMITS, readInput } from "./input.js";
import { type Answer, type AnswerEngine, createAnswerEngine } from "./search/engine.js";
import type { Lexicon } from "./search/lexicon.js";
import type { Article, BotReply, BotRequest, Quote, ReplyBlock } from "./types.js";

/** Runs `/letter daily …` for a channel. Provided by the daily-quote module when it is set up. */
export interface DailyCommands {
  /** Handles the text after `daily` for the request's channel. */
  handle(args: string, request: BotRequest): Promise<BotReply>;
}

export interface BotOptions {
  article: Article;
  /** The answer engine; built from the article (and the lexicon) when absent. */
  engine?: AnswerEngine;
  /** General English word knowledge for the engine built here. */
  lexicon?: Lexicon;
  /** Daily-post commands; without them `/letter daily` explains it is not available. */
  daily?: DailyCommands;
  /** Random source in [0, 1) for `/letter quote`; injected so tests are repeatable. */
  random?: () => number;
  /** Told of an unexpected error answering a request; the asker gets a polite reply either way. */
  onError?: (err: unknown) => void;
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
  const engine =
    options.engine ??
    createAnswerEngine(article, {
      ...(options.lexicon ? { lexicon: options.lexicon } : {}),
      ...(options.onError ? { onError: options.onError } : {}),
    });
  const random = options.random ?? Math.random;
  const quotable = quotablePassages(article);

  const run = async (command: Command, request: BotRequest): Promise<BotReply> => {
    switch (command.name) {
      case "help":
        return helpReply(article);
      case "about":
        return aboutReply(
          article,
          summaryPassages(article).map((p) => toQuote(p)),
        );
      case "demands":
        return demandsReply(article, command.number, [], command.raw);
      case "ask": {
        if (!command.question) return usageReply("ask", "Ask a question about the article.");
        return answerReply(engine.ask(command.question, 1 + MAX_EXTRA_QUOTES), command.question);
      }
      case "quote": {
        if (command.topic) return quoteReply(engine.ask(`quote ${command.topic}`, 1), command.topic);
        const passage = quotable[Math.floor(random() * quotable.length)] ?? quotable[0];
        if (!passage) return notFoundReply(article, "a quote");
        const quote = toQuote(passage);
        return reply("quote", "public", quote.text, [{ type: "quote", quote }]);
      }
      case "search": {
        if (!command.words) return usageReply("search", "Search for some words in the article.");
        return searchReply(command.words);
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

  /** The reply to an answer: a recognised request gets its command's reply. */
  const answerReply = (answer: Answer, question: string): BotReply => {
    switch (answer.request?.kind) {
      case "demands":
        return demandsReply(article);
      case "demand":
        return demandsReply(article, answer.request.number);
      case "summary":
        return aboutReply(article, answer.quotes);
      case "help":
        return helpReply(article);
      case "chat":
        return chatReply(article);
      case "quote":
        return quoteReply(answer, answer.request.topic);
      case "search":
        return searchReply(answer.request.topic);
      default:
        break;
    }
    if (answer.match === "closest") return closestReply(article, answer);
    if (!answer.answered) return notFoundReply(article, question);
    const facts = answer.facts ?? [];
    if (answer.list === "demands") return demandsReply(article, undefined, facts);
    const [best, ...more] = answer.quotes;
    const summary = facts[0] ?? (best ? `From ${best.citation}` : "From the article's details");
    return reply("answer", "public", summary, [
      ...facts.map((text): ReplyBlock => ({ type: "text", text })),
      ...answer.quotes.slice(0, 1).map((quote): ReplyBlock => ({ type: "quote", quote })),
      ...(more.length ? [{ type: "heading", text: "Also relevant" } as const] : []),
      ...more.map((quote): ReplyBlock => ({ type: "quote", quote })),
    ]);
  };

  const quoteReply = (answer: Answer, topic: string): BotReply => {
    const quote = answer.quotes[0];
    if (!quote) return notFoundReply(article, topic);
    if (answer.match === "closest") return closestReply(article, answer);
    return reply("quote", "public", quote.text, [{ type: "quote", quote }]);
  };

  const searchReply = (words: string): BotReply => {
    const hits = engine.search(words, SEARCH_LIMIT);
    if (!hits.length) return notFoundReply(article, words);
    const count = hits.length === 1 ? "1 passage matches" : `${hits.length} passages match`;
    return reply("search", "public", `${count} "${words}"`, [
      { type: "heading", text: `Passages matching "${words}"` },
      ...hits.map((quote): ReplyBlock => ({ type: "quote", quote })),
    ]);
  };

  return {
    article,
    engine,
    ask(question) {
      const text = readInput(question);
      if (!text) return { answered: false, match: "none", reason: "no-topic", quotes: [] };
      return engine.ask(text, 1 + MAX_EXTRA_QUOTES);
    },
    async handle(request) {
      try {
        const text = readInput(request.text);
        if (text === undefined) return tooLongReply();
        return await run(parseCommand(text), { ...request, text });
      } catch (err) {
        options.onError?.(err);
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

/** Commands offered when a question cannot be answered, with the article's own example questions. */
function suggestionsFor(article: Article): string[] {
  return [
    "/letter demands",
    ...article.meta.examples.slice(0, 2).map((q) => `/letter ask ${q}`),
    "/letter about",
  ];
}

/** One line on what the article covers, for replies that explain what the bot can do. */
function coverage(article: Article): string {
  return article.meta.description ?? `It covers ${article.meta.outlet}'s article "${article.meta.title}".`;
}

function notFoundReply(article: Article, question: string): BotReply {
  const text = `The article doesn't say anything about "${question}". ${coverage(article)}`;
  const suggestions = suggestionsFor(article);
  return reply(
    "not-found",
    "private",
    "The article doesn't say.",
    [
      { type: "text", text },
      { type: "heading", text: "Try" },
      { type: "list", items: suggestions },
    ],
    suggestions,
  );
}

/** The closest passage, offered privately when none quite answers the question. */
function closestReply(article: Article, answer: Answer): BotReply {
  const quote = answer.quotes[0];
  if (!quote) return notFoundReply(article, "that");
  const why =
    answer.reason === "wrong-kind"
      ? "The article doesn't seem to give that. This is the closest passage:"
      : "The article may not answer that exactly. The closest match:";
  return reply(
    "closest",
    "private",
    "Closest match",
    [
      { type: "text", text: why },
      { type: "quote", quote },
    ],
    suggestionsFor(article),
  );
}

/** A short private reply to a greeting or thanks: what the bot is for. */
function chatReply(article: Article): BotReply {
  return reply(
    "help",
    "private",
    "letterbot answers questions about one article with exact quotes.",
    [
      {
        type: "text",
        text: `Hi! I answer questions about "${article.meta.title}" (${article.meta.outlet}) with exact quotes. Ask me something, or try /letter help.`,
      },
    ],
    suggestionsFor(article),
  );
}

function helpReply(article: Article): BotReply {
  const { meta } = article;
  return reply(
    "help",
    "private",
    `letterbot answers questions about "${meta.title}" with exact quotes.`,
    [
      { type: "heading", text: "letterbot" },
      {
        type: "text",
        text: `I answer questions about ${meta.outlet}'s "${meta.title}", with exact quotes and where they come from. ${coverage(article)} Ask with /letter <question> or mention me.`,
      },
      { type: "list", items: COMMANDS.map((c) => `/letter ${c.usage}: ${c.about}`) },
      { type: "heading", text: "Examples" },
      { type: "list", items: COMMANDS.filter((c) => c.name !== "help").map((c) => `/letter ${c.example}`) },
    ],
    suggestionsFor(article).slice(0, 2),
  );
}

function aboutReply(article: Article, inBrief: Quote[]): BotReply {
  const { meta } = article;
  const fields = [
    { label: "Author", value: meta.authorRole ? `${meta.author}, ${meta.authorRole}` : meta.author },
    { label: "Outlet", value: meta.outlet },
    ...(meta.year !== undefined ? [{ label: "Year", value: String(meta.year) }] : []),
    ...(meta.updated ? [{ label: "Updated", value: meta.updated }] : []),
    ...(meta.firstReportedBy ? [{ label: "First reported by", value: meta.firstReportedBy }] : []),
  ];
  const demands = article.demands.length ? ` The letter ends with ${article.demands.length} demands.` : "";
  return reply(
    "about",
    "public",
    `${meta.title}, by ${meta.author} (${meta.outlet})`,
    [
      { type: "heading", text: meta.title },
      ...(meta.subtitle ? [{ type: "text", text: meta.subtitle } as const] : []),
      { type: "fields", fields },
      ...(meta.description ? [{ type: "text", text: `${meta.description}${demands}` } as const] : []),
      ...(inBrief.length ? [{ type: "heading", text: "In brief" } as const] : []),
      ...inBrief.map((quote): ReplyBlock => ({ type: "quote", quote })),
      {
        type: "text",
        text: "Try /letter demands, /letter ask <question>, or /letter help for everything I can do.",
      },
    ],
    ["/letter demands", "/letter help"],
  );
}

function demandsReply(article: Article, number?: number, facts: string[] = [], raw?: string): BotReply {
  const count = article.demands.length;
  const intro = article.demandsIntro ? toQuote(article.demandsIntro) : undefined;
  if (!count) return errorReply("The letter in this article makes no list of demands.", ["/letter about"]);
  if (raw !== undefined || (number !== undefined && (number < 1 || number > count))) {
    return errorReply(`There are ${count} demands: use /letter demands or /letter demands 1 to ${count}.`, [
      "/letter demands",
    ]);
  }
  const chosen = number === undefined ? article.demands : article.demands.slice(number - 1, number);
  const items = chosen.map((d) => toQuote(d));
  const title = number === undefined ? `The letter's ${count} demands` : `Demand ${number} of ${count}`;
  return reply(
    "demands",
    "public",
    title,
    [
      { type: "heading", text: title },
      ...facts.map((text): ReplyBlock => ({ type: "text", text })),
      { type: "quote-list", ...(intro ? { intro } : {}), items, start: number ?? 1 },
    ],
    number === undefined ? ["/letter demands 1"] : ["/letter demands"],
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
