/**
 * Pure translation from what Discord sends (a slash command's options, a message) to the core's
 * `BotRequest`. No client, no network: fixtures in, requests out.
 */
import { ApplicationCommandOptionType, MessageType, PermissionFlagsBits } from "discord.js";
import { type BotReply, type BotRequest, type ChannelRef, errorReply } from "../../core/index.js";
import { COMMAND_NAME, DAILY_GROUP } from "./definitions.js";

/** One option of a slash command, as in Discord's payload and in discord.js's `options.data`. */
export interface SlashOption {
  name: string;
  type: number;
  value?: string | number | boolean | undefined;
  options?: readonly SlashOption[] | undefined;
}

/** The parts of a slash-command interaction the bot needs. */
export interface SlashCommandInput {
  commandName: string;
  options: readonly SlashOption[];
  guildId: string | null;
  channelId: string;
  userId: string;
  /** The member's permissions in the channel; `null` in DMs, where there is no member. */
  memberPermissions: bigint | null;
}

/** A slash command becomes either a request for the core or a refusal to show the user. */
export type SlashTranslation = { request: BotRequest } | { refusal: BotReply };

/** The parts of a gateway message the bot needs. */
export interface MessageInput {
  content: string;
  type: number;
  authorId: string;
  authorIsBot: boolean;
  webhookId: string | null;
  guildId: string | null;
  channelId: string;
  /** The author's permissions in the channel; `null` in DMs, `0n` when they could not be read. */
  memberPermissions: bigint | null;
}
/** Each top-level subcommand with the options that carry its arguments, in text order. */
const SUBCOMMANDS = new Map<string, readonly string[]>([
  ["ask", ["question"]],
  ["demands", ["number"]],
  ["quote", ["topic"]],
  ["search", ["words"]],
  ["check", ["claim"]],
  ["context", ["paragraph"]],
  ["about", []],
  ["help", []],
]);
/** The same for the subcommands of `/letter daily`. */
const DAILY_SUBCOMMANDS = new Map<string, readonly string[]>([
  ["on", ["time", "timezone"]],
  ["off", []],
  ["status", []],
  ["preview", []],
]);
/** Message types a person writes; joins, pins and the like are never questions. */
const USER_MESSAGE_TYPES = new Set<number>([MessageType.Default, MessageType.Reply]);

const UNKNOWN_COMMAND = "I don't know that command. Try /letter help.";

/** The conversation a Discord message or interaction belongs to; DMs have no guild. */
export function channelRef(guildId: string | null, channelId: string): ChannelRef {
  return { platform: "discord", workspace: guildId ?? "dm", channel: channelId };
}

function argumentsOf(wanted: readonly string[], options: readonly SlashOption[]): string[] {
  return wanted.flatMap((name) => {
    const value = options.find((o) => o.name === name)?.value;
    return value === undefined || value === "" ? [] : [String(value).trim()];
  });
}

/**
 * The core command text for a `/letter` invocation, e.g. `demands 2`, `ask who wrote it?` or
 * `daily on 09:00 Europe/Berlin`; `undefined` for a shape the command set does not have.
 */
export function commandText(options: readonly SlashOption[]): string | undefined {
  const [first] = options;
  if (!first) return undefined;
  if (first.type === ApplicationCommandOptionType.SubcommandGroup && first.name === DAILY_GROUP) {
    const sub = first.options?.[0];
    const wanted =
      sub?.type === ApplicationCommandOptionType.Subcommand ? DAILY_SUBCOMMANDS.get(sub.name) : undefined;
    if (!sub || !wanted) return undefined;
    return [DAILY_GROUP, sub.name, ...argumentsOf(wanted, sub.options ?? [])].join(" ");
  }
  const wanted =
    first.type === ApplicationCommandOptionType.Subcommand ? SUBCOMMANDS.get(first.name) : undefined;
  if (!wanted) return undefined;
  return [first.name, ...argumentsOf(wanted, first.options ?? [])].join(" ");
}

function canManageChannels(permissions: bigint | null): boolean {
  // In a DM the user is the only member of the conversation.
  if (permissions === null) return true;
  const wanted = PermissionFlagsBits.ManageChannels | PermissionFlagsBits.Administrator;
  return (permissions & wanted) !== 0n;
}

/** Turns a slash command into a core request, or refuses it with a private explanation. */
export function translateSlash(input: SlashCommandInput): SlashTranslation {
  const text = input.commandName === COMMAND_NAME ? commandText(input.options) : undefined;
  if (text === undefined) return { refusal: errorReply(UNKNOWN_COMMAND) };
  return {
    request: {
      where: channelRef(input.guildId, input.channelId),
      user: input.userId,
      source: "command",
      text,
      canManageChannel: canManageChannels(input.memberPermissions),
    },
  };
}

/** Matches an explicit mention of the given user, `<@id>` or the legacy nickname form `<@!id>`. */
function mentionPattern(userId: string): RegExp {
  return new RegExp(`<@!?${userId}>`, "g");
}

const SNOWFLAKE = /^\d+$/;

/**
 * The request for a message, or `undefined` when the bot should stay quiet: messages from bots and
 * webhooks, system messages, and server messages that do not mention the bot explicitly (an
 * `@everyone`, a role mention or a reply ping is not an explicit mention). DMs always count.
 */
export function translateMessage(message: MessageInput, botUserId: string): BotRequest | undefined {
  if (message.authorIsBot || message.webhookId !== null || message.authorId === botUserId) return undefined;
  if (!USER_MESSAGE_TYPES.has(message.type)) return undefined;
  if (!SNOWFLAKE.test(botUserId)) return undefined;
  const mention = mentionPattern(botUserId);
  const isDm = message.guildId === null;
  if (!isDm && !message.content.match(mention)) return undefined;
  return {
    where: channelRef(message.guildId, message.channelId),
    user: message.authorId,
    source: isDm ? "dm" : "mention",
    canManageChannel: canManageChannels(message.memberPermissions),
    text: message.content.replace(mention, " ").replace(/\s+/g, " ").trim(),
  };
}

/** Who pressed a button or chose a context-menu command, and where. */
export interface InteractionInput {
  guildId: string | null;
  channelId: string;
  userId: string;
  /** The member's permissions in the channel; `null` in DMs, where there is no member. */
  memberPermissions: bigint | null;
}

/**
 * The request of a button press (its text is made by the action it carries) or of "Check in the
 * letter" on a message (`check`: its text is the message's content, read as a claim).
 */
export function translateInteraction(
  input: InteractionInput,
  source: "command" | "check",
  text = "",
): BotRequest {
  return {
    where: channelRef(input.guildId, input.channelId),
    user: input.userId,
    source,
    text,
    canManageChannel: canManageChannels(input.memberPermissions),
  };
}
