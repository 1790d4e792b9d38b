import {
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  Client,
  Events,
  GatewayIntentBits,
  type Interaction,
  InteractionResponseType,
  type Message,
  type MessageContextMenuCommandInteraction,
  MessageFlags,
  Options,
  Partials,
  REST,
  RESTEvents,
  Routes,
} from "discord.js";
import {
  type Bot,
  BotError,
  type BotReply,
  errorReply,
  type Logger,
  openGate,
  type Publisher,
  parseAction,
  type RequestGate,
} from "../../core/index.js";
import { deadline } from "../signals.js";
import { citationLink } from "../web/article-page.js";
import type { DiscordConfig } from "./config.js";
import { CHECK_COMMAND_NAME } from "./definitions.js";
import { describeError } from "./errors.js";
import { createDiscordPublisher } from "./publisher.js";

export { createDiscordPublisher };

import {
  type DiscordRenderOptions,
  renderInteractionResponse,
  renderMessage,
  renderShared,
} from "./render.js";
import { translateInteraction, translateMessage, translateSlash } from "./translate.js";

/** How long to wait for the gateway to be ready (discord.js itself waits up to 15 s for guilds). */
export const READY_TIMEOUT_MS = 30_000;
/** Longest one REST call may take, queueing for rate limits included, before it is abandoned. */
export const REST_DEADLINE_MS = 15_000;
/**
 * Discord waits three seconds for an interaction's answer. Work that takes longer than this (a
 * slow database behind a vote or a daily setting) is deferred first, then its answer edited in.
 */
export const DEFER_AFTER_MS = 2_000;

/** What `startDiscord` needs. */
export interface StartDiscordOptions {
  bot: Bot;
  config: DiscordConfig;
  logger: Logger;
  /** Overrides `READY_TIMEOUT_MS`. */
  readyTimeoutMs?: number;
  /** Per-user rate limits; everything is answered without one. */
  gate?: RequestGate;
  /** Called once when Discord closes the gateway for good: the process cannot go on. */
  onFatal?: (message: string) => void;
  /** The public address of letterbot's web server (`PUBLIC_URL`): citations link to the article page there. */
  publicUrl?: string | undefined;
  /** Overrides `DEFER_AFTER_MS`. */
  deferAfterMs?: number;
}

/** How replies are rendered on Discord: with buttons, and citations linked when there is a public address. */
export function discordRenderOptions(publicUrl: string | undefined): DiscordRenderOptions {
  return {
    buttons: true,
    ...(publicUrl ? { citationUrl: (quote) => citationLink(publicUrl, quote) } : {}),
  };
}

/** A connected Discord adapter. */
export interface DiscordAdapter {
  /** Posts daily quotes to Discord channels. */
  publisher: Publisher;
  /** The bot's own user id (what mentions of it contain). */
  userId: string;
  /** Whether the gateway connection is up. */
  state(): { up: true } | { up: false; reason: string };
  /**
   * Takes no new events, waits for answers in progress (abandoning them when `deadline` aborts),
   * then disconnects; safe to call more than once.
   */
  stop(deadline?: AbortSignal, alsoWait?: Promise<unknown>): Promise<void>;
}

/** Only what the bot uses: no privileged Message Content intent, since mentions and DMs carry content anyway. */
const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];
/** The intents Discord makes an application switch on in the Developer Portal first. */
const PRIVILEGED_INTENTS = new Map<number, string>([
  [GatewayIntentBits.GuildMembers, "Server Members Intent"],
  [GatewayIntentBits.GuildPresences, "Presence Intent"],
  [GatewayIntentBits.MessageContent, "Message Content Intent"],
]);

function intentNames(): string {
  return INTENTS.map((bit) => GatewayIntentBits[bit]).join(", ");
}

