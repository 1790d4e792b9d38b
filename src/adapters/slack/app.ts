/**
 * The Slack adapter: a Bolt app that answers `/letter`, mentions and direct messages through the
 * platform-neutral bot, over Socket Mode or signed HTTP requests, and posts daily quotes. Replies
 * carry buttons (share, context, votes, suggestions) whose presses it answers; the message shortcut
 * "Check in the letter" checks any message privately; the Home tab says what it can do.
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type AllMiddlewareArgs,
  App,
  HTTPReceiver,
  type Receiver,
  type SlackCommandMiddlewareArgs,
  type SlackEventMiddlewareArgs,
  SocketModeReceiver,
  webApi,
} from "@slack/bolt";
import {
  type Bot,
  BotError,
  type Installations,
  type Logger,
  type OAuthStates,
  openGate,
  type Publisher,
  type RequestGate,
  type SeenEvents,
  type Subscription,
} from "../../core/index.js";
import { deadline } from "../signals.js";
import { citationLink } from "../web/article-page.js";
import { requestDeadline } from "../web/limits.js";
import { boltLogger } from "./bolt-logger.js";
import type { SlackConfig, SlackOAuthConfig } from "./config.js";
import { createSeenSet, DEFAULT_SEEN_CAPACITY, firstSightingWithin } from "./dedup.js";
import { createInteractions } from "./interactions.js";
import {
  authorizeUrlFor,
  botTokenIn,
  createInstallationStore,
  createStateStore,
  INSTALL_PATH,
  installedPage,
  installFailedPage,
  installUnavailablePage,
  REDIRECT_PATH,
  SLACK_BOT_SCOPES,
} from "./oauth.js";
import { createSlackPublisher, type PostOptions, postMessage, type Sleep } from "./publisher.js";
import {
  createRenderCache,
  RENDER_CACHE_SIZE,
  type SlackMessage,
  type SlackRenderOptions,
} from "./render.js";
import { respondTo } from "./respond.js";
import { screenPayload } from "./screen.js";
import { SOCKET_CONNECTING, type SocketWatch, socketModeLogger, watchSocketMode } from "./socket.js";
import {
  eventIdOf,
  SLASH_COMMAND,
  type SlackIdentity,
  type SlackInbound,
  translateDirectMessage,
  translateMention,
  translateSlashCommand,
} from "./translate.js";

export { SLASH_COMMAND };
/** Where Slack sends events and commands in HTTP mode. */
export const EVENTS_PATH = "/slack/events";
/** Largest request body accepted in HTTP mode; Slack's payloads are a few kilobytes. */
export const MAX_BODY_BYTES = 1024 * 1024;
/**
 * How long start-up waits for Socket Mode to connect before going on without it (readiness says
 * Slack is not up until it connects). A failure to connect ends the wait at once, and so does a
 * stop asked for while starting.
 */
export const SOCKET_START_WAIT_MS = 10_000;
/** Longest wait between two requests for a Socket Mode connection URL that failed. */
const MAX_SOCKET_RETRY_MS = 30_000;
/** How long one Web API request may take before it is abandoned. */
export const WEB_API_TIMEOUT_MS = 10_000;
/** Longest an answer to a mention or direct message may take, rate-limit waits included. */
export const REPLY_DEADLINE_MS = 30_000;
/**
 * Longest a slash command's answer is waited for before Slack, which wants its acknowledgement
 * within 3 s, is acknowledged without it. Almost every answer is ready at once; one that waits on
 * the store (a daily setting while another process holds the database) follows through the
 * command's response URL.
 */
export const COMMAND_ACK_WITHIN_MS = 2_000;
/**
 * Retries of a Web API call that failed on the network or with a server error: none, because a
 * post whose response was lost may have arrived, and sending it again would post it twice.
 */
