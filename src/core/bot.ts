import { CONFIRM_LABEL, INVALID_ACTION_MESSAGE, questionKey, quotesIn, withActions } from "./actions.js";
import { type ClaimReading, MAX_CLAIM_LENGTH, readClaim } from "./claim.js";
import {
  CHECK_LABEL,
  COMMANDS,
  type Command,
  type CommandSpec,
  exampleOf,
  formatCommand,
  parseCommand,
  SEARCH_LIMIT,
  usageOf,
} from "./commands.js";
import { quotablePassages } from "./content/quotable.js";
import { toQuote } from "./content/quote.js";
import { summaryPassages } from "./content/summary.js";
import { LIMITS, readInput } from "./input.js";
import { createLearning, type Learning, type LearningPolicy } from "./learning.js";
import {
  type Clock,
  type FeedbackEvent,
  type FeedbackStore,
  type LearningStore,
  systemClock,
  type ThreadKey,
  type ThreadMemory,
} from "./ports.js";
import {
  type Answer,
  type AnswerEngine,
  createAnswerEngine,
  type LearnedExamples,
  type ThreadTurn,
} from "./search/engine.js";
import type { Lexicon } from "./search/lexicon.js";
import type {
  Article,
  BotReply,
  BotRequest,
  OfferPick,
  Platform,
  Quote,
  ReplyAction,
  ReplyBlock,
} from "./types.js";

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
  /**
   * Where votes and declined questions are recorded (with no user id); without it a vote is
   * thanked and forgotten.
   */
  feedback?: Pick<FeedbackStore, "recordFeedback">;
  /** Keep a question's text with its feedback (`FEEDBACK_STORE_TEXT=true`); otherwise only its key. */
  feedbackText?: boolean;
  /**
   * Where a thread's earlier questions are kept, so that a follow-up is read with them; without it
   * every question is read alone.
   */
  threads?: ThreadMemory;
  /**
   * Where offers and confirmations are kept, so that questions a workspace's readers confirm
   * answer the next person who asks there; without it (`LEARN=off`) nothing is learned.
   */
  learning?: { store: LearningStore; policy?: LearningPolicy };
  /** When feedback was given; the system clock by default. */
  clock?: Clock;
}

/** Who pressed a button, as the platform names them: shown on a shared reply. */
export interface ActOptions {
  /** The name of the person sharing, as the channel knows them (escaped when rendered). */
  sharedBy?: string;
}

/** The platform-neutral bot: text in, reply out. Never throws for any input. */
export interface Bot {
  readonly article: Article;
  readonly engine: AnswerEngine;
  /** Answers one request. */
  handle(request: BotRequest): Promise<BotReply>;
  /**
   * Does what a pressed button asks (an action from `parseAction`), for the person in `request`:
   * share re-makes the answer as a public reply marked with who shared it; context shows a
   * paragraph privately; a suggestion runs its command; a vote is recorded (when there is a
   * feedback store) and thanked, once per person and answer. A share with no text (a Discord
   * button re-posts its own message) gets a refusal.
   */
  act(action: ReplyAction, request: BotRequest, options?: ActOptions): Promise<BotReply>;
  /**
   * Answers one question directly: the best quote and up to two more, or `answered: false`; a
   * question in a thread is read with its earlier questions and what was quoted for them.
   */
  ask(question: string, thread?: readonly ThreadTurn[]): Answer;
}

/** How many of a thread's last turns are kept for reading its follow-ups. */
const THREAD_TURNS = 5;
/** How long a thread's turns are kept after its last question. */
const THREAD_TTL_MS = 24 * 60 * 60 * 1000;
/** Longest wait for a thread's turns: past it, a follow-up is read alone rather than late. */
const THREAD_DEADLINE_MS = 1_000;

/** A thread memory's failure, said as such in the log. */
const threadFailed = (err: unknown) =>
  new Error(`reading or keeping a thread failed: ${err instanceof Error ? err.message : String(err)}`, {
    cause: err,
  });

/** A promise that rejects after `ms` if it has not settled by then. */
function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** Most extra quotes `ask` adds after the best one. */
const MAX_EXTRA_QUOTES = 2;
/** Longest part of a claim repeated back in the reply that checks it. */
const CLAIM_ECHO_LENGTH = 200;
/** Least share of a fact a quote must repeat, word for word, for the fact to go unsaid. */
const REPEATED_FACT_SHARE = 0.6;
/** Fewest words of a fact a quote must repeat for the fact to go unsaid. */
const REPEATED_FACT_WORDS = 3;

