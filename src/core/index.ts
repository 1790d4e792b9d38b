/** The core's public surface: adapters and the composition root import from here only. */
export { type Bot, type BotOptions, createBot, type DailyCommands, errorReply } from "./bot.js";
export { COMMANDS, type Command, parseCommand } from "./commands.js";
export { parseArticle } from "./content/parse.js";
export { quotablePassages } from "./content/quotable.js";
export { citationFor, toQuote } from "./content/quote.js";
export * from "./daily/index.js";
export { BotError, type ErrorCode, isBotError } from "./errors.js";
export { cleanInput, LIMITS } from "./input.js";
export * from "./ports.js";
export { type Answer, type AnswerEngine, createAnswerEngine, type Request } from "./search/engine.js";
export { type Lexicon, NO_LEXICON, parseLexicon } from "./search/lexicon.js";
export type * from "./types.js";