export const DEFAULT_WEB_API_RETRY: webApi.RetryOptions = { retries: 0 };
/** The health endpoints served beside the events path in HTTP mode. */
export const HEALTH_PATHS = ["/healthz", "/readyz"] as const;
/** Web API clients kept for workspaces' tokens at most (installed through OAuth), oldest dropped first. */
const MAX_CACHED_CLIENTS = 1000;
/** Bolt's error code for a request from a workspace with no installation. */
const AUTHORIZATION_ERROR = "slack_bolt_authorization_error";

/**
 * Slack errors meaning a token is no longer accepted at all: no retry or reconnection can help,
 * only a person with a new token.
 */
export const FATAL_AUTH_ERRORS: ReadonlySet<string> = new Set([
  "invalid_auth",
  "account_inactive",
  "token_revoked",
  "token_expired",
  "not_authed",
]);

/** The Slack error code of a failed Web API call, if it has one. */
function slackErrorCode(err: unknown): string | undefined {
  const code = (err as { data?: { error?: unknown } } | null)?.data?.error;
  return typeof code === "string" ? code : undefined;
}

/** What to do when Slack stops accepting SLACK_BOT_TOKEN while running. */
export function botTokenRefused(code: string): string {
  return `Slack no longer accepts SLACK_BOT_TOKEN (${code}): the token was revoked or the app was uninstalled. Reinstall the app to the workspace, put the new Bot User OAuth Token (xoxb-…) from OAuth & Permissions in SLACK_BOT_TOKEN, and start letterbot again.`;
}

/** What to do when Slack refuses SLACK_APP_TOKEN. */
export function appTokenRefused(code: string): string {
  return `Slack refused SLACK_APP_TOKEN (${code}): create a new app-level token with the connections:write scope under your app's Basic Information → App-Level Tokens, put it (xapp-…) in SLACK_APP_TOKEN, and start letterbot again.`;
}

/** Answers the health endpoints (or a page); anything else is left to Bolt. */
export type HealthHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

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
  /** Per-user rate limits; everything is answered without one. */
  gate?: RequestGate;
  /** Serves the health endpoints on the HTTP port, in HTTP mode. */
  health?: HealthHandler;
  /** Web pages served on the HTTP port beside the events, in HTTP mode (the article page). */
  pages?: { paths: readonly string[]; handle: HealthHandler };
  /** Called once when Slack stops accepting a token: the process cannot go on. */
  onFatal?: (message: string) => void;
  /**
   * Socket Mode's wait before reconnecting, in ms, and the first wait before asking for a
   * connection URL again (tests make it short).
   */
  clientPingTimeoutMs?: number;
  /** Overrides `COMMAND_ACK_WITHIN_MS`. */
  commandAckWithinMs?: number;
  /** Ends start-up's wait for Socket Mode to connect: the process was asked to stop while starting. */
  signal?: AbortSignal;
  /** How long a request may take to arrive in HTTP mode before its connection is dropped (tests make it short). */
  requestTimeoutMs?: number;
  /**
   * The state replicas share: event ids already answered, so a redelivery to any replica or after
   * a restart gets no second answer; with OAuth, installations and install states too. Without
   * it, event ids are remembered by this process only, and OAuth cannot be used.
   */
  store?: SeenEvents & Installations & OAuthStates;
  /** Called once the app was uninstalled from a workspace (OAuth) and its installation deleted. */
  onUninstalled?: (workspace: string) => Promise<void>;
  /** The public address of letterbot's web server (`PUBLIC_URL`): citations link to the article page there. */
  publicUrl?: string | undefined;
  /** The daily-quote subscriptions of a workspace's channels, for the Home tab. */
  subscriptions?: (workspace: string) => Promise<Subscription[]>;
}

/** How replies are rendered in Slack: with buttons, and citations linked when there is a public address. */
export function slackRenderOptions(publicUrl: string | undefined): SlackRenderOptions {
  return {
    buttons: true,
    ...(publicUrl ? { citationUrl: (quote) => citationLink(publicUrl, quote) } : {}),
  };
}

