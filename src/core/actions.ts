/**
 * The buttons on a reply, platform-neutral: which actions a reply offers, and how an action
 * travels in a button's value and comes back. A value comes back from the platform when the
 * button is pressed, possibly forged, so it is read like any user input: validated, checked
 * against the article, and turned into an action or a clear refusal, never an exception.
 *
 * Values are short text: `lb1:<kind>:<fields>` (`lb1` is the format's version), with any free
 * text last so it needs no escaping. Discord's custom ids hold 100 characters, Slack's values
 * 2,000: the encoder leaves out what does not fit and is not needed (a share's text, since a
 * Discord button can share the message it is attached to; a vote's question text, whose key stays).
 * A confirmation ("This answers it"), a share of one and a vote that counts for learning name a
 * stored offer and a place in it (`lb1:k:<offer>:<place>`), never a passage or a question of their
 * own: what the offer holds is checked against the store when the button is pressed.
 */
import { z } from "zod";
import { formatCommand, isCommandText, parseCommand } from "./commands.js";
import { cleanInput, LIMITS } from "./input.js";
import { OFFER_ID } from "./learning.js";
import type { Article, BotReply, OfferPick, Platform, Quote, ReplyAction, ReplyKind } from "./types.js";

/** The format version every value starts with; a value of another version is refused. */
export const ACTION_VERSION = "lb1";

/** Longest value the parser reads: Slack's limit on a button value. */
export const MAX_ACTION_VALUE_LENGTH = 2000;

/** Replies a reader may share to the channel when they are private. */
const SHAREABLE: ReadonlySet<ReplyKind> = new Set(["answer", "closest", "quote", "search"]);
/** Replies whose first quote may be shown in context. */
const WITH_CONTEXT: ReadonlySet<ReplyKind> = new Set(["answer", "closest", "quote", "search", "daily-post"]);
/** Replies a reader may vote on. */
const VOTABLE: ReadonlySet<ReplyKind> = new Set(["answer", "closest"]);
/** Commands whose reply is the same each time, so sharing may make it again. */
const RERUNNABLE = new Set(["ask", "check", "search", "quote"]);

/** Most passages a vote names: the most quotes any reply shows, with room to spare. */
const MAX_VOTE_PASSAGES = 12;

const KIND_CODES = { share: "s", context: "c", vote: "v", suggest: "g", confirm: "k" } as const;
/** A suggestion given by the index of one of the article's example questions. */
const EXAMPLE_CODE = "e";
/** A share of a passage confirmed from an offer. */
const PICK_CODE = "p";
/** Replies whose quotes are offered as the closest matches, each to be confirmed. */
const CONFIRMABLE: ReadonlySet<ReplyKind> = new Set(["closest"]);

/**
 * A short, stable key of a request, so votes on the same question group without its text. A
 * question asked with or without `ask`, in any case, with or without its closing punctuation,
 * is the same question.
 */