/** The 4014 message: which privileged intent is missing, or that none is asked for. */
function disallowedIntentsMessage(): string {
  const privileged = INTENTS.flatMap((bit) => {
    const name = PRIVILEGED_INTENTS.get(bit);
    return name ? [name] : [];
  });
  const head = "Discord refused the gateway intents (gateway close 4014, disallowed intents)";
  if (privileged.length) {
    return `${head}: switch on ${privileged.join(" and ")} under your application → Bot → Privileged Gateway Intents in the Discord Developer Portal, then start letterbot again.`;
  }
  return `${head}: letterbot asks only for ${intentNames()}, none of them privileged, so the application itself is restricted: check it in the Discord Developer Portal (your application → Bot), or whether DISCORD_API_URL points at Discord.`;
}

/**
 * Gateway close codes after which Discord will never take this bot's connection back as it is
 * configured (discord.js does not reconnect after them either), with what each means and the fix.
 */
export const FATAL_CLOSE_CODES: ReadonlyMap<number, string> = new Map([
  [
    4004,
    "Discord rejected DISCORD_TOKEN (gateway close 4004, authentication failed): the token was reset or the bot deleted. Reset the token in the Discord Developer Portal (your application → Bot), put it in DISCORD_TOKEN, and start letterbot again.",
  ],
  [
    4010,
    "Discord refused the shard settings (gateway close 4010, invalid shard): letterbot runs one shard; remove any sharding settings and start it again.",
  ],
  [
    4011,
    "Discord requires sharding for this bot (gateway close 4011): it is in too many servers for one connection, which letterbot does not support.",
  ],
  [
    4012,
    "Discord refused the gateway API version (gateway close 4012): update discord.js (npm install) and start letterbot again.",
  ],
  [
    4013,
    `Discord refused the gateway intents (gateway close 4013, invalid intents): letterbot asks for ${intentNames()}; update discord.js (npm install) and start letterbot again.`,
  ],
  [4014, disallowedIntentsMessage()],
]);

/** REST settings: one attempt per call (a repeated reply could appear twice), each with its deadline. */
function restOptions(config: DiscordConfig) {
  return { retries: 0, timeout: REST_DEADLINE_MS, ...(config.apiUrl ? { api: config.apiUrl } : {}) };
}

/** A REST client for the bot token, with no gateway: what daily posts need on every replica. */
export function createDiscordRest(config: DiscordConfig): REST {
  return new REST(restOptions(config)).setToken(config.token);
}

function createClient(config: DiscordConfig): Client {
  return new Client({
    intents: INTENTS,
    // DM channels are not cached before their first message; without this, DMs are dropped.
    partials: [Partials.Channel],
    rest: restOptions(config),
    allowedMentions: { parse: [], repliedUser: false },
    // The bot never looks back at messages, so it keeps none in memory.
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 0 }),
  });
}

/** What answering needs besides the bot: the rate-limit gate and the signal that ends a call. */
interface Answering {
  bot: Bot;
  gate: RequestGate;
  /** A fresh signal per call: its deadline, or shutdown's. */
  signal: () => AbortSignal;
  /** How replies are rendered: buttons, citation links. */
  render: DiscordRenderOptions;
  logger: Logger;
  deferAfterMs: number;
}

/** Answers an interaction with a message: `body` is the callback (type and data). */
async function callback(
  client: Client,
  answering: Answering,
  interaction: { id: string; token: string },
  body: unknown,
) {
  await client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), {
    body,
    auth: false,
    signal: answering.signal(),
  });
}

type Callback = ReturnType<typeof renderInteractionResponse>;

/**
 * Answers an interaction with what `work` makes, directly when it is ready in time. Otherwise the
 * answer is deferred ("letterbot is thinking…", privately when `isPrivate`) and edited in once
 * ready; whether it is private is settled by then, so a late public answer stays private.
 */