/** A running Slack adapter. */
export interface SlackAdapter {
  /** Posts daily quotes to this workspace's channels. */
  publisher: Publisher;
  /** Who the bot is, from `auth.test`; with OAuth there is one bot per workspace, found per request. */
  identity?: SlackIdentity & { teamId: string };
  /** The port listened on in HTTP mode (the real one when 0 was asked for). */
  port?: number;
  /** Whether requests can reach the bot: listening (HTTP) or connected (Socket Mode). */
  state(): { up: true } | { up: false; reason: string };
  /**
   * Stops receiving and waits for answers in progress; when `deadline` aborts first, they are
   * abandoned (rate-limit waits end, connections close).
   */
  stop(deadline?: AbortSignal, alsoWait?: Promise<unknown>): Promise<void>;
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

/** OAuth's part of the HTTP receiver: the install pages, with states and installations in the store. */
function installerSettings(
  oauth: SlackOAuthConfig,
  store: Installations & OAuthStates,
  clientOptions: webApi.WebClientOptions,
  apiUrl: string,
) {
  return {
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    installationStore: createInstallationStore(store),
    scopes: [...SLACK_BOT_SCOPES],
    installerOptions: {
      installPath: INSTALL_PATH,
      redirectUriPath: REDIRECT_PATH,
      // Straight to Slack's authorize page: no page of our own in between.
      directInstall: true,
      stateStore: createStateStore(store, oauth.stateSecret),
      stateVerification: true,
      authorizationUrl: authorizeUrlFor(apiUrl),
      clientOptions,
      callbackOptions: { success: installedPage, failure: installFailedPage },
    },
  };
}

function makeReceiver(
  config: SlackConfig,
  logger: ReturnType<typeof boltLogger>,
  options: StartSlackOptions,
  clientOptions: webApi.WebClientOptions,
): Receiver {
  if (config.mode.kind === "socket") {
    return new SocketModeReceiver({
      appToken: config.mode.appToken,
      logger: socketModeLogger(logger),
      ...(options.clientPingTimeoutMs ? { clientPingTimeout: options.clientPingTimeoutMs } : {}),
      // Socket Mode opens its connection with apps.connections.open: the same API base URL, with a
      // deadline, and no repeats of its own: the watcher retries, saying why each time it fails.
      installerOptions: {
        clientOptions: {
          slackApiUrl: config.apiUrl,
          timeout: WEB_API_TIMEOUT_MS,
          retryConfig: { retries: 0 },
        },
      },
    });
  }
  const { health, pages, store } = options;
  if (config.oauth && !store) throw new Error("installing through OAuth needs a store");
  return new HTTPReceiver({
    ...(config.oauth && store ? installerSettings(config.oauth, store, clientOptions, config.apiUrl) : {}),
    signingSecret: config.mode.signingSecret,
    endpoints: EVENTS_PATH,
    logger,
    // raw-body refuses a larger Content-Length at once, and stops reading a body that grows past it.
    bodyLimit: MAX_BODY_BYTES,
    customRoutes: [
      ...(health ? HEALTH_PATHS.map((path) => ({ path, handle: health })) : []),
      ...(pages ? pages.paths.map((path) => ({ path, handle: pages.handle })) : []),
    ].map(({ path, handle }) => ({
      path,
      // Every method reaches the page and health handlers, which answer 405 to all but GET and HEAD.
      method: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
      handler: (req: IncomingMessage, res: ServerResponse) => {
        if (handle(req, res) === false && !res.headersSent) {
          res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
          res.end("Not found.\n");
        }
      },
    })),
  });
}

/**
 * Answers an install that cannot start (the store failed to keep its state) with a page of its
 * own: Bolt logs such a failure but leaves the person's request without an answer.
 */
function answerFailedInstalls(receiver: Receiver, logger: Logger): void {
  const installer = receiver instanceof HTTPReceiver ? receiver.installer : undefined;
  if (!installer) return;
  const handle = installer.handleInstallPath.bind(installer);
  installer.handleInstallPath = async (req, res, ...rest) => {
    try {
      await handle(req, res, ...rest);
    } catch (err) {
      logger.error("Slack install could not start", { err });
      if (!res.headersSent) installUnavailablePage(res);
    }
  };
}

/** A Web API client that reports a refused bot token the moment any call meets one. */
function watchedClient(
  token: string,
  options: webApi.WebClientOptions,
  onRefused: (code: string) => void,
): webApi.WebClient {
  class WatchedClient extends webApi.WebClient {
    override async apiCall(method: string, callOptions?: Record<string, unknown>) {
      try {
        return await super.apiCall(method, callOptions);
      } catch (err) {
        const code = slackErrorCode(err);
        if (code && FATAL_AUTH_ERRORS.has(code)) onRefused(code);
        throw err;
      }
    }
  }
  return new WatchedClient(token, options);
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
  // Before start-up completes, a refused token is start-up's own error (thrown below), not a report.
  let started = false;
  let fatal = false;
  const reportFatal = (message: string) => {
    if (fatal || !started) return;
    fatal = true;
    options.onFatal?.(message);
  };
  // Single-token mode: one client and one bot identity, checked now. With OAuth, each request
  // brings its workspace's token and bot (Bolt's authorize reads them from the installation).
  const single =
    config.botToken === undefined
      ? undefined
      : await (async () => {
          const token = config.botToken as string;
          const client = watchedClient(token, clientOptions, (code) => reportFatal(botTokenRefused(code)));
          return { token, client, identity: await whoAmI(client) };
        })();
  const gate = options.gate ?? openGate;
  const { store } = options;

  const stopping = new AbortController();
  const postOptions: PostOptions = { logger, sleep: options.sleep, signal: stopping.signal };
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    const forget = () => inFlight.delete(work);
    work.then(forget, forget);
    return work;
  };

