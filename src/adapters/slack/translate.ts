/**
 * Slack payloads → platform-neutral requests. Pure: each translator validates its payload and
 * returns `undefined` for anything the bot should not answer (other bots, itself, edits, noise).
 */
import { z } from "zod";
import type { BotRequest } from "../../core/index.js";

/** Who the bot is in its workspace, from `auth.test`. */
export interface SlackIdentity {
  /** The bot's user id (`U…`), as in `<@U…>` mentions. */
  botUserId: string;
  /** The bot's bot id (`B…`), set on the messages it posts. */
  botId?: string | undefined;
}

/** A request together with where its answer goes. */
export interface SlackInbound {
  request: BotRequest;
  /** The conversation to answer in. */
  channel: string;
  /** The thread to answer in, when the answer belongs in one. */
  threadTs?: string | undefined;
}

const id = z.string().min(1);

const slashCommandSchema = z.object({
  team_id: id,
  channel_id: id,
  user_id: id,
  command: z.string(),
  text: z.string().default(""),
});

const eventFields = {
  user: id.optional(),
  text: z.string().default(""),
  ts: id,
  channel: id,
  thread_ts: id.optional(),
  bot_id: z.string().optional(),
  subtype: z.string().optional(),
};

const envelopeSchema = <T extends z.ZodTypeAny>(event: T) =>
  z.object({ type: z.literal("event_callback"), team_id: id, event_id: id, event });

const mentionSchema = envelopeSchema(z.object({ type: z.literal("app_mention"), ...eventFields }));
const messageSchema = envelopeSchema(
  z.object({ type: z.literal("message"), channel_type: z.string().optional(), ...eventFields }),
);

// Message subtypes that are still a person writing to the bot; every other subtype (edits,
// deletions, joins, bot messages) is not a question.
const USER_MESSAGE_SUBTYPES = new Set(["file_share", "thread_broadcast"]);

const SPECIAL = /<([@#!])([^>|]*)(?:\|([^>]*))?>|<([^>|]*)(?:\|([^>]*))?>/g;

/**
 * Turns Slack's message markup into the text the user typed: the bot's own mention removed, other
 * mentions, channels and links as their labels, and `&amp;`, `&lt;`, `&gt;` decoded.
 */
export function fromSlackText(text: string, botUserId?: string): string {
  const plain = text.replace(
    SPECIAL,
    (_all, sigil?: string, target = "", label?: string, url = "", urlLabel?: string) => {
      if (!sigil) return urlLabel ?? url;
      if (sigil === "@") return target === botUserId ? " " : `@${label ?? target}`;
      if (sigil === "#") return `#${label ?? target}`;
      // `<!here>`, `<!channel>`, `<!subteam^S1|@team>`, `<!date^…|fallback>`.
      if (label) return label;
      return target.startsWith("subteam^") ? `@${target.slice("subteam^".length)}` : `@${target}`;
    },
  );
  return plain.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&").replace(/\s+/g, " ").trim();
}

/** `/letter …` → a request; the answer goes back in the command's response, not to a channel. */
export function translateSlashCommand(payload: unknown, identity?: SlackIdentity): SlackInbound | undefined {
  const parsed = slashCommandSchema.safeParse(payload);
  if (!parsed.success) return undefined;
  const p = parsed.data;
  return {
    request: {
      where: { platform: "slack", workspace: p.team_id, channel: p.channel_id },
      user: p.user_id,
      source: "command",
      text: fromSlackText(p.text, identity?.botUserId),
    },
    channel: p.channel_id,
  };
}

type EventFields = { user?: string | undefined; bot_id?: string | undefined; subtype?: string | undefined };

/** The person who wrote a message to answer, or `undefined` for bots, the bot itself and non-messages. */
function author(event: EventFields, identity: SlackIdentity): string | undefined {
  if (event.bot_id !== undefined || event.user === identity.botUserId) return undefined;
  if (event.subtype !== undefined && !USER_MESSAGE_SUBTYPES.has(event.subtype)) return undefined;
  return event.user;
}

/** An `app_mention` event envelope → a request answered in the message's thread. */
export function translateMention(body: unknown, identity: SlackIdentity): SlackInbound | undefined {
  const parsed = mentionSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const { team_id, event } = parsed.data;
  const user = author(event, identity);
  if (!user) return undefined;
  return {
    request: {
      where: { platform: "slack", workspace: team_id, channel: event.channel },
      user,
      source: "mention",
      text: fromSlackText(event.text, identity.botUserId),
    },
    channel: event.channel,
    threadTs: event.thread_ts ?? event.ts,
  };
}

/** A `message` event envelope in a direct message with the bot → a request answered there. */
export function translateDirectMessage(body: unknown, identity: SlackIdentity): SlackInbound | undefined {
  const parsed = messageSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const { team_id, event } = parsed.data;
  const user = author(event, identity);
  if (event.channel_type !== "im" || !user) return undefined;
  return {
    request: {
      where: { platform: "slack", workspace: team_id, channel: event.channel },
      user,
      source: "dm",
      text: fromSlackText(event.text, identity.botUserId),
    },
    channel: event.channel,
    threadTs: event.thread_ts,
  };
}

/** The id Slack gives one event delivery, shared by its redeliveries; `undefined` for other payloads. */
export function eventIdOf(body: unknown): string | undefined {
  // Runs on every request, so a plain check: a schema here cost more than answering a command.
  const eventId =
    typeof body === "object" && body !== null ? (body as { event_id?: unknown }).event_id : undefined;
  return typeof eventId === "string" && eventId.length > 0 ? eventId : undefined;
}
