/**
 * The Slack adapter: a Bolt app that answers `/letter`, mentions and direct messages through the
 * platform-neutral bot, over Socket Mode or signed HTTP requests, and posts daily quotes.
 */
import type { AddressInfo } from "node:net";
import { App, HTTPReceiver, type Receiver, SocketModeReceiver, webApi } from "@slack/bolt";
import { type Bot, BotError, type Logger, type Publisher } from "../../core/index.js";
import { boltLogger } from "./bolt-logger.js";
import type { SlackConfig } from "./config.js";
import { createSeenSet, DEFAULT_SEEN_CAPACITY } from "./dedup.js";
import { createSlackPublisher, type PostOptions, postMessage, type Sleep } from "./publisher.js";
import { renderSlack } from "./render.js";
import {
  eventIdOf,
  type SlackIdentity,
  type SlackInbound,
  translateDirectMessage,
  translateMention,
  translateSlashCommand,
} from "./translate.js";

/** The slash command the manifest declares. */
export const SLASH_COMMAND = "/letter";
/** Where Slack sends events and commands in HTTP mode. */
export const EVENTS_PATH = "/slack/events";
/** Largest request body accepted in HTTP mode; Slack's payloads are a few kilobytes. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** How long one Web API request may take before it is abandoned. */
export const WEB_API_TIMEOUT_MS = 10_000;
/**
 * Retries of a Web API call that failed on the network or with a server error: none, because a
 * post whose response was lost may have arrived, and sending it again would post it twice.
 */
export const DEFAULT_WEB_API_RETRY: webApi.RetryOptions = { retries: 0 };

/** What `startSlack` needs. */
export interface StartSlackOptions {
  bot: Bot;
  config: SlackConfig;
  logger: Logger;
  /** Retry policy for Web API calls failing on the network or with a 5xx. */
  webApiRetry?: webApi.RetryOptions;
  /** How rate-limit waits are made; tests pass a fake. */
  sleep?: Sleep;
  /** How many event ids are remembered to drop redeliveries. */
  seenCapacity?: number;
}

/** A running Slack adapter. */
export interface SlackAdapter {
  /** Posts daily quotes to this workspace's channels. */
  publisher: Publisher;
  /** Who the bot is, from `auth.test`. */
  identity: SlackIdentity & { teamId: string };
  /** The port listened on in HTTP mode (the real one when 0 was asked for). */
  port?: number;
  /** Stops receiving, ends rate-limit waits, and waits for answers in progress. */
  stop(): Promise<void>;
}

async function whoAmI(client: webApi.WebClient): Promise<SlackIdentity & { teamId: string }> {
  try {
    const auth = await client.auth.test();
    if (!auth.user_id || !auth.team_id) throw new Error("auth.test returned no user or team id");
    return { botUserId: auth.user_id, botId: auth.bot_id, teamId: auth.team_id };
  } catch (err) {
    const code = (err as { data?: { error?: unknown } }).data?.error;
    const message = code
      ? `Slack rejected SLACK_BOT_TOKEN (${String(code)}): copy the Bot User OAuth Token (xoxb-…) again from OAuth & Permissions, and reinstall the app if it was removed.`
      : "Could not reach the Slack Web API to check SLACK_BOT_TOKEN: check the network, or SLACK_API_URL if it is set.";
    throw new BotError("config_invalid", message, { cause: err });
  }
}

function makeReceiver(config: SlackConfig, logger: ReturnType<typeof boltLogger>): Receiver {
  if (config.mode.kind === "socket") {
    return new SocketModeReceiver({
      appToken: config.mode.appToken,
      logger,
      // Socket Mode opens its connection with apps.connections.open: the same API base URL.
      installerOptions: { clientOptions: { slackApiUrl: config.apiUrl } },
    });
  }
  return new HTTPReceiver({
    signingSecret: config.mode.signingSecret,
    endpoints: EVENTS_PATH,
    logger,
    // raw-body refuses a larger Content-Length at once, and stops reading a body that grows past it.
    bodyLimit: MAX_BODY_BYTES,
  });
}

/**
 * Starts the Slack adapter: checks the bot token with `auth.test`, then listens for `/letter`,
 * mentions and direct messages. Throws `config_invalid` when Slack rejects the token.
 */