  const receiver = makeReceiver(config, sdkLogger, options, clientOptions);
  answerFailedInstalls(receiver, logger);
  // Socket Mode's connection: its state for readiness, and why it fails when it does. When Slack
  // refuses the app token on a reconnection, the client only rejects a promise nobody awaits, so
  // the watcher sees the refusal and reports it; the reconnection then waits for the stop that
  // the report brings.
  const pingTimeoutMs = options.clientPingTimeoutMs ?? 5_000;
  const socket: SocketWatch | undefined =
    receiver instanceof SocketModeReceiver
      ? watchSocketMode({
          receiver,
          logger,
          apiUrl: config.apiUrl,
          isStarted: () => started,
          onRefused: (code) => reportFatal(appTokenRefused(code)),
          isFatal: (code) => FATAL_AUTH_ERRORS.has(code),
          retryDelayMs: (failures) => Math.min(MAX_SOCKET_RETRY_MS, pingTimeoutMs * 2 ** (failures - 1)),
        })
      : undefined;

  const app = new App({
    ...(single
      ? { token: single.token, botId: single.identity.botId, botUserId: single.identity.botUserId }
      : {}),
    receiver,
    logger: sdkLogger,
    clientOptions: { ...clientOptions },
    convoStore: false,
  });
  // Every payload is screened before Bolt reads it (see screen.ts): one letterbot cannot use is
  // acknowledged at once, with nothing done, in one warning line.
  const processEvent = app.processEvent.bind(app);
  app.processEvent = async (event) => {
    const screened = screenPayload(event.body);
    if (!screened.ok) {
      const { payload, reason, fields } = screened;
      logger.warn("Slack payload letterbot cannot use; acknowledged and ignored", {
        payload,
        reason,
        ...(fields ? { fields } : {}),
      });
      await event.ack();
      return;
    }
    await processEvent({ ...event, body: screened.body });
  };

  /** The client replies go through: the one token's, or the one Bolt made for the request's workspace. */
  const replyClient = (args: { client: webApi.WebClient }) => single?.client ?? args.client;
  const identityOf = (context: { botUserId?: string | undefined; botId?: string | undefined }) =>
    single?.identity ?? { botUserId: context.botUserId ?? "", botId: context.botId };