/** What a reply says when a vote was taken. */
export const VOTE_THANKS = "Thanks for the feedback: it helps improve the answers.";
/** What a reply says to a second vote on the same answer by the same person. */
export const VOTE_AGAIN = "You already voted on this answer: your first vote counts. Thanks!";
/** What a reply says when a vote could not be kept. */
export const VOTE_FAILED =
  "Your vote could not be recorded just now. Nothing was changed; please try again later.";
/** A feedback store's failure, said as such in the log. */
const feedbackFailed = (err: unknown) =>
  new Error(`recording feedback failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
/** What a closest match offered for confirming says under its passages. */
export const CONFIRM_HINT = `Is it one of these? Press “${CONFIRM_LABEL}” on the one that does: the next person who asks here gets it as the answer.`;
/** What a reply to "This answers it" says, by what came of it. */
export const CONFIRM_THANKS = "Thanks, noted. The passage you picked:";
export const CONFIRM_AGAIN = "You already picked this one: it counts once. The passage:";
export const CONFIRM_FAILED = "Your pick could not be recorded just now. The passage you picked:";
/** A learning store's failure, said as such in the log. */
const learningFailed = (err: unknown) =>
  new Error(`recording a confirmation failed: ${err instanceof Error ? err.message : String(err)}`, {
    cause: err,
  });
/** Votes remembered to turn away a second one by the same person (in this process only). */
const REMEMBERED_VOTES = 10_000;

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
  const examples = article.meta.examples;
  const clock = options.clock ?? systemClock;
  const keepText = options.feedbackText === true;
  const learning: Learning | undefined = options.learning
    ? createLearning({
        engine,
        clock,
        ...options.learning,
        ...(options.onError ? { onError: options.onError } : {}),
      })
    : undefined;
  const passageById = new Map([...article.paragraphs, ...article.sentences].map((p) => [p.id, p]));

  /** One feedback event, with the request's text only when the operator keeps it. */
  const feedbackEvent = (
    kind: FeedbackEvent["kind"],
    question: string,
    passages: string[],
    platform: Platform,
    text: string | undefined,
  ): FeedbackEvent => ({
    kind,
    question,
    passages,
    platform,
    at: clock.now().toISOString(),
    ...(keepText && text !== undefined ? { text } : {}),
  });

  /**
   * Records a question the article could not answer (`declined`), or answered only with its
   * closest match (`closest`), without delaying the answer.
   */
  const noteUnanswered = (
    kind: "declined" | "closest",
    request: string,
    platform: Platform,
    passages: string[] = [],
  ) => {
    const sink = options.feedback;
    if (!sink) return;
    const event = feedbackEvent(kind, questionKey(request), passages, platform, request);
    void Promise.resolve()
      .then(() => sink.recordFeedback(event))
      .catch((err: unknown) => options.onError?.(feedbackFailed(err)));
  };

  // Who voted on what, kept in memory only and never recorded: one vote per person and answer.
  const votes = new Set<string>();
  /** The key of this person's vote on this answer, or undefined when they voted on it already. */
  const firstVote = (request: BotRequest, action: Extract<ReplyAction, { kind: "vote" }>) => {
    const { platform, workspace } = request.where;
    const key = JSON.stringify([platform, workspace, request.user, action.question, action.passages]);
    if (votes.has(key)) return undefined;
    votes.add(key);
    const oldest = votes.values().next().value;
    if (votes.size > REMEMBERED_VOTES && oldest !== undefined) votes.delete(oldest);
    return key;
  };

  /** A request's thread, when it was made in one and the bot keeps threads. */
  const threadKey = (request: BotRequest): ThreadKey | undefined =>
    options.threads && request.thread ? { ...request.where, thread: request.thread } : undefined;

  /** A thread's earlier turns; none when they cannot be read: the question is then read alone. */
  const turnsOf = async (key: ThreadKey | undefined): Promise<ThreadTurn[]> => {
    if (!key || !options.threads) return [];
    try {
      return await withDeadline(options.threads.threadTurns(key), THREAD_DEADLINE_MS);
    } catch (err) {
      options.onError?.(threadFailed(err));
      return [];
    }
  };

  /** Keeps a thread's new turn, without delaying the answer. */
  const keepTurn = (key: ThreadKey | undefined, question: string, reply: BotReply) => {
    const memory = options.threads;
    if (!key || !memory) return;
    const quoted = quotesIn(reply).flatMap((q) => (q.id ? [q.id] : []));
    const expiresAt = new Date(clock.now().getTime() + THREAD_TTL_MS);
    void Promise.resolve()
      .then(() => memory.addThreadTurn(key, { question, quoted }, THREAD_TURNS, expiresAt))
      .catch((err: unknown) => options.onError?.(threadFailed(err)));
  };

  const run = async (
    command: Command,
    request: BotRequest,
    thread: ThreadTurn[] = [],
    learned?: LearnedExamples,
  ): Promise<BotReply> => {
    const platform = request.where.platform;
    switch (command.name) {
      case "help":
        return helpReply(article, platform);
      case "about":
        return aboutReply(
          article,
          summaryPassages(article).map((p) => toQuote(p)),
          platform,
        );
      case "demands":
        return demandsReply(article, command.number, [], command.raw);
      case "ask": {
        if (!command.question) return usageReply("ask", "Ask a question about the article.", platform);
        return answerReply(
          engine.ask(command.question, 1 + MAX_EXTRA_QUOTES, { thread, ...(learned ? { learned } : {}) }),
          platform,
        );
      }
      case "check":
        if (!command.claim)
          return usageReply("check", "Give a claim to check against the article.", platform);
        return checkReply(readClaim(command.claim), platform);
      case "quote": {
        if (command.topic) return quoteReply(engine.ask(`quote ${command.topic}`, 1));
        const passage = quotable[Math.floor(random() * quotable.length)] ?? quotable[0];
        if (!passage) return notFoundReply(article, "quote");
        const quote = toQuote(passage);
        return reply("quote", "public", quote.text, [{ type: "quote", quote }]);
      }
      case "search": {
        if (!command.words) return usageReply("search", "Search for some words in the article.", platform);
        return searchReply(command.words);
      }
      case "context":
        return contextReply(article, command.raw, platform);
      case "daily":
        if (!options.daily) {
          return errorReply("Daily quotes are not available on this bot.", ["/letter quote"]);
        }
        return options.daily.handle(command.args, request);
    }
  };

  /** The reply to an answer: a recognised request gets its command's reply. */
  const answerReply = (answer: Answer, platform: Platform): BotReply => {
    switch (answer.request?.kind) {
      case "demands":
        return demandsReply(article);
      case "demand":
        return demandsReply(article, answer.request.number);
      case "summary":
        return aboutReply(article, answer.quotes, platform);
      case "help":
        return helpReply(article, platform);
      case "chat":
        return chatReply(article, platform);
      case "quote":
        return quoteReply(answer);
      case "search":
        return searchReply(answer.request.topic);
      default:
        break;
    }
    if (answer.match === "closest") return closestReply(article, answer);
    if (!answer.answered) return notFoundReply(article, "question");
    const [best, ...more] = answer.quotes;
    // A fact that a quote shown with it already states word for word would be said twice.
    const facts = (answer.facts ?? []).filter((fact) => !answer.quotes.some((q) => repeats(q.text, fact)));
    if (answer.list === "demands") return demandsReply(article, undefined, facts);
    // What a follow-up was taken to be about, so a wrong guess shows; a claim's verdict.
    const said = [
      ...(answer.about ? [`Taking this to be about ${answer.about}:`] : []),
      ...(answer.verdict ? [answer.verdict] : []),
      ...facts,
    ];
    const summary = said[0] ?? (best ? `From ${best.citation}` : "From the article's details");
    return reply("answer", "public", summary, [
      ...said.map((text): ReplyBlock => ({ type: "text", text })),
      ...(best ? [{ type: "quote", quote: best } as const] : []),
      ...(more.length ? [{ type: "subheading", text: "Also relevant" } as const] : []),
      ...more.map((quote): ReplyBlock => ({ type: "quote", quote })),
    ]);
  };

  const quoteReply = (answer: Answer): BotReply => {
    const quote = answer.quotes[0];
    if (!quote) return notFoundReply(article, "quote");
    if (answer.match === "closest") return closestReply(article, answer);
    return reply("quote", "public", quote.text, [{ type: "quote", quote }]);
  };

  const searchReply = (words: string): BotReply => {
    const hits = engine.search(words, SEARCH_LIMIT);
    if (!hits.length) return notFoundReply(article, "search");
    // The count is of the passages shown, which may be fewer than the most search lists.
    const count = hits.length === 1 ? "1 passage matches" : `${hits.length} passages match`;
    return reply("search", "public", `${count} "${words}"`, [
      { type: "heading", text: `${count} "${words}"` },
      ...hits.map((quote): ReplyBlock => ({ type: "quote", quote })),
    ]);
  };

  /** A claim checked against the article, privately: the passage that bears on it, or "it doesn't say". */
  const checkReply = (reading: ClaimReading, platform: Platform): BotReply => {
    if (!reading.ok) {
      if (reading.problem === "empty") {
        return errorReply("That message has no words I can check against the article.", ["/letter help"]);
      }
      const limit = MAX_CLAIM_LENGTH.toLocaleString("en-US");
      const how = formatCommand("check <the claim>", platform);
      return errorReply(
        `That message is too long to check as one claim (more than ${limit} characters). Pick the sentence you want checked and use ${how}.`,
        ["/letter help"],
      );
    }
    const answer = engine.ask(reading.question, 1 + MAX_EXTRA_QUOTES);
    const kind = answer.request?.kind;
    const base =
      kind === "chat" || kind === "help" ? notFoundReply(article, "question") : answerReply(answer, platform);
    const claim =
      reading.claim.length > CLAIM_ECHO_LENGTH
        ? `${reading.claim.slice(0, CLAIM_ECHO_LENGTH - 1).trimEnd()}…`
        : reading.claim;
    return {
      ...base,
      visibility: "private",
      blocks: [{ type: "text", text: `Checking against the article: “${claim}”` }, ...base.blocks],
    };
  };

  const handle = async (request: BotRequest): Promise<BotReply> => {
    try {
      const platform = request.where.platform;
      if (request.source === "check") {
        const reading = readClaim(request.text);
        const replied = checkReply(reading, platform);
        // Made again from `check <claim>`, the same claim is checked the same way.
        const made = reading.ok ? `check ${reading.claim}` : undefined;
        if (made && replied.kind === "not-found") noteUnanswered("declined", made, platform);
        return withActions(replied, { request: made, examples });
      }
      const text = readInput(request.text);
      if (text === undefined) return withActions(tooLongReply());
      const command = parseCommand(text);
      // In a thread, a question is read with the thread's earlier ones, and joins them.
      const thread = threadKey(request);
      const question = command.name === "ask" ? command.question : "";
      const turns = question ? await turnsOf(thread) : [];
      // What this workspace's readers confirmed weighs in on its questions.
      const learned = question && learning ? await learning.learnedFor(request.where) : undefined;
      const replied = await run(command, { ...request, text }, turns, learned);
      if (command.name !== "help" && replied.kind !== "error") keepTurn(thread, text, replied);
      const asked = command.name === "ask" || command.name === "check";
      if (asked && replied.kind === "not-found") noteUnanswered("declined", text, platform);
      const passages = quotesIn(replied).flatMap((q) => (q.id ? [q.id] : []));
      if (asked && replied.kind === "closest") noteUnanswered("closest", text, platform, passages);
      // A question read alone can be confirmed; a follow-up means what its thread makes it mean.
      const offerable =
        question && !turns.length && (replied.kind === "answer" || replied.kind === "closest");
      const offer = offerable && learning ? await learning.offer(request, question, passages) : undefined;
      const offered: BotReply =
        offer && replied.kind === "closest"
          ? { ...replied, blocks: [...replied.blocks, { type: "text", text: CONFIRM_HINT }] }
          : replied;
      return withActions(offered, { request: text, examples, offer });
    } catch (err) {
      options.onError?.(err);
      return withActions(
        errorReply("Something went wrong answering that. Please try again.", ["/letter help"]),
      );
    }
  };

  /** The offered passage a button picks, for its asker only; undefined when the button names no such thing. */
  const picked = async (pick: OfferPick, request: BotRequest) => {
    if (!learning) return undefined;
    const found = await learning.resolve(pick.offer, { index: pick.index }, request, true);
    const passage = found.ok ? passageById.get(found.passage) : undefined;
    return found.ok && passage ? { offer: found.offer, quote: toQuote(passage) } : undefined;
  };

  /**
   * "This answers it": the asker's confirmation of an offered passage, counted once per reader,
   * question and passage; the passage comes back privately, to share or read in context.
   */
  const confirmed = async (pick: OfferPick, request: BotRequest): Promise<BotReply> => {
    const found = await picked(pick, request);
    if (!found || !learning) return errorReply(INVALID_ACTION_MESSAGE, []);
    let said = CONFIRM_THANKS;
    try {
      const result = await learning.confirm(found.offer, found.quote.id ?? "", request, 1);
      if (result === "again") said = CONFIRM_AGAIN;
    } catch (err) {
      options.onError?.(learningFailed(err));
      said = CONFIRM_FAILED;
    }
    const answer = reply("answer", "private", said, [
      { type: "text", text: said },
      { type: "quote", quote: found.quote },
    ]);
    const { actions = [], ...rest } = withActions(answer, { examples });
    return { ...rest, actions: [{ kind: "share", pick }, ...actions] };
  };

  /** The confirmed passage posted in the channel, with the question it answers and who shared it. */
  const sharedPick = async (pick: OfferPick, request: BotRequest, acting: ActOptions): Promise<BotReply> => {
    const found = await picked(pick, request);
    if (!found) return errorReply(INVALID_ACTION_MESSAGE, []);
    const asked = `“${found.offer.question}”`;
    const shared: BotReply = {
      ...reply("answer", "public", `From ${found.quote.citation}`, [
        { type: "text", text: asked },
        { type: "quote", quote: found.quote },
      ]),
      ...(acting.sharedBy ? { sharedBy: acting.sharedBy } : {}),
    };
    return withActions(shared, { request: `ask ${found.offer.question}`, examples, offer: found.offer.id });
  };

  const act = async (
    action: ReplyAction,
    request: BotRequest,
    acting: ActOptions = {},
  ): Promise<BotReply> => {
    const as = (text: string): BotRequest => ({ ...request, source: "command", text });
    switch (action.kind) {
      case "share": {
        if (action.pick) return sharedPick(action.pick, request, acting);
        if (!action.text) {
          return errorReply("This answer can be shared only from the message it is on.", ["/letter help"]);
        }
        const made = await handle(as(action.text));
        if (!quotesIn(made).length) return made;
        const shared: BotReply = {
          ...made,
          visibility: "public",
          ...(acting.sharedBy ? { sharedBy: acting.sharedBy } : {}),
        };
        // Made again as a public reply, it offers what a public reply does (no second share).
        return withActions(shared, { request: action.text, examples });
      }
      case "context":
        return withActions(
          {
            ...contextReply(article, String(action.paragraph), request.where.platform),
            visibility: "private",
          },
          { examples },
        );
      case "confirm":
        return confirmed(action.pick, request);
      case "vote": {
        // A vote naming an offer counts for learning too, once it is found to be this workspace's.
        const bound =
          action.offer && learning
            ? await learning.resolve(action.offer, { passage: action.passages[0] ?? "" }, request, false)
            : undefined;
        if (bound && !bound.ok) return errorReply(INVALID_ACTION_MESSAGE, []);
        const voted = firstVote(request, action);
        if (voted === undefined) {
          return reply("feedback", "private", VOTE_AGAIN, [{ type: "text", text: VOTE_AGAIN }]);
        }
        const { platform } = request.where;
        const event = feedbackEvent(action.vote, action.question, action.passages, platform, action.text);
        try {
          await options.feedback?.recordFeedback(event);
        } catch (err) {
          // Not kept, so not counted: the person may try again.
          votes.delete(voted);
          options.onError?.(feedbackFailed(err));
          return errorReply(VOTE_FAILED, []);
        }
        if (bound?.ok && learning) {
          await learning
            .confirm(bound.offer, bound.passage, request, action.vote === "up" ? 1 : -1)
            .catch((err: unknown) => options.onError?.(learningFailed(err)));
        }
        return reply("feedback", "private", VOTE_THANKS, [{ type: "text", text: VOTE_THANKS }]);
      }
      case "suggest":
        return handle(as(action.command.replace(/^\/letter\b\s*/i, "")));
    }
  };

  return {
    article,
    engine,
    ask(question, thread) {
      const text = readInput(question);
      if (!text) return { answered: false, match: "none", reason: "no-topic", quotes: [] };
      return engine.ask(text, 1 + MAX_EXTRA_QUOTES, thread ? { thread } : {});
    },
    handle,
    async act(action, request, acting) {
      try {
        return await act(action, request, acting);
      } catch (err) {
        options.onError?.(err);
        return withActions(
          errorReply("Something went wrong with that button. Please try again.", ["/letter help"]),
        );
      }
    },
  };
}

/** Lower-case words of a text, for comparing a fact with a quote. */
const wordsOf = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/** Whether `quote` repeats most of `fact` word for word (a date, a name and its role). */
function repeats(quote: string, fact: string): boolean {
  const a = wordsOf(fact);
  const b = wordsOf(quote);
  let longest = 0;
  // Longest run of words the two share, by dynamic programming over the previous row.
  let previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      if (a[i - 1] === b[j - 1]) {
        row[j] = (previous[j - 1] ?? 0) + 1;
        longest = Math.max(longest, row[j] ?? 0);
      }
    }
    previous = row;
  }
  return longest >= REPEATED_FACT_WORDS && longest >= a.length * REPEATED_FACT_SHARE;
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

const specOf = (name: string): CommandSpec | undefined => COMMANDS.find((c) => c.name === name);

function usageReply(name: string, message: string, platform: Platform): BotReply {
  const spec = specOf(name);
  const usage = spec
    ? `Usage: /letter ${usageOf(spec, platform, 0)} (for example: ${exampleOf(spec, platform)})`
    : "";
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

/** What was not found: an answer, a passage for some words, a quote on a topic. */
type Missing = "question" | "search" | "quote";

const NOT_FOUND: Record<Missing, string> = {
  question: "The article doesn't say.",
  search: "No passage of the article matches those words.",
  quote: "The article has no passage about that to quote.",
};

function notFoundReply(article: Article, missing: Missing): BotReply {
  const about = article.meta.description
    ? `In brief, the article reports: ${article.meta.description}`
    : coverage(article);
  return reply(
    "not-found",
    "private",
    NOT_FOUND[missing],
    [{ type: "text", text: `${NOT_FOUND[missing]} ${about}` }],
    suggestionsFor(article),
  );
}

/** The closest passages, offered privately when none quite answers the question. */
function closestReply(article: Article, answer: Answer): BotReply {
  const [quote, ...others] = answer.quotes;
  if (!quote) return notFoundReply(article, "question");
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
      ...(answer.about ? [{ type: "text", text: `Taking this to be about ${answer.about}:` } as const] : []),
      ...(answer.verdict ? [{ type: "text", text: answer.verdict } as const] : []),
      { type: "quote", quote },
      ...(others.length ? [{ type: "subheading", text: "Also near" } as const] : []),
      ...others.map((q): ReplyBlock => ({ type: "quote", quote: q })),
    ],
    suggestionsFor(article),
  );
}

/** A short private reply to a greeting or thanks: what the bot is for. */
function chatReply(article: Article, platform: Platform): BotReply {
  return reply(
    "help",
    "private",
    "letterbot answers questions about one article with exact quotes.",
    [
      {
        type: "text",
        text: `Hi! I answer questions about "${article.meta.title}" (${article.meta.outlet}) with exact quotes. Ask me something, or try ${formatCommand("help", platform)}.`,
      },
    ],
    suggestionsFor(article),
  );
}

/** How to ask a question on a platform, for help. */
function howToAsk(platform: Platform): string {
  if (platform === "discord")
    return `Ask with ${formatCommand("ask <your question>", platform)}, or mention me.`;
  if (platform === "console") return "Type a question, or /letter <question>.";
  return "Ask with /letter <question>, or mention me.";
}

/** A command's line in help, as it is used on a platform. */
function helpLine(spec: CommandSpec, platform: Platform, demands: number): string {
  if (spec.name === "check") {
    const menu =
      platform === "slack"
        ? `, or ${CHECK_LABEL} in any message's menu`
        : platform === "discord"
          ? `, or ${CHECK_LABEL} in any message's Apps menu`
          : "";
    return `/letter ${usageOf(spec, platform, demands)}${menu} — ${spec.about}`;
  }
  return `/letter ${usageOf(spec, platform, demands)} — ${spec.about}`;
}