async function answerInTime(
  client: Client,
  answering: Answering,
  interaction: { id: string; token: string; applicationId: string },
  isPrivate: boolean,
  work: () => Promise<Callback>,
): Promise<void> {
  const pending = work();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => {
    timer = setTimeout(() => resolve("late"), answering.deferAfterMs);
  });
  const first = await Promise.race([pending, late]).finally(() => clearTimeout(timer));
  if (first !== "late") {
    await callback(client, answering, interaction, first);
    return;
  }
  await callback(client, answering, interaction, {
    type: InteractionResponseType.DeferredChannelMessageWithSource,
    data: isPrivate ? { flags: MessageFlags.Ephemeral } : {},
  });
  const body = await pending.catch((err: unknown) => {
    answering.logger.error("discord: could not finish a deferred answer", describeError(err));
    return renderInteractionResponse(
      errorReply("Something went wrong while answering. Please try again.", []),
    );
  });
  // Whether the answer is private was settled by the deferral: an edit cannot change it.
  const { flags: _, ...data } = body.data;
  await client.rest.patch(Routes.webhookMessage(interaction.applicationId, interaction.token, "@original"), {
    body: data,
    auth: false,
    signal: answering.signal(),
  });
}

/** A reply answered privately (ephemeral), whatever it is. */
const privately = (reply: BotReply): BotReply => ({ ...reply, visibility: "private" });

/** The person's permissions in the channel, or none in a DM. */
const permissionsIn = (interaction: Interaction) =>
  interaction.inGuild() ? (interaction.memberPermissions?.bitfield ?? 0n) : null;

async function answerInteraction(
  client: Client,
  answering: Answering,
  interaction: ChatInputCommandInteraction,
) {
  const { bot, gate } = answering;
  const translation = translateSlash({
    commandName: interaction.commandName,
    options: interaction.options.data,
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    userId: interaction.user.id,
    memberPermissions: interaction.memberPermissions?.bitfield ?? null,
  });
  if ("refusal" in translation) {
    await callback(
      client,
      answering,
      interaction,
      renderInteractionResponse(translation.refusal, answering.render),
    );
    return;
  }
  const admission = gate.admit(translation.request);
  if (admission.verdict === "drop") return;
  if (admission.verdict === "notice") {
    await callback(
      client,
      answering,
      interaction,
      renderInteractionResponse(admission.reply, answering.render),
    );
    return;
  }
  // Most answers are ready at once; one that waits on the store may take longer.
  await answerInTime(client, answering, interaction, true, async () =>
    renderInteractionResponse(await bot.handle(translation.request), answering.render),
  );
}

/**
 * A pressed button: its custom id read back with `parseAction` and checked against the article,
 * then what it asks done for the person who pressed it. A forged or outdated id gets a private
 * refusal and nothing else.
 */
async function answerButton(client: Client, answering: Answering, interaction: ButtonInteraction) {
  const { bot, gate, logger } = answering;
  const request = translateInteraction(
    {
      guildId: interaction.guildId,
      channelId: interaction.channelId,
      userId: interaction.user.id,
      memberPermissions: permissionsIn(interaction),
    },
    "command",
  );
  const parsed = parseAction(interaction.customId, bot.article);
  if (!parsed.ok) {
    // The custom id is not logged: it is whatever the sender made it.
    logger.warn("discord: button press refused: not a custom id letterbot made", { reason: parsed.reason });
    await callback(client, answering, interaction, renderInteractionResponse(errorReply(parsed.message, [])));
    return;
  }
  const admission = gate.admit(request);
  if (admission.verdict === "drop") return;
  if (admission.verdict === "notice") {
    await callback(client, answering, interaction, renderInteractionResponse(privately(admission.reply)));
    return;
  }
  const { action } = parsed;
  const sharedBy = interaction.user.displayName;
  if (action.kind === "share") {
    // Only a private answer needs sharing; a public one is in the channel already.
    if (!interaction.message.flags.has(MessageFlags.Ephemeral)) {
      const already = errorReply("That answer is already in the channel for everyone to see.", []);
      await callback(client, answering, interaction, renderInteractionResponse(already));
      return;
    }
    if (!action.text && !action.pick) {
      // Discord sends the pressed message with the press: it is posted again as it was.
      const { embeds, components } = interaction.message;
      const shared = renderShared(
        { embeds: embeds.map((e) => e.toJSON()), components: components.map((c) => c.toJSON()) },
        sharedBy,
      );
      const body = { type: InteractionResponseType.ChannelMessageWithSource, data: shared };
      await callback(client, answering, interaction, body);
      return;
    }
  }
  await answerInTime(client, answering, interaction, action.kind !== "share", async () =>
    renderInteractionResponse(await bot.act(action, request, { sharedBy }), answering.render),
  );
}