export async function startSlack(options: StartSlackOptions): Promise<SlackAdapter> {
  const { bot, config, logger } = options;
  const sdkLogger = boltLogger(logger);
  const clientOptions: webApi.WebClientOptions = {
    slackApiUrl: config.apiUrl,
    logger: sdkLogger,
    timeout: WEB_API_TIMEOUT_MS,
    retryConfig: options.webApiRetry ?? DEFAULT_WEB_API_RETRY,
    // Rate limits are waited out by `postMessage`, within bounds, instead of for up to 30 minutes.
    rejectRateLimitedCalls: true,
  };
  const client = new webApi.WebClient(config.botToken, clientOptions);
  const identity = await whoAmI(client);

  const stopping = new AbortController();
  const postOptions: PostOptions = { logger, sleep: options.sleep, signal: stopping.signal };
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    const forget = () => inFlight.delete(work);
    work.then(forget, forget);
    return work;
  };

  const app = new App({
    token: config.botToken,
    botId: identity.botId,
    botUserId: identity.botUserId,
    receiver: makeReceiver(config, sdkLogger),
    logger: sdkLogger,
    clientOptions: { ...clientOptions },
    convoStore: false,
  });

  const seen = createSeenSet(options.seenCapacity ?? DEFAULT_SEEN_CAPACITY);
  app.use(async ({ body, context, next }) => {
    const eventId = eventIdOf(body);
    // Slack redelivers an event when it saw no timely 200 (X-Slack-Retry-Num); answer it once.
    if (eventId !== undefined && !seen.firstSighting(eventId)) {
      logger.info("Slack event already handled; redelivery ignored", { eventId, retryNum: context.retryNum });
      return;
    }
    await next();
  });

  app.command(SLASH_COMMAND, async ({ command, ack }) => {
    await track(
      (async () => {
        const inbound = translateSlashCommand(command, identity);
        if (!inbound) {
          await ack({ response_type: "ephemeral", text: "Sorry, I could not read that command." });
          return;
        }
        // The answer is ready at once, so it travels in the acknowledgement itself.
        const reply = await bot.handle(inbound.request);
        const message = renderSlack(reply);
        await ack({
          response_type: reply.visibility === "public" ? "in_channel" : "ephemeral",
          text: message.text,
          blocks: message.blocks,
        });
      })().catch(async (err) => {
        logger.error("Slack command failed", { err });
        await ack({
          response_type: "ephemeral",
          text: "Something went wrong answering that. Please try again.",
        });
      }),
    );
  });

  const answer = async (inbound: SlackInbound | undefined) => {
    if (!inbound) return;
    const reply = await bot.handle(inbound.request);
    if (reply.visibility === "private" && inbound.request.source === "mention") {
      // Help, errors and "the article doesn't say" are for the asker only, as with /letter.
      const message = renderSlack(reply);
      await client.chat.postEphemeral({
        channel: inbound.channel,
        user: inbound.request.user,
        ...(inbound.threadTs ? { thread_ts: inbound.threadTs } : {}),
        text: message.text,
        blocks: message.blocks,
      });
      return;
    }
    await postMessage(
      client,
      { channel: inbound.channel, threadTs: inbound.threadTs },
      renderSlack(reply),
      postOptions,
    );
  };
  app.event("app_mention", async ({ body }) => {
    await track(answer(translateMention(body, identity)));
  });
  app.event("message", async ({ body }) => {
    await track(answer(translateDirectMessage(body, identity)));
  });

  // Events are acknowledged before listeners run, so a failing listener never costs Slack its 200;
  // the error is logged (through the masking logger) and the process carries on.
  app.error(async (err) => {
    logger.error("Slack listener failed", { err });
  });

  let port: number | undefined;
  if (config.mode.kind === "http") {
    const server = await app.start(config.mode.port);
    port = (server.address() as AddressInfo).port;
    logger.info("Slack adapter listening for HTTP requests", { port, path: EVENTS_PATH });
  } else {
    await app.start();
    logger.info("Slack adapter connected over Socket Mode");
  }

  let stopped: Promise<void> | undefined;
  return {
    publisher: createSlackPublisher({ ...postOptions, client, teamId: identity.teamId }),
    identity,
    port,
    stop() {
      stopped ??= (async () => {
        stopping.abort();
        await app.stop().catch((err: unknown) => logger.warn("Slack adapter did not stop cleanly", { err }));
        await Promise.allSettled([...inFlight]);
      })();
      return stopped;
    },
  };
}