export function questionKey(text: string): string {
  const clean = cleanInput(text).toLowerCase();
  const command = parseCommand(clean);
  const basis = (command.name === "ask" ? command.question : clean).replace(/[\s?!.]+$/, "");
  // FNV-1a over the normalized text: small, fast and stable across processes and versions.
  let hash = 0x811c9dc5;
  for (const char of basis) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

/** The command text that makes a reply again, when running it again gives the same reply. */
function rerunnable(text: string | undefined): text is string {
  if (!text || text.length > LIMITS.maxInputLength) return false;
  const command = parseCommand(text);
  if (command.name === "quote") return command.topic !== undefined;
  return RERUNNABLE.has(command.name);
}

/** The example question a suggestion asks, as its index in the article's examples. */
function exampleIndex(examples: readonly string[], command: string): number | undefined {
  const parsed = parseCommand(command.replace(/^\/letter\s+/i, ""));
  if (parsed.name !== "ask") return undefined;
  const index = examples.indexOf(parsed.question);
  return index >= 0 ? index : undefined;
}

/** What `withActions` needs besides the reply. */
export interface ActionOptions {
  /** The command text that made the reply ("ask who wrote it?"), when a request made it. */
  request?: string | undefined;
  /** The article's example questions, so a suggestion of one travels as its index. */
  examples?: readonly string[] | undefined;
  /**
   * The offer stored for the reply's quotes (see `Offer`): a closest match gets a "This answers
   * it" per quote, and votes name the offer, so that they count for learning.
   */
  offer?: string | undefined;
}

/** The quotes a reply shows, in order, with a list's introduction first. */
export function quotesIn(reply: Pick<BotReply, "blocks">): Quote[] {
  return reply.blocks.flatMap((b) =>
    b.type === "quote"
      ? [b.quote]
      : b.type === "quote-list"
        ? [...(b.intro ? [b.intro] : []), ...b.items]
        : [],
  );
}

/**
 * The reply with what a reader can do with it: share a private answer, see its first quote in
 * context, vote on an answer, run a suggestion. Also records the request that made it and the
 * passages it quotes, which the actions carry.
 */
export function withActions(reply: BotReply, options: ActionOptions = {}): BotReply {
  const { request } = options;
  const quotes = quotesIn(reply);
  const passages = quotes.flatMap((q) => (q.id ? [q.id] : []));
  const actions: ReplyAction[] = [];
  if (reply.visibility === "private" && SHAREABLE.has(reply.kind) && rerunnable(request)) {
    actions.push({ kind: "share", text: request });
  }
  const first = quotes[0];
  const context = first && WITH_CONTEXT.has(reply.kind) ? first.paragraph : undefined;
  if (context !== undefined) actions.push({ kind: "context", paragraph: context });
  const { offer } = options;
  const confirmable = offer !== undefined && CONFIRMABLE.has(reply.kind);
  if (confirmable) {
    quotes.forEach((quote, index) => {
      if (quote.id) actions.push({ kind: "confirm", pick: { offer, index }, paragraph: quote.paragraph });
    });
  }
  // Offered to be confirmed one by one, closest matches need no vote besides.
  if (VOTABLE.has(reply.kind) && request && !confirmable) {
    const question = questionKey(request);
    // Text longer than any request may be is never read back, so it does not travel; its key does.
    const text = request.length <= LIMITS.maxInputLength ? request : undefined;
    for (const vote of ["up", "down"] as const) {
      actions.push({
        kind: "vote",
        vote,
        passages,
        question,
        ...(text ? { text } : {}),
        ...(offer ? { offer } : {}),
      });
    }
  }
  for (const command of new Set(reply.suggestions)) {
    // "Show context" already does what this suggestion would.
    if (context !== undefined && command === `/letter context ${context}`) continue;
    const example = exampleIndex(options.examples ?? [], command);
    actions.push({ kind: "suggest", command, ...(example !== undefined ? { example } : {}) });
  }
  // Whatever the reply offered before is replaced: a private answer made public loses its Share.
  const { actions: _before, ...rest } = reply;
  return {
    ...rest,
    ...(request !== undefined ? { request } : {}),
    ...(passages.length ? { passages } : {}),
    ...(actions.length ? { actions } : {}),
  };
}

/**
 * The button value of an action, at most `maxLength` characters, leaving out what a shorter value
 * can do without; `undefined` when even the shortest form does not fit (then show no button).
 */
export function encodeAction(action: ReplyAction, maxLength: number): string | undefined {
  const head = `${ACTION_VERSION}:${KIND_CODES[action.kind]}`;
  const fits = (value: string) => value.length <= Math.min(maxLength, MAX_ACTION_VALUE_LENGTH);
  const first = (...candidates: (string | undefined)[]) =>
    candidates.find((c): c is string => c !== undefined && fits(c));
  const pick = (p: OfferPick) => `${p.offer}:${p.index}`;
  switch (action.kind) {
    case "share":
      if (action.pick) return first(`${ACTION_VERSION}:${PICK_CODE}:${pick(action.pick)}`);
      return first(action.text ? `${head}:${action.text}` : undefined, head);
    case "confirm":
      return first(`${head}:${pick(action.pick)}`);
    case "context":
      return first(`${head}:${action.paragraph}`);
    case "vote": {
      const key = action.offer ? `${action.question}.${action.offer}` : action.question;
      const base = `${head}:${action.vote === "up" ? "u" : "d"}:${action.passages.join(",")}:${key}`;
      return first(action.text ? `${base}:${action.text}` : undefined, base);
    }
    case "suggest":
      return first(
        `${head}:${action.command.replace(/^\/letter\s+/i, "")}`,
        action.example !== undefined ? `${ACTION_VERSION}:${EXAMPLE_CODE}:${action.example}` : undefined,
      );
  }
}

/** The result of reading a button value: the action, or why it was refused. */
export type ActionParse =
  | { ok: true; action: ReplyAction }
  | {
      ok: false;
      /** For the person who pressed it: what happened and that nothing was done. */
      message: string;
      /** For the log: what was wrong with the value. */
      reason: string;
    };

/** What a person who pressed a forged, broken or outdated button is told. */
export const INVALID_ACTION_MESSAGE =
  "That button is not one I can use (it may be from an older version of me). Nothing was done. Try /letter help.";

const refuse = (reason: string): ActionParse => ({ ok: false, message: INVALID_ACTION_MESSAGE, reason });

const TEXT = z
  .string()
  .min(1)
  .max(LIMITS.maxInputLength)
  .refine((t) => cleanInput(t) === t, "text that is not clean");
const PASSAGE_ID = /^p\d{1,4}(?:\.s\d{1,3})?$/;
const NUMBER = z
  .string()
  .regex(/^[1-9]\d{0,3}$/, "a number")
  .transform(Number);

/** The fields after `lb1:<kind>:`, per kind; any free text is the last field and may hold colons. */
const FIELDS = {
  s: z.tuple([]).rest(z.string()),
  c: z.tuple([NUMBER]),
  v: z
    .tuple([
      z.enum(["u", "d"]),
      z
        .string()
        .max(MAX_VOTE_PASSAGES * 10)
        .transform((s) => (s ? s.split(",") : []))
        .pipe(z.array(z.string().regex(PASSAGE_ID, "a passage id")).max(MAX_VOTE_PASSAGES)),
      z
        .string()
        .regex(/^[0-9a-z]{1,8}(?:\.[A-Za-z0-9_-]{12})?$/, "a question key, and an offer")
        .transform((k) => k.split(".") as [string, string | undefined]),
    ])
    .rest(z.string()),
  g: z.tuple([]).rest(z.string()),
  k: z.tuple([
    z.string().regex(OFFER_ID, "an offer id"),
    z
      .string()
      .regex(/^\d{1,2}$/, "a place among the offered")
      .transform(Number),
  ]),
  e: z.tuple([
    z
      .string()
      .regex(/^\d{1,3}$/, "an example index")
      .transform(Number),
  ]),
} as const;

/** Splits `fields` into `fixed` fields and the rest, which keeps its colons. */
function split(fields: string, fixed: number): string[] {
  const parts = fields === "" && fixed === 0 ? [] : fields.split(":");
  if (parts.length <= fixed) return parts;
  return [...parts.slice(0, fixed), parts.slice(fixed).join(":")];
}

const zodReason = (error: z.ZodError) =>
  error.issues.map((i) => `${i.path.join(".") || "value"}: ${i.message}`).join("; ");

/** Reads a button value back into an action, checked against `article`. Never throws. */
export function parseAction(value: unknown, article: Article): ActionParse {
  try {
    return readAction(value, article);
  } catch (err) {
    return refuse(`unreadable value: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function readAction(value: unknown, article: Article): ActionParse {
  const raw = z.string().min(1).max(MAX_ACTION_VALUE_LENGTH).safeParse(value);
  if (!raw.success) return refuse(`not a button value: ${zodReason(raw.error)}`);
  const [version = "", code = "", ...rest] = raw.data.split(":");
  if (version !== ACTION_VERSION) return refuse(`unknown version "${version.slice(0, 16)}"`);
  const body = rest.join(":");
  switch (code) {
    case "s": {
      const text = body || undefined;
      if (text === undefined) return { ok: true, action: { kind: "share" } };
      const checked = TEXT.safeParse(text);
      if (!checked.success) return refuse(`share: ${zodReason(checked.error)}`);
      if (!rerunnable(text)) return refuse("share: not a command whose reply can be shared");
      return { ok: true, action: { kind: "share", text } };
    }
    case "c": {
      const fields = FIELDS.c.safeParse(split(body, 1));
      if (!fields.success) return refuse(`context: ${zodReason(fields.error)}`);
      const [paragraph] = fields.data;
      if (paragraph > article.paragraphs.length) return refuse(`context: no paragraph ${paragraph}`);
      return { ok: true, action: { kind: "context", paragraph } };
    }
    case "v": {
      const fields = FIELDS.v.safeParse(split(body, 3));
      if (!fields.success) return refuse(`vote: ${zodReason(fields.error)}`);
      const [vote, passages, [question, offer], text] = fields.data;
      const unknown = passages.find((id) => !passageIds(article).has(id));
      if (unknown) return refuse(`vote: no passage ${unknown}`);
      if (text !== undefined) {
        const checked = TEXT.safeParse(text);
        if (!checked.success) return refuse(`vote: ${zodReason(checked.error)}`);
        if (questionKey(text) !== question) return refuse("vote: the text does not match its key");
      }
      return {
        ok: true,
        action: {
          kind: "vote",
          vote: vote === "u" ? "up" : "down",
          passages,
          question,
          text,
          ...(offer ? { offer } : {}),
        },
      };
    }
    case "k":
    case PICK_CODE: {
      const fields = FIELDS.k.safeParse(split(body, 2));
      if (!fields.success) return refuse(`offer: ${zodReason(fields.error)}`);
      const [offer, index] = fields.data;
      // Whether the offer exists, and holds that place, is for the bot to check against the store.
      return code === "k"
        ? { ok: true, action: { kind: "confirm", pick: { offer, index } } }
        : { ok: true, action: { kind: "share", pick: { offer, index } } };
    }
    case "g": {
      const checked = TEXT.safeParse(body);
      if (!checked.success) return refuse(`suggestion: ${zodReason(checked.error)}`);
      if (!isCommandText(body)) return refuse("suggestion: not a /letter command");
      const command = `/letter ${body}`;
      const example = exampleIndex(article.meta.examples, command);
      return {
        ok: true,
        action: { kind: "suggest", command, ...(example !== undefined ? { example } : {}) },
      };
    }
    case EXAMPLE_CODE: {
      const fields = FIELDS.e.safeParse(split(body, 1));
      if (!fields.success) return refuse(`suggestion: ${zodReason(fields.error)}`);
      const [example] = fields.data;
      const question = article.meta.examples[example];
      if (question === undefined) return refuse(`suggestion: no example ${example}`);
      return { ok: true, action: { kind: "suggest", command: `/letter ask ${question}`, example } };
    }
    default:
      return refuse(`unknown kind "${code.slice(0, 16)}"`);
  }
}

const idSets = new WeakMap<Article, ReadonlySet<string>>();
/** Every passage id of the article: paragraphs and sentences. */
function passageIds(article: Article): ReadonlySet<string> {
  let ids = idSets.get(article);
  if (!ids) {
    ids = new Set([...article.paragraphs, ...article.sentences].map((p) => p.id));
    idSets.set(article, ids);
  }
  return ids;
}

/** The words on a "this answers it" button. */
export const CONFIRM_LABEL = "This answers it";

/** Longest label Slack (75) and Discord (80) both show on a button. */
export const MAX_BUTTON_LABEL = 75;

/** The words on an action's button, as the platform writes commands. */
export function actionLabel(action: ReplyAction, platform: Platform): string {
  switch (action.kind) {
    case "share":
      return "Share in channel";
    case "context":
      return `Show context (¶${action.paragraph})`;
    case "vote":
      return action.vote === "up" ? "👍 Helpful" : "👎 Not helpful";
    case "confirm":
      // On Slack the button sits beside its quote; on Discord the buttons share a row, so each names its paragraph.
      return platform === "slack" || action.paragraph === undefined
        ? CONFIRM_LABEL
        : `${CONFIRM_LABEL} (¶${action.paragraph})`;
    case "suggest": {
      const label = formatCommand(action.command, platform);
      return label.length <= MAX_BUTTON_LABEL ? label : `${label.slice(0, MAX_BUTTON_LABEL - 1).trimEnd()}…`;
    }
  }
}