  const seen = createSeenSet(options.seenCapacity ?? DEFAULT_SEEN_CAPACITY);
  const renderOptions = slackRenderOptions(options.publicUrl);
  const renderSlack = createRenderCache(RENDER_CACHE_SIZE, renderOptions);
  /** A fresh deadline for one reply, which shutdown ends sooner. */
  const replyDeadline = () => deadline(stopping.signal, REPLY_DEADLINE_MS);

  const { withMembership, pressed, checked, publishHome } = createInteractions({
    bot,
    logger,
    gate,
    render: renderSlack,
    postOptions,
    replyDeadline,
    publicUrl: options.publicUrl,
    subscriptions: options.subscriptions,
  });
  // Slack redelivers an event when it saw no timely 200 (X-Slack-Retry-Num); answer it once, on
  // one replica. Checked in the event handlers only, so slash commands never pay for it.
  const firstDelivery = async (body: unknown, retryNum: unknown) => {
    const eventId = eventIdOf(body);
    if (eventId === undefined) return true;
    let first = seen.firstSighting(eventId);
    if (first && store) {
      try {
        first = await firstSightingWithin(store, "slack", eventId);
      } catch (err) {
        // Without the store, this process's memory is all there is: better one answer too many
        // during an outage (or while the database is locked) than none at all.
        logger.warn("Slack event ids cannot be checked in the store; answering", { eventId, err });
      }
    }
    if (!first) logger.info("Slack event already handled; redelivery ignored", { eventId, retryNum });
    return first;
  };

  const ackWithinMs = options.commandAckWithinMs ?? COMMAND_ACK_WITHIN_MS;
  const onCommand = (args: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
    const { command, ack, context } = args;
    const client = replyClient(args);
    let acked = false;
    const acknowledge = (response?: Parameters<typeof ack>[0]) => {
      acked = true;
      return ack(response);
    };
    /** An answer that was not ready in time, sent through the command's response URL. */
    const followUp = (message: CommandResponse) =>
      respondTo(command.response_url, { ...message, replace_original: false }, replyDeadline());
    return track(
      (async () => {
        const inbound = translateSlashCommand(command, identityOf(context));
        if (!inbound) {
          await acknowledge({ response_type: "ephemeral", text: "Sorry, I could not read that command." });
          return;
        }
        const admission = gate.admit(inbound.request);
        if (admission.verdict === "drop") {
          // An empty acknowledgement shows the user nothing.
          await acknowledge();
          return;
        }
        const answering =
          admission.verdict === "notice"
            ? Promise.resolve(admission.reply)
            : withMembership(client, inbound.request, inbound.request.text).then((r) => bot.handle(r));
        // An answer ready in time travels in the acknowledgement itself.
        const ready = await within(answering, ackWithinMs);
        if (ready) {
          await acknowledge(commandResponse(renderSlack(ready), ready.visibility));
          return;
        }
        // Acknowledged in time, showing nothing yet; the answer follows when it is ready.
        await acknowledge();
        const reply = await answering;
        await followUp(commandResponse(renderSlack(reply), reply.visibility));
      })().catch(async (err) => {
        logger.error("Slack command failed", { err });
        const sorry: CommandResponse = {
          response_type: "ephemeral",
          text: "Something went wrong answering that. Please try again.",
          blocks: [],
        };
        if (!acked) await acknowledge({ response_type: sorry.response_type, text: sorry.text });
        else await followUp(sorry).catch(() => {});
      }),
    );
  };

