/** The core's public surface: adapters and the composition root import from here only. */
export {
  ACTION_VERSION,
  type ActionOptions,
  type ActionParse,
  actionLabel,
  CONFIRM_LABEL,
  encodeAction,
  INVALID_ACTION_MESSAGE,
  MAX_ACTION_VALUE_LENGTH,
  MAX_BUTTON_LABEL,
  parseAction,
  questionKey,
  quotesIn,
  withActions,
} from "./actions.js";
export {
  type ActOptions,
  type Bot,
  type BotOptions,
  CONFIRM_AGAIN,
  CONFIRM_FAILED,
  CONFIRM_HINT,
  CONFIRM_THANKS,
  createBot,
  type DailyCommands,
  errorReply,
  helpLines,
  VOTE_AGAIN,
  VOTE_FAILED,
  VOTE_THANKS,
} from "./bot.js";
export { type ClaimReading, MAX_CLAIM_LENGTH, readClaim, stripChatMarkup } from "./claim.js";
export {
  CHECK_LABEL,
  COMMANDS,
  type Command,
  type CommandSpec,
  exampleOf,
  formatCommand,
  parseCommand,
  SEARCH_LIMIT,
  sharedLine,
  usageOf,
} from "./commands.js";
export {
  type ArticleExamples,
  type ExampleAnswer,
  type ExampleQuestion,
  type ExamplesProblem,
  type ExampleTarget,
  exampleKey,
  examplesPathFor,
  examplesProblems,
  factValue,
  formatExamples,
  parseExamples,
} from "./content/examples.js";
export { parseArticle } from "./content/parse.js";
export { quotablePassages } from "./content/quotable.js";
export { citationFor, citeQuotes, FOCUS_NOTE, focusCitation, toQuote } from "./content/quote.js";
export * from "./daily/index.js";
export { BotError, type ErrorCode, isBotError } from "./errors.js";
export { cleanInput, LIMITS } from "./input.js";
export {
  createLearning,
  DEFAULT_LEARNING_POLICY,
  isLive,
  LEARNED_REFRESH_MS,
  type Learning,
  type LearningPolicy,
  OFFER_ID,
  OFFER_TTL_MS,
  poolKey,
} from "./learning.js";
export * from "./ports.js";
export {
  COMPILED_FORMAT,
  type CompiledExamples,
  compileExamples,
  exampleSetOf,
  parseCompiledExamples,
} from "./search/compiled.js";
export {
  type Answer,
  type AnswerEngine,
  type AskContext,
  createAnswerEngine,
  type LearnedExamples,
  type LearnedPair,
  NO_LEARNED,
  type Request,
  readExampleSet,
  type ThreadTurn,
  threadOf,
} from "./search/engine.js";
export { type Lexicon, NO_LEXICON, parseLexicon } from "./search/lexicon.js";
export { answerFact } from "./search/meta.js";
export type * from "./types.js";