/** The commands an article offers: `demands` only when it has some. */
const commandsFor = (article: Article) =>
  COMMANDS.filter((c: CommandSpec) => c.name !== "demands" || article.demands.length > 0);

/** What the bot can do, one line per command as it is used on a platform (help, Slack's Home tab). */
export function helpLines(article: Article, platform: Platform): string[] {
  return commandsFor(article).map((c) => helpLine(c, platform, article.demands.length));
}

function helpReply(article: Article, platform: Platform): BotReply {
  const { meta } = article;
  const commands = commandsFor(article);
  return reply(
    "help",
    "private",
    `letterbot answers questions about "${meta.title}" with exact quotes.`,
    [
      { type: "heading", text: "letterbot" },
      {
        type: "text",
        text: `I answer questions about ${meta.outlet}'s "${meta.title}", with exact quotes and where they come from. ${coverage(article)} ${howToAsk(platform)}`,
      },
      { type: "list", items: helpLines(article, platform) },
      { type: "heading", text: "Examples" },
      {
        type: "list",
        items: commands.filter((c: CommandSpec) => c.name !== "help").map((c) => exampleOf(c, platform)),
      },
    ],
    suggestionsFor(article).slice(0, 2),
  );
}

/** Whether a front-matter link is one a chat client can open safely. */
const isWebLink = (url: string) => /^https?:\/\//i.test(url);

