/**
 * The platform-neutral vocabulary of letterbot: what the article is made of, what a user asks,
 * and what the bot replies. Adapters translate their platform's payloads into a `BotRequest`
 * and render a `BotReply`; nothing here knows about Slack, Discord or a terminal.
 */
import type { z } from "zod";
import type { ArticleExamples } from "./content/examples.js";
import type { ArticleMetaSchema } from "./content/schema.js";
import type { CompiledExamples } from "./search/compiled.js";

/** Where a passage stands in the article. */
export type Section = "report" | "letter" | "demands" | "update";

/** Who is speaking in a passage: the reporter, or the letter's writers. */
export type Speaker = "reporter" | "employees";

/** A quotable span of the article: a whole paragraph or one of its sentences. */
export interface Passage {
  /** Stable id: `p9` for paragraph 9, `p9.s2` for its second sentence. */
  id: string;
  /** 1-based paragraph number in the article body (the ¶ in citations). */
  paragraph: number;
  /** 1-based sentence number within the paragraph; absent for a whole paragraph. */
  sentence?: number;
  section: Section;
  speaker: Speaker;
  /** How citations name the part of the article it is in: "the Daily Planet report", "the workers' letter". */
  source: string;
  /** The exact text, a verbatim substring of the article. */
  text: string;
  /** Character offsets of `text` in `Article.text` (end exclusive). */
  start: number;
  end: number;
  /** For the demands: 1-based position in the list. */
  demand?: number;
}

/** A paragraph of the article with its sentences. */
export interface Paragraph extends Passage {
  sentences: Passage[];
}

/** The article's front matter: facts that are not quotable text, and knowledge for understanding questions. */
export type ArticleMeta = z.infer<typeof ArticleMetaSchema>;

/** One person, organisation or product the article names. */
export type Entity = ArticleMeta["entities"][number];

/** The loaded, validated article. */
export interface Article {
  meta: ArticleMeta;
  /** The quotable body: paragraphs joined by blank lines. Offsets point into it. */
  text: string;
  paragraphs: Paragraph[];
  /** Every sentence of every paragraph, in reading order. */
  sentences: Passage[];
  /** The demands, in order; empty when the article has none. */
  demands: Paragraph[];
  /** The paragraph that introduces the demands ("We call on you to:"), when there are demands. */
  demandsIntro?: Paragraph;
  /** Example questions filed under the passages and facts that answer them (the FAQ), when the article has them. */
  faq?: ArticleExamples;
  /** The same example questions as the engine reads them, when compiled beside them and up to date. */
  faqCompiled?: CompiledExamples;
}

/** A verbatim quote returned to a user, with where it comes from. */
export interface Quote {
  /** The id of the passage quoted (`p11.s2`, `p16`), so feedback and links can name it. */
  id?: string;
  /** Exact substring of the article. */
  text: string;
  paragraph: number;
  section: Section;
  speaker: Speaker;
  /** Offsets in `Article.text` (end exclusive). */
  start: number;
  end: number;
  /** Human citation, e.g. "the employees' letter, ¶9". */
  citation: string;
  /** Words of `text` (as they appear in it) that matched the question, for highlighting. */
  matched: string[];
}

/** Which platform a request came from. */
export type Platform = "slack" | "discord" | "console";

/** Where a conversation happens: one channel of one workspace on one platform. */
export interface ChannelRef {
  platform: Platform;
  /** Slack team id, Discord guild id (or "dm"), "console". */
  workspace: string;
  channel: string;
}

/**
 * How the request reached the bot. `check` is a message someone chose to check against the article
 * (a message shortcut or a context-menu command): its text is that message as written, markup and
 * all, read as a claim and never as a command.
 */
export type RequestSource = "command" | "mention" | "dm" | "console" | "check";

