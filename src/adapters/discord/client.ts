import {
  type ChatInputCommandInteraction,
  Client,
  Events,
  GatewayIntentBits,
  type Interaction,
  type Message,
  Options,
  Partials,
  RESTEvents,
  Routes,
} from "discord.js";
import { type Bot, BotError, type Logger, type Publisher } from "../../core/index.js";
import type { DiscordConfig } from "./config.js";
import { describeError } from "./errors.js";
import { createDiscordPublisher } from "./publisher.js";
import { renderInteractionResponse, renderMessage } from "./render.js";
import { translateMessage, translateSlash } from "./translate.js";

/** How long to wait for the gateway to be ready (discord.js itself waits up to 15 s for guilds). */
export const READY_TIMEOUT_MS = 30_000;

/** What `startDiscord` needs. */
export interface StartDiscordOptions {
  bot: Bot;
  config: DiscordConfig;
  logger: Logger;
  /** Overrides `READY_TIMEOUT_MS`. */
  readyTimeoutMs?: number;
}

/** A connected Discord adapter. */
export interface DiscordAdapter {
  /** Posts daily quotes to Discord channels. */
  publisher: Publisher;
  /** The bot's own user id (what mentions of it contain). */
  userId: string;
  /** Disconnects from Discord; safe to call more than once. */
  stop(): Promise<void>;
}

/** Only what the bot uses: no privileged Message Content intent, since mentions and DMs carry content anyway. */
const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];

function createClient(config: DiscordConfig): Client {
  return new Client({
    intents: INTENTS,
    // DM channels are not cached before their first message; without this, DMs are dropped.
    partials: [Partials.Channel],
    rest: config.apiUrl ? { api: config.apiUrl } : {},
    allowedMentions: { parse: [], repliedUser: false },
    // The bot never looks back at messages, so it keeps none in memory.
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 0 }),
  });
}

async function answerInteraction(client: Client, bot: Bot, interaction: ChatInputCommandInteraction) {
  const translation = translateSlash({
    commandName: interaction.commandName,
    options: interaction.options.data,
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    userId: interaction.user.id,
    memberPermissions: interaction.memberPermissions?.bitfield ?? null,
  });
  const reply = "refusal" in translation ? translation.refusal : await bot.handle(translation.request);
  // The answer is ready at once, well within Discord's three seconds, so it is sent directly.
  await client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), {
    body: renderInteractionResponse(reply),
    auth: false,
  });
}

/** The author's permissions in the message's channel, or none when Discord did not send them. */
function permissionsOf(message: Message): bigint {
  try {
    return message.member?.permissionsIn(message.channelId).bitfield ?? 0n;
  } catch {
    return 0n;
  }
}

async function answerMessage(client: Client, bot: Bot, message: Message) {
  const botUserId = client.user?.id;
  if (!botUserId) return;
  const request = translateMessage(
    {
      content: message.content,
      type: message.type,
      authorId: message.author.id,
      authorIsBot: message.author.bot,
      webhookId: message.webhookId,
      guildId: message.guildId,
      channelId: message.channelId,
      memberPermissions: message.guildId ? permissionsOf(message) : null,
    },
    botUserId,
  );
  if (!request) return;
  const reply = await bot.handle(request);
  const body = {
    ...renderMessage(reply),
    ...(request.source === "mention"
      ? {
          message_reference: {
            message_id: message.id,
            channel_id: message.channelId,
            guild_id: message.guildId ?? undefined,
            fail_if_not_exists: false,
          },
        }
      : {}),
  };
  await client.rest.post(Routes.channelMessages(message.channelId), { body });
}

function listen(client: Client, bot: Bot, logger: Logger): void {
  client.on(Events.InteractionCreate, (interaction: Interaction) => {
    if (!interaction.isChatInputCommand()) return;
    answerInteraction(client, bot, interaction).catch((err: unknown) =>
      logger.error("discord: could not answer a slash command", {
        command: interaction.commandName,
        ...describeError(err),
      }),
    );
  });
  client.on(Events.MessageCreate, (message: Message) => {
    answerMessage(client, bot, message).catch((err: unknown) =>
      logger.error("discord: could not answer a message", {
        channel: message.channelId,
        ...describeError(err),
      }),
    );
  });
  client.on(Events.Error, (err) => logger.error("discord: client error", describeError(err)));
  client.on(Events.Warn, (message) => logger.warn("discord: warning", { detail: message }));
  client.on(Events.ShardError, (err, shard) =>
    logger.warn("discord: gateway connection error", { shard, ...describeError(err) }),
  );
  client.on(Events.ShardDisconnect, (event, shard) =>
    logger.error("discord: gateway closed for good", { shard, closeCode: event.code }),
  );
  client.rest.on(RESTEvents.RateLimited, (info) =>
    logger.warn("discord: rate limited", { route: info.route, retryAfterMs: info.retryAfter }),
  );
}

function waitForReady(client: Client, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready after ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
    client.once(Events.ClientReady, () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function startError(err: unknown, config: DiscordConfig): BotError {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === "TokenInvalid") {
    return new BotError(
      "config_invalid",
      "Discord rejected DISCORD_TOKEN: reset the bot token in the Discord Developer Portal (your application → Bot) and update it.",
      { cause: err },
    );
  }
  const where = config.apiUrl ?? "Discord";
  const reason = String(describeError(err).message ?? "unknown error");
  return new BotError(
    "config_invalid",
    `Could not connect to ${where}: ${reason}. Check the network and DISCORD_API_URL.`,
    { cause: err },
  );
}

/**
 * Connects to Discord and answers `/letter`, mentions and DMs with `bot`. Resolves once the gateway
 * is ready; rejects with a `config_invalid` error (and leaves nothing running) when it cannot be.
 */
export async function startDiscord(options: StartDiscordOptions): Promise<DiscordAdapter> {
  const { bot, config, logger } = options;
  const client = createClient(config);
  listen(client, bot, logger);
  const ready = waitForReady(client, options.readyTimeoutMs ?? READY_TIMEOUT_MS);
  try {
    await client.login(config.token);
    await ready;
  } catch (err) {
    ready.catch(() => {});
    await client.destroy();
    throw startError(err, config);
  }
  const userId = client.user?.id ?? "";
  logger.info("discord: connected", { user: userId, guilds: client.guilds.cache.size });
  let stopped: Promise<void> | undefined;
  return {
    publisher: createDiscordPublisher(client.rest),
    userId,
    stop() {
      stopped ??= client.destroy().then(() => logger.info("discord: disconnected"));
      return stopped;
    },
  };
}