function aboutReply(article: Article, inBrief: Quote[], platform: Platform): BotReply {
  const { meta } = article;
  const fields = [
    { label: "Author", value: meta.authorRole ? `${meta.author}, ${meta.authorRole}` : meta.author },
    { label: "Outlet", value: meta.outlet },
    ...(meta.year !== undefined ? [{ label: "Year", value: String(meta.year) }] : []),
    ...(meta.updated ? [{ label: "Updated", value: meta.updated }] : []),
    ...(meta.firstReportedBy ? [{ label: "First reported by", value: meta.firstReportedBy }] : []),
  ];
  const count = article.demands.length;
  const demands = count ? ` The letter ends with ${count} demand${count === 1 ? "" : "s"}.` : "";
  const tries = [
    ...(count ? [formatCommand("demands", platform)] : []),
    formatCommand("ask <question>", platform),
  ];
  return reply(
    "about",
    "public",
    `${meta.title}, by ${meta.author} (${meta.outlet})`,
    [
      { type: "heading", text: meta.title },
      ...(meta.subtitle ? [{ type: "text", text: meta.subtitle } as const] : []),
      { type: "fields", fields },
      ...(meta.sourceUrl && isWebLink(meta.sourceUrl)
        ? [{ type: "link", text: `Read the original on ${meta.outlet}`, url: meta.sourceUrl } as const]
        : []),
      ...(meta.description ? [{ type: "text", text: `${meta.description}${demands}` } as const] : []),
      ...(inBrief.length ? [{ type: "heading", text: "In brief" } as const] : []),
      ...inBrief.map((quote): ReplyBlock => ({ type: "quote", quote })),
      {
        type: "text",
        text: `Try ${tries.join(", ")}, or ${formatCommand("help", platform)} for everything I can do.`,
      },
    ],
    [...(count ? ["/letter demands"] : []), "/letter help"],
  );
}