/** A platform-neutral request: who asked, where, and the text after `/letter` or the mention. */
export interface BotRequest {
  where: ChannelRef;
  user: string;
  source: RequestSource;
  /** The command text, e.g. "demands 2" or "who wrote it?" (no `/letter`, no mention). */
  text: string;
  /**
   * The thread the request was made in, when its platform has threads (a Slack thread's
   * `thread_ts`, a Discord thread or the message a reply answers; the console has one): a
   * follow-up is read with the thread's earlier questions.
   */
  thread?: string;
  /**
   * Whether the asker may change this channel's settings (turn daily quotes on or off). Set by
   * adapters whose platform has such a permission; absent means yes.
   */
  canManageChannel?: boolean;
  /**
   * Whether the bot is a member of the channel, when the adapter checked (Slack, before
   * `daily on`: a bot must be invited to a channel to post there). Absent means not checked.
   */
  botIsMember?: boolean;
}

/** One piece of a reply, in reading order. Renderers escape every string they are given. */
export type ReplyBlock =
  | { type: "heading"; text: string }
  | { type: "text"; text: string }
  /** A quote; `focus` marks the one asked for among its neighbours (`/letter context 11`). */
  | { type: "quote"; quote: Quote; focus?: boolean }
  /** A quiet heading between parts of a reply ("Also relevant"), less prominent than `heading`. */
  | { type: "subheading"; text: string }
  /** A link to a page outside the chat (the original publication). */
  | { type: "link"; text: string; url: string }
  /** A numbered list of quotes (the demands), optionally introduced by a quote. */
  | { type: "quote-list"; intro?: Quote; items: Quote[]; start?: number }
  /** A bulleted list of short plain-text lines (help examples, search hits are quotes instead). */
  | { type: "list"; items: string[] }
  /** Label/value pairs (about: author, outlet, dates). */
  | { type: "fields"; fields: { label: string; value: string }[] };

/** What the reply is, so adapters and callers can treat kinds differently. */
export type ReplyKind =
  | "answer"
  | "not-found"
  /** The closest passage, offered when none quite answers. */
  | "closest"
  | "demands"
  | "quote"
  | "search"
  | "about"
  | "context"
  | "help"
  | "daily"
  | "error"
  | "daily-post"
  /** The thanks for a vote on an answer. */
  | "feedback";

/**
 * Something a reader can do with a reply, shown as a button. Each action holds all it needs when it
 * is pressed, long after the reply was made (see `actions.ts` for how it travels in a button).
 */
export type ReplyAction =
  /**
   * Post this private reply publicly in the channel; `text` is the command that re-makes it, or
   * `pick` the offered passage it confirmed.
   */
  | { kind: "share"; text?: string | undefined; pick?: OfferPick | undefined }
  /** "This answers it": the offered passage at `pick` answers the question it was offered for. */
  | { kind: "confirm"; pick: OfferPick; paragraph?: number | undefined }
  /** Show a paragraph with its neighbours, privately. */
  | { kind: "context"; paragraph: number }
  /**
   * Say whether the reply helped. `passages` are the ids of the quotes it showed, `question` a
   * short key of the request (see `questionKey`) and `text` the request itself, when it fits.
   */
  | {
      kind: "vote";
      vote: "up" | "down";
      passages: string[];
      question: string;
      text?: string | undefined;
      /** The offer the reply made (see `Offer`), whose question a vote confirms or counts against. */
      offer?: string | undefined;
    }
  /** Run a suggested `/letter` command; `example` is its index among the article's example questions. */
  | { kind: "suggest"; command: string; example?: number | undefined };

/** A passage of an offer (see `Offer`), by its place among those offered. */
export interface OfferPick {
  offer: string;
  index: number;
}

/** A platform-neutral reply. */
export interface BotReply {
  kind: ReplyKind;
  /** Public replies are visible in the channel; private ones only to the asker. */
  visibility: "public" | "private";
  blocks: ReplyBlock[];
  /** Follow-up commands the user may try, e.g. "/letter demands". */
  suggestions: string[];
  /** A one-line plain summary, for notifications and text fallbacks. */
  summary: string;
  /** What a reader can do with it, in the order buttons show them. */
  actions?: ReplyAction[];
  /** The command text that made this reply ("ask who wrote it?", "check …"), to make it again. */
  request?: string;
  /** Ids of the passages the reply quotes, in order (`p11.s2`). */
  passages?: string[];
  /** Set when someone shared the reply to the channel: the name they go by there. */
  sharedBy?: string;
}