  const answer = async (client: webApi.WebClient, inbound: SlackInbound | undefined) => {
    if (!inbound) return;
    const admission = gate.admit(inbound.request);
    if (admission.verdict === "drop") return;
    const reply = admission.verdict === "notice" ? admission.reply : await bot.handle(inbound.request);
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
      // Each reply has its own deadline; shutdown's signal ends it sooner.
      { ...postOptions, signal: replyDeadline() },
    );
  };

  // The app removed from a workspace, or its bot token revoked there (Bolt skips authorization for
  // these two events: the installation may be gone already).
  const installations = store ? createInstallationStore(store) : undefined;
  const uninstalled = async (body: { team_id?: unknown; enterprise_id?: unknown }, retryNum: unknown) => {
    const teamId = typeof body.team_id === "string" ? body.team_id : undefined;
    if (!teamId || !(await firstDelivery(body, retryNum))) return;
    if (single) {
      if (teamId === single.identity.teamId) reportFatal(botTokenRefused("app_uninstalled"));
      return;
    }
    const enterpriseId = typeof body.enterprise_id === "string" ? body.enterprise_id : undefined;
    await installations?.deleteInstallation({ teamId, enterpriseId, isEnterpriseInstall: false });
    logger.info("Slack app uninstalled from a workspace; its installation is deleted", { workspace: teamId });
    await options.onUninstalled?.(teamId);
  };

  /** An event, to what its type asks (events are acknowledged by Bolt before this runs). */
  const onEvent = async (args: SlackEventMiddlewareArgs & AllMiddlewareArgs): Promise<boolean> => {
    const { event, body, context } = args;
    switch (event.type) {
      case "app_mention":
        if (await firstDelivery(body, context.retryNum))
          await track(answer(replyClient(args), translateMention(body, identityOf(context))));
        return true;
      case "message":
        if (await firstDelivery(body, context.retryNum))
          await track(answer(replyClient(args), translateDirectMessage(body, identityOf(context))));
        return true;
      case "app_home_opened":
        if (event.tab === "home")
          await track(publishHome(replyClient(args), event.user, context.teamId ?? body.team_id));
        return true;
      case "app_uninstalled":
        await track(uninstalled(body, context.retryNum));
        return true;
      case "tokens_revoked":
        // Only the bot's tokens matter: letterbot asks for no user tokens.
        if ((event.tokens.bot ?? []).length > 0) await track(uninstalled(body, context.retryNum));
        return true;
      default:
        return false;
    }
  };

  // One global middleware routes every request to its handler, instead of one listener per kind:
  // Bolt runs every listener's middleware chain for every request, which cost each `/letter` more
  // than answering it. Only payloads the screen let through get here: `/letter`, the subscribed
  // events, letterbot's buttons and its message shortcut.
  app.use(async (args) => {
    if ("command" in args && args.command) {
      await onCommand(args);
      return;
    }
    if ("event" in args && args.event) {
      if (await onEvent(args)) return;
    } else if ("action" in args && args.action) {
      // Buttons and the message shortcut are acknowledged first, at once: Slack wants that within
      // 3 s, and the answer, which may wait on the store or the network, follows as a reply of its own.
      await args.ack();
      await track(pressed(replyClient(args), args.body));
      return;
    } else if ("shortcut" in args && args.shortcut) {
      await args.ack();
      await track(checked(replyClient(args), args.body));
      return;
    }
    await args.next();
  });

  // Events are acknowledged before listeners run, so a failing listener never costs Slack its 200;
  // the error is logged (through the masking logger) and the process carries on.
  app.error(async (err) => {
    if ((err as { code?: unknown }).code === AUTHORIZATION_ERROR) {
      logger.warn("Slack request from a workspace where letterbot is not installed; ignored");
      return;
    }
    logger.error("Slack listener failed", { err });
  });

  let port: number | undefined;
  let server: Server | undefined;
  try {
    if (config.mode.kind === "http") {
      // A request whose headers and body have not all arrived in time is dropped, connection and
      // all, before Bolt reads it or checks its signature.
      server = await app.start(config.mode.port, requestDeadline(options.requestTimeoutMs));
      port = (server.address() as AddressInfo).port;
      logger.info("Slack adapter listening for HTTP requests", { port, path: EVENTS_PATH });
    } else if (socket) {
      // Resolves once connected; rejects when Slack refuses the app token while starting, and when
      // the adapter is stopped before it connects.
      const connecting = app.start();
      connecting.catch(() => {});
      await Promise.race([connecting, socket.settled(SOCKET_START_WAIT_MS, options.signal)]);
      const state = socket.state();
      if (state.up) logger.info("Slack adapter connected over Socket Mode");
      else if (state.reason === SOCKET_CONNECTING && !options.signal?.aborted)
        // Neither connected nor failed: an address that never answers. A failure has its own line.
        logger.warn(
          `Slack Socket Mode has not connected within ${SOCKET_START_WAIT_MS / 1000} s; still trying, and readiness says Slack is not up until it connects`,
        );
    }
  } catch (err) {
    socket?.close();
    await app.stop().catch(() => {});
    throw startError(err, config);
  }
  started = true;

  let stopped: Promise<void> | undefined;
  // With OAuth, each workspace's daily posts go out with its own token, looked up when posting so
  // that an uninstall takes effect at once.
  const clients = new Map<string, webApi.WebClient>();
  const clientForToken = (token: string) => {
    let client = clients.get(token);
    if (!client) {
      client = new webApi.WebClient(token, clientOptions);
      clients.set(token, client);
      const oldest = clients.keys().next().value;
      if (clients.size > MAX_CACHED_CLIENTS && oldest !== undefined) clients.delete(oldest);
    }
    return client;
  };
  const publisher = single
    ? createSlackPublisher({
        ...postOptions,
        render: renderOptions,
        client: single.client,
        teamId: single.identity.teamId,
      })
    : createSlackPublisher({
        ...postOptions,
        render: renderOptions,
        clientFor: async (workspace) => {
          const token = store ? await botTokenIn(store, workspace) : undefined;
          return token === undefined ? undefined : clientForToken(token);
        },
      });

  return {
    publisher,
    ...(single ? { identity: single.identity } : {}),
    port,
    state() {
      if (config.mode.kind === "http") {
        return server?.listening ? { up: true } : { up: false, reason: "not listening" };
      }
      return socket ? socket.state() : { up: false, reason: "not started" };
    },
    stop(deadline, alsoWait) {
      stopped ??= (async () => {
        // No new connections or Socket Mode events from here on; requests already in are answered.
        socket?.close();
        const closing = app.stop().catch((err: unknown) => {
          logger.warn("Slack adapter did not stop cleanly", { err });
        });
        const work = Promise.allSettled([...inFlight, alsoWait]);
        if (deadline && !deadline.aborted) {
          await Promise.race([work, new Promise((resolve) => deadline.addEventListener("abort", resolve))]);
        } else if (!deadline) {
          await work;
        }
        if (inFlight.size > 0) {
          logger.warn("Slack answers still in progress were abandoned at shutdown", { count: inFlight.size });
        }
        stopping.abort();
        server?.closeAllConnections();
        await closing;
      })();
      return stopped;
    },
  };
}

