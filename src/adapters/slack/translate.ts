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

/** The slash command the manifests declare. */
export const SLASH_COMMAND = "/letter";

const id = z.string().min(1);

/**
 * Whether a workspace is part of an Enterprise Grid install: Bolt reads it to authorize a request,
 * a boolean in JSON payloads and `"true"`/`"false"` in form-encoded commands.
 */
const enterpriseInstall = z.union([z.boolean(), z.string()]).optional();

/** Where Slack takes a late reply to a command or an interaction. */
const responseUrl = z.url({ protocol: /^https?$/ }).optional();

/** `/letter`, as Slack posts it (form fields) or sends it over Socket Mode; a reply not ready in time goes to its response URL. */
export const slashCommandSchema = z.object({
  team_id: id,
  channel_id: id,
  user_id: id,
  command: z.string(),
  text: z.string().default(""),
  enterprise_id: z.string().optional(),
  is_enterprise_install: enterpriseInstall,
  response_url: responseUrl,
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

/** Which workspace an event was delivered for: Bolt authorizes an event with the first of them. */
const authorization = z.object({
  team_id: z.string().nullish(),
  enterprise_id: z.string().nullish(),
  is_enterprise_install: z.boolean().optional(),
});

/** An Events API envelope around `event`, with what Bolt reads of it to authorize the event. */
export const envelopeSchema = <T extends z.ZodTypeAny>(event: T) =>
  z.object({
    type: z.literal("event_callback"),
    team_id: id,
    event_id: id,
    enterprise_id: z.string().nullish(),
    authorizations: z.array(authorization).optional(),
    event,
  });

export const mentionEvent = z.object({ type: z.literal("app_mention"), ...eventFields });
export const messageEvent = z.object({
  type: z.literal("message"),
  channel_type: z.string().optional(),
  ...eventFields,
});
const mentionSchema = envelopeSchema(mentionEvent);
const messageSchema = envelopeSchema(messageEvent);

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

/** The callback id of the message shortcut "Check in the letter"; both manifests declare it. */
export const CHECK_CALLBACK_ID = "check_letter";

/** Where a reply to a button press or a shortcut goes, and who it is for. */
export interface SlackInteraction {
  /** The person and conversation; the text is the message to check (shortcut) or empty (button). */
  request: BotRequest;
  channel: string;
  /** The thread the pressed message or checked message is in, if any. */
  threadTs?: string | undefined;
  /** Slack's URL for replying to this interaction (privately or in the channel), when it gave one. */
  responseUrl?: string | undefined;
  /** The name the person goes by, for "Shared by @…" (escaped when rendered). */
  userName: string;
}

/** A pressed button: the interaction and the button's value, as Slack sent it (read with `parseAction`). */
export interface SlackPress extends SlackInteraction {
  value: string;
}

const interactionUser = z.object({
  id,
  username: z.string().optional(),
  name: z.string().optional(),
  team_id: z.string().optional(),
});
const interactionTeam = z.object({ id, enterprise_id: z.string().optional() }).nullish();
/** What Bolt reads of an interaction to authorize it, besides its team and user. */
const interactionEnterprise = {
  enterprise: z.object({ id }).nullish(),
  is_enterprise_install: enterpriseInstall,
};

/** A press of buttons in a message (a press on the Home tab comes without a channel). */
export const blockActionsSchema = z.object({
  type: z.literal("block_actions"),
  team: interactionTeam,
  user: interactionUser,
  channel: z.object({ id }).optional(),
  container: z.object({ thread_ts: z.string().optional() }).partial().optional(),
  message: z.object({ thread_ts: z.string().optional() }).partial().optional(),
  response_url: responseUrl,
  actions: z.array(z.object({ action_id: z.string(), value: z.string().optional() })).min(1),
  ...interactionEnterprise,
});

/** The message shortcut "Check in the letter". */
export const messageShortcutSchema = z.object({
  type: z.literal("message_action"),
  callback_id: z.literal(CHECK_CALLBACK_ID),
  team: interactionTeam,
  user: interactionUser,
  channel: z.object({ id }),
  message: z.object({
    text: z.string().default(""),
    ts: z.string().optional(),
    thread_ts: z.string().optional(),
  }),
  response_url: responseUrl,
  ...interactionEnterprise,
});

const nameOf = (user: z.infer<typeof interactionUser>) => user.username || user.name || user.id;

/**
 * A `block_actions` payload → the press of one of letterbot's buttons, or `undefined` for a press
 * it cannot answer (no channel, as on the Home tab; no value; no workspace).
 */
export function translateBlockAction(body: unknown): SlackPress | undefined {
  const parsed = blockActionsSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const p = parsed.data;
  const workspace = p.team?.id ?? p.user.team_id;
  const value = p.actions[0]?.value;
  if (!workspace || !p.channel || value === undefined) return undefined;
  return {
    request: {
      where: { platform: "slack", workspace, channel: p.channel.id },
      user: p.user.id,
      source: "command",
      text: "",
    },
    channel: p.channel.id,
    threadTs: p.container?.thread_ts ?? p.message?.thread_ts,
    responseUrl: p.response_url,
    userName: nameOf(p.user),
    value,
  };
}

/**
 * The message shortcut "Check in the letter" → a request to check the message's text as a claim,
 * answered privately; `undefined` for a payload it cannot answer.
 */
export function translateMessageShortcut(body: unknown): SlackInteraction | undefined {
  const parsed = messageShortcutSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const p = parsed.data;
  const workspace = p.team?.id ?? p.user.team_id;
  if (!workspace) return undefined;
  return {
    // The message as written, markup and all: the core reads it as a claim, never as a command.
    request: {
      where: { platform: "slack", workspace, channel: p.channel.id },
      user: p.user.id,
      source: "check",
      text: p.message.text,
    },
    channel: p.channel.id,
    threadTs: p.message.thread_ts,
    responseUrl: p.response_url,
    userName: nameOf(p.user),
  };
}