/** "Check in the letter" on a message: its content checked as a claim, answered privately. */
async function answerCheck(
  client: Client,
  answering: Answering,
  interaction: MessageContextMenuCommandInteraction,
) {
  const { bot, gate } = answering;
  const request = translateInteraction(
    {
      guildId: interaction.guildId,
      channelId: interaction.channelId,
      userId: interaction.user.id,
      memberPermissions: permissionsIn(interaction),
    },
    "check",
    interaction.targetMessage.content,
  );
  const admission = gate.admit(request);
  if (admission.verdict === "drop") return;
  await answerInTime(client, answering, interaction, true, async () => {
    const reply = admission.verdict === "notice" ? admission.reply : await bot.handle(request);
    return renderInteractionResponse(privately(reply), answering.render);
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

/** Tells a user privately: in a DM channel with them, since Discord has no private replies in a channel. */
async function tellPrivately(
  client: Client,
  userId: string,
  reply: BotReply,
  signal: AbortSignal,
  render: DiscordRenderOptions,
) {
  const dm = (await client.rest.post(Routes.userChannels(), { body: { recipient_id: userId }, signal })) as {
    id?: unknown;
  };
  if (typeof dm.id !== "string") return;
  await client.rest.post(Routes.channelMessages(dm.id), { body: renderMessage(reply, render), signal });
}

async function answerMessage(client: Client, answering: Answering, message: Message) {
  const { bot, gate } = answering;
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
  const admission = gate.admit(request);
  if (admission.verdict === "drop") return;
  if (admission.verdict === "notice" && request.source === "mention") {
    await tellPrivately(client, request.user, admission.reply, answering.signal(), answering.render);
    return;
  }
  const reply = admission.verdict === "notice" ? admission.reply : await bot.handle(request);
  const body = {
    ...renderMessage(reply, answering.render),
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
  await client.rest.post(Routes.channelMessages(message.channelId), { body, signal: answering.signal() });
}

/** Answers in progress, and whether new events are still taken. */
interface Intake {
  open: boolean;
  inFlight: Set<Promise<unknown>>;
}

function listen(client: Client, answering: Answering, logger: Logger, intake: Intake): void {
  const track = (work: Promise<unknown>) => {
    intake.inFlight.add(work);
    work.finally(() => intake.inFlight.delete(work));
  };
  client.on(Events.InteractionCreate, (interaction: Interaction) => {
    if (!intake.open) return;
    if (interaction.isChatInputCommand()) {
      track(
        answerInteraction(client, answering, interaction).catch((err: unknown) =>
          logger.error("discord: could not answer a slash command", {
            command: interaction.commandName,
            ...describeError(err),
          }),
        ),
      );
    } else if (interaction.isButton()) {
      track(
        answerButton(client, answering, interaction).catch((err: unknown) =>
          logger.error("discord: could not answer a button press", describeError(err)),
        ),
      );
    } else if (interaction.isMessageContextMenuCommand() && interaction.commandName === CHECK_COMMAND_NAME) {
      track(
        answerCheck(client, answering, interaction).catch((err: unknown) =>
          logger.error("discord: could not check a message", describeError(err)),
        ),
      );
    }
  });
  client.on(Events.MessageCreate, (message: Message) => {
    if (!intake.open) return;
    track(
      answerMessage(client, answering, message).catch((err: unknown) =>
        logger.error("discord: could not answer a message", {
          channel: message.channelId,
          ...describeError(err),
        }),
      ),
    );
  });
  client.on(Events.Error, (err) => logger.error("discord: client error", describeError(err)));
  client.on(Events.Warn, (message) => logger.warn("discord: warning", { detail: message }));
  client.on(Events.ShardError, (err, shard) =>
    logger.warn("discord: gateway connection error", { shard, ...describeError(err) }),
  );
  client.on(Events.ShardReconnecting, (shard) =>
    logger.warn("discord: reconnecting to the gateway", { shard }),
  );
  client.rest.on(RESTEvents.RateLimited, (info) =>
    logger.warn("discord: rate limited", { route: info.route, retryAfterMs: info.retryAfter }),
  );
}

/** A gateway closed for good, with its close code. */
class GatewayClosed extends Error {
  constructor(readonly closeCode: number) {
    super(`gateway closed with ${closeCode}`);
  }
}

function waitForReady(client: Client, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready after ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
    const closed = (event: { code: number }) => {
      clearTimeout(timer);
      reject(new GatewayClosed(event.code));
    };
    client.once(Events.ShardDisconnect, closed);
    client.once(Events.ClientReady, () => {
      clearTimeout(timer);
      client.off(Events.ShardDisconnect, closed);
      resolve();
    });
  });
}

/** The message for a gateway closed for good, naming the cause and the fix. */
export function closedForGood(code: number): string {
  return (
    FATAL_CLOSE_CODES.get(code) ??
    `Discord closed the gateway for good (close ${code}): check the bot in the Discord Developer Portal and start letterbot again.`
  );
}

function startError(err: unknown, config: DiscordConfig): BotError {
  if (err instanceof GatewayClosed)
    return new BotError("config_invalid", closedForGood(err.closeCode), { cause: err });
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
  const stopping = new AbortController();
  const intake: Intake = { open: true, inFlight: new Set() };
  const render = discordRenderOptions(options.publicUrl);
  const answering: Answering = {
    bot,
    gate: options.gate ?? openGate,
    signal: () => deadline(stopping.signal, REST_DEADLINE_MS),
    render,
    logger,
    deferAfterMs: options.deferAfterMs ?? DEFER_AFTER_MS,
  };
  listen(client, answering, logger, intake);
  // The gateway's state for readiness: down while reconnecting, and for good after a fatal close.
  let connection: { up: true } | { up: false; reason: string } = { up: false, reason: "connecting" };
  let fatalCode: number | undefined;
  let started = false;
  let stopped: Promise<void> | undefined;
  const up = () => {
    if (fatalCode === undefined) connection = { up: true };
  };
  client.on(Events.ShardReady, up);
  client.on(Events.ShardResume, up);
  client.on(Events.ShardReconnecting, () => {
    if (fatalCode === undefined) connection = { up: false, reason: "reconnecting to the gateway" };
  });
  client.on(Events.ShardDisconnect, (event, shard) => {
    fatalCode = event.code;
    connection = { up: false, reason: `gateway closed for good (${event.code})` };
    if (stopped || !started) return;
    logger.error("discord: gateway closed for good", { shard, closeCode: event.code });
    options.onFatal?.(closedForGood(event.code));
  });
  const ready = waitForReady(client, options.readyTimeoutMs ?? READY_TIMEOUT_MS);
  try {
    await client.login(config.token);
    await ready;
  } catch (err) {
    ready.catch(() => {});
    await client.destroy();
    // The gateway's close code says more than the error discord.js raised for it.
    throw startError(fatalCode !== undefined ? new GatewayClosed(fatalCode) : err, config);
  }
  started = true;
  up();
  const userId = client.user?.id ?? "";
  logger.info("discord: connected", { user: userId, guilds: client.guilds.cache.size });
  return {
    publisher: createDiscordPublisher(client.rest, render),
    userId,
    state: () => connection,
    stop(deadline, alsoWait) {
      stopped ??= (async () => {
        intake.open = false;
        const work = Promise.allSettled([...intake.inFlight, alsoWait]);
        if (!deadline) await work;
        else if (!deadline.aborted) {
          await Promise.race([work, new Promise((resolve) => deadline.addEventListener("abort", resolve))]);
        }
        if (intake.inFlight.size > 0) {
          logger.warn("discord: answers still in progress were abandoned at shutdown", {
            count: intake.inFlight.size,
          });
        }
        stopping.abort();
        await client.destroy();
        logger.info("discord: disconnected");
      })();
      return stopped;
    },
  };
}