function demandsReply(article: Article, number?: number, facts: string[] = [], raw?: string): BotReply {
  const count = article.demands.length;
  if (!count) return errorReply("The letter in this article makes no list of demands.", ["/letter about"]);
  if (raw !== undefined || (number !== undefined && (number < 1 || number > count))) {
    return errorReply(`There are ${count} demands: use /letter demands or /letter demands 1 to ${count}.`, [
      "/letter demands",
    ]);
  }
  // One demand stands alone: its introduction is another paragraph, which its citation would span.
  const intro = number === undefined && article.demandsIntro ? toQuote(article.demandsIntro) : undefined;
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

function contextReply(article: Article, raw: string, platform: Platform): BotReply {
  const count = article.paragraphs.length;
  const n = /^¶?#?(\d+)$/.exec(raw.trim());
  const number = n ? Number(n[1]) : Number.NaN;
  if (!(number >= 1 && number <= count)) {
    return errorReply(
      `Give a paragraph number from 1 to ${count}, for example ${formatCommand("context 11", platform)}.`,
      ["/letter context 11"],
    );
  }
  const around = article.paragraphs.slice(Math.max(0, number - 1 - CONTEXT_RADIUS), number + CONTEXT_RADIUS);
  return reply(
    "context",
    "public",
    `Paragraph ${number} with its neighbours`,
    [
      { type: "heading", text: `¶${number} in context` },
      ...around.map(
        (p): ReplyBlock =>
          p.paragraph === number
            ? { type: "quote", quote: toQuote(p), focus: true }
            : { type: "quote", quote: toQuote(p) },
      ),
    ],
    number < count ? [`/letter context ${number + 1}`] : [],
  );
}