/** A start-up failure as a message that names the setting at fault and the fix. */
function startError(err: unknown, config: SlackConfig): unknown {
  if ((err as NodeJS.ErrnoException | null)?.code === "EADDRINUSE" && config.mode.kind === "http") {
    return new BotError(
      "config_invalid",
      `PORT ${config.mode.port} is already in use: stop whatever listens there, or set PORT to a free port.`,
      { cause: err },
    );
  }
  const code = slackErrorCode(err);
  if (config.mode.kind === "socket" && code) {
    return new BotError("config_invalid", appTokenRefused(code), { cause: err });
  }
  if (config.mode.kind === "socket") {
    return new BotError(
      "config_invalid",
      "Could not open a Socket Mode connection to Slack: check the network, or SLACK_API_URL if it is set.",
      { cause: err },
    );
  }
  return err;
}

/** A slash command's reply, as an acknowledgement or through its response URL. */
type CommandResponse = SlackMessage & { response_type: "in_channel" | "ephemeral" };

function commandResponse(message: SlackMessage, visibility: "public" | "private"): CommandResponse {
  return {
    response_type: visibility === "public" ? "in_channel" : "ephemeral",
    text: message.text,
    blocks: message.blocks,
  };
}

/** `work`'s value if it settles within `ms`, else undefined (it goes on); its failure is thrown. */
async function within<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
