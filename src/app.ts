/**
 * The composition root: reads configuration, loads the article, opens the daily-quote store and
 * starts every configured adapter (Slack, Discord, or the console when neither is configured), the
 * health endpoints and the daily-quote timer; and stops them all in order, within a deadline.
 */
import { startConsole } from "./adapters/console/console.js";
import { DISCORD_ENV_VARS, loadDiscordConfig } from "./adapters/discord/config.js";
import { loadSlackConfig, SLACK_ENV_VARS, slackSecrets } from "./adapters/slack/config.js";
import { openStore } from "./adapters/store/open.js";
import { createArticlePages, WEB_PAGE_PATHS } from "./adapters/web/serve.js";
import { loadArticle, loadLexicon } from "./content.js";
import { type Clock, createBot, createDaily, type Publisher, systemClock } from "./core/index.js";
import { loadDailyConfig } from "./runtime/daily-config.js";
import {
  createHealth,
  type Health,
  type HealthCheck,
  type HealthServer,
  startHealthServer,
} from "./runtime/health.js";
import { replicaId, startLeaderOnly } from "./runtime/leader.js";
import { loadLearnConfig } from "./runtime/learn-config.js";
import { createLogger, type MaskingLogger } from "./runtime/logger.js";
import { createRateLimiter } from "./runtime/rate-limit.js";
import { startScheduler } from "./runtime/scheduler.js";
import { DEFAULT_HEALTH_PORT, loadServiceConfig } from "./runtime/service-config.js";
import { loadStoreConfig, storeSecrets } from "./runtime/store-config.js";

/** The line for standard error when nothing is configured and there is no input to answer. */
export const NO_PLATFORM_HINT = `letterbot: no Slack or Discord settings and no input on standard input, so nothing to do. Set SLACK_BOT_TOKEN with SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP) to start Slack, or DISCORD_TOKEN and DISCORD_APPLICATION_ID to start Discord (all settings: ${[...SLACK_ENV_VARS, ...DISCORD_ENV_VARS].join(", ")}).`;

/** Why a workspace's daily quotes stopped when the app was uninstalled there; `daily status` shows it. */
const UNINSTALLED_REASON =
  "letterbot was uninstalled from this workspace. Install it again, then type /letter daily on here.";

export interface LetterbotOptions {
  env: Record<string, string | undefined>;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Where logs go (standard error in production). */
  logStream: NodeJS.WritableStream;
  /** Whether the log stream is a terminal: readable log lines unless LOG_FORMAT says otherwise. */
  logToTerminal?: boolean;
  clock?: Clock;
  /** Whether the console is a terminal a person types into. */
  interactive?: boolean;
  /** Seconds between daily-quote ticks; `DAILY_TICK_SECONDS` otherwise. */
  tickSeconds?: number;
  /**
   * Aborted when the process is asked to stop while starting: start-up stops waiting for platform
   * connections (Socket Mode), so that the stop that follows comes at once.
   */
  signal?: AbortSignal;
}

/** How a stopped letterbot ended: the exit code, and a line for standard error if there is one. */
export interface Outcome {
  exitCode: number;
  notice?: string;
}

/** A running letterbot. */
export interface Letterbot {
  /** Which adapters are running. */
  adapters: string[];
  /** The logger, which masks every configured secret. */
  logger: MaskingLogger;
  health: Health;
  /** Ports serving `/healthz` and `/readyz`. */
  healthPorts: number[];
  /** Seconds that work in flight gets when stopping. */
  shutdownGraceSeconds: number;
  /**
   * Resolves once letterbot has stopped, whatever stopped it: the console's input ended, a
   * platform connection failed for good (exit code 1), or `stop` was called.
   */
  done: Promise<Outcome>;
  /**
   * Stops taking work, lets work in flight finish for up to the grace period (abandoning what is
   * left, its daily posts recorded as uncertain), closes every client and the store. Safe to call
   * more than once; resolves when stopped.
   */
  stop(reason?: string): Promise<Outcome>;
}

/** One running platform or console, as the composition root drives it. */
interface Running {
  name: string;
  publisher: Publisher;
  stop(deadline: AbortSignal, alsoWait: Promise<unknown>): Promise<void>;
}

/**
 * Starts letterbot. Throws a `BotError` with a message that names the setting or file at fault
 * (and never a secret's value) when configuration or content is invalid, or a port is taken.
 */
export async function startLetterbot(options: LetterbotOptions): Promise<Letterbot> {
  const { env } = options;
  const slackConfig = loadSlackConfig(env);
  const discordConfig = loadDiscordConfig(env);
  const dailyConfig = loadDailyConfig(env);
  const service = loadServiceConfig(env);
  const storeConfig = loadStoreConfig(env, dailyConfig);
  const learnConfig = loadLearnConfig(env);
  const onPlatform = Boolean(slackConfig || discordConfig);
  const logger = createLogger({
    stream: options.logStream,
    level: service.logLevel ?? (onPlatform ? "info" : "warn"),
    format: service.logFormat ?? (options.logToTerminal ? "pretty" : "json"),
  });
  if (slackConfig) logger.addSecrets(slackSecrets(slackConfig));
  if (discordConfig) logger.addSecrets([discordConfig.token]);
  logger.addSecrets(storeSecrets(storeConfig));

  const clock = options.clock ?? systemClock;
  const article = loadArticle();
  const store = await openStore(storeConfig, logger);
  const checks: HealthCheck[] = [
    {
      name: "store",
      state: () =>
        store.ping().then(
          () => ({ up: true }) as const,
          () => ({ up: false, reason: "not answering" }) as const,
        ),
    },
  ];
  const health = createHealth(checks);
  const running: Running[] = [];
  const healthServers: HealthServer[] = [];
  const closeAll = async () => {
    const now = AbortSignal.abort();
    for (const adapter of running) await adapter.stop(now, Promise.resolve()).catch(() => {});
    for (const server of healthServers) await server.close();
    await store.close();
  };

  let finish: (outcome: Outcome) => void = () => {};
  const done = new Promise<Outcome>((resolve) => {
    finish = resolve;
  });
  let stopping: Promise<Outcome> | undefined;
  let stop: (reason: string, outcome: Outcome) => Promise<Outcome> = async (_reason, outcome) => outcome;
  // A platform lost for good: one line naming the cause and the fix, then a clean stop, exit 1.
  let fatal = false;
  const onFatal = (message: string) => {
    if (stopping || fatal) return;
    fatal = true;
    logger.error(`letterbot cannot continue: ${message}`);
    void stop("a platform connection failed for good", { exitCode: 1 });
  };

  try {
    const daily = createDaily({
      article,
      store,
      clock,
      logger,
      defaultTimeZone: dailyConfig.defaultTimeZone,
      graceMinutes: dailyConfig.graceMinutes,
    });
    const bot = createBot({
      article,
      lexicon: loadLexicon(),
      daily: daily.commands,
      onError: (err) => logger.error("answering failed", { err }),
      clock,
      // Votes and declined questions, with no user id; their text only when the operator says so.
      feedback: store,
      feedbackText: service.feedbackStoreText,
      // A thread's last questions, so follow-ups read the same on every replica.
      threads: store,
      // What readers confirmed, per workspace; off with LEARN=off.
      ...(learnConfig ? { learning: { store, policy: learnConfig } } : {}),
    });
    const gate = createRateLimiter({ clock });

    // Health comes up first: a taken port fails start-up before any platform is contacted.
    const httpPort = slackConfig?.mode.kind === "http" ? slackConfig.mode.port : undefined;
    // Port 0 asks for any free port, so HEALTH_PORT=0 is always a server of its own.
    const separatePort =
      service.healthPort !== undefined && (service.healthPort === 0 || service.healthPort !== httpPort)
        ? service.healthPort
        : onPlatform && httpPort === undefined
          ? DEFAULT_HEALTH_PORT
          : undefined;
    // The article page, which citations link to when PUBLIC_URL is set, is served wherever health is.
    const pages = createArticlePages(article);
    if (separatePort !== undefined) {
      healthServers.push(await startHealthServer(health, separatePort, "HEALTH_PORT", [pages]));
    }

    let slackPort: number | undefined;
    if (slackConfig) {
      // Readiness says Slack is not up from now until it is: while it starts, and until Socket Mode connects.
      let slackState: HealthCheck["state"] = () => ({ up: false, reason: "starting" });
      checks.push({ name: "slack", state: () => slackState() });
      // Bolt and discord.js are large: each is loaded only when its platform is configured.
      const { startSlack } = await import("./adapters/slack/app.js");
      const slack = await startSlack({
        bot,
        config: slackConfig,
        logger,
        gate,
        onFatal,
        ...(options.signal ? { signal: options.signal } : {}),
        health: (req, res) => health.handle(req, res),
        pages: { paths: WEB_PAGE_PATHS, handle: pages },
        publicUrl: service.publicUrl,
        subscriptions: async (workspace) =>
          (await store.listSubscriptions()).filter(
            (s) => s.where.platform === "slack" && s.where.workspace === workspace,
          ),
        store,
        onUninstalled: (workspace) =>
          daily.pauseWorkspace("slack", workspace, UNINSTALLED_REASON).then((paused) => {
            logger.info("Slack workspace uninstalled; its daily quotes are paused", { workspace, paused });
          }),
      });
      slackState = () => slack.state();
      running.push({ name: "slack", publisher: slack.publisher, stop: (d, w) => slack.stop(d, w) });
      slackPort = slack.port;
    }
    if (discordConfig) {
      const { createDiscordPublisher, createDiscordRest, discordRenderOptions, startDiscord } = await import(
        "./adapters/discord/client.js"
      );
      // One gateway connection per token among all replicas: the lease holder's. Every replica
      // posts daily quotes over REST, which needs no gateway.
      const gateway = await startLeaderOnly({
        leases: store,
        name: `discord-gateway:${discordConfig.applicationId}`,
        holder: replicaId(),
        leaseMs: service.leaderLeaseSeconds * 1000,
        logger,
        start: () =>
          startDiscord({ bot, config: discordConfig, logger, gate, onFatal, publicUrl: service.publicUrl }),
        onFatal,
      });
      checks.push({ name: "discord", state: () => gateway.state() });
      running.push({
        name: "discord",
        publisher: createDiscordPublisher(
          createDiscordRest(discordConfig),
          discordRenderOptions(service.publicUrl),
        ),
        stop: (d, w) => gateway.stop(d, w),
      });
    }
    let console: ReturnType<typeof startConsole> | undefined;
    if (!onPlatform) {
      const session = startConsole({
        bot,
        input: options.input,
        output: options.output,
        interactive: options.interactive ?? false,
      });
      console = session;
      running.push({
        name: "console",
        publisher: session.publisher,
        stop: async (_deadline, alsoWait) => {
          session.stop();
          await Promise.all([session.closed, alsoWait]);
        },
      });
    }
    for (const adapter of running) daily.addPublisher(adapter.publisher);

    // The timer only dispatches: posts run on their platform's queue, so a hung one never delays a tick.
    const scheduler = startScheduler({
      tick: () => daily.dispatch(),
      logger,
      intervalSeconds: options.tickSeconds ?? dailyConfig.tickSeconds,
    });
    const healthPorts = [
      ...(slackPort !== undefined ? [slackPort] : []),
      ...healthServers.map((s) => s.port),
    ];
    const adapters = running.map((a) => a.name);
    const database = storeConfig.kind === "postgres" ? storeConfig.name : storeConfig.path;
    logger.info("letterbot started", { adapters, store: storeConfig.kind, database, healthPorts });

    const graceMs = service.shutdownGraceSeconds * 1000;
    stop = (reason, outcome) => {
      stopping ??= (async () => {
        health.markStopping();
        logger.info("letterbot stopping", { reason, graceSeconds: service.shutdownGraceSeconds });
        const deadline = new AbortController();
        const timer = setTimeout(() => deadline.abort(), graceMs);
        try {
          await scheduler.stop();
          const posts = daily.stop(deadline.signal);
          // Each adapter also waits for the daily posts, which go out through its client.
          await Promise.all([posts, ...running.map((a) => a.stop(deadline.signal, posts))]);
        } catch (err) {
          logger.error("stopping an adapter failed", { err });
        } finally {
          clearTimeout(timer);
        }
        for (const server of healthServers) await server.close();
        await store.close();
        logger.info("letterbot stopped", { reason });
        finish(outcome);
        return outcome;
      })();
      return stopping;
    };
    // A connection lost for good while the others were still starting.
    if (fatal) void stop("a platform connection failed for good", { exitCode: 1 });
    if (console) {
      const session = console;
      void session.closed.then(() => {
        // Nothing configured and nothing to read (stdin closed at once, as under a service manager).
        const idle = session.linesRead === 0 && !options.interactive;
        void stop(
          "the console's input ended",
          idle ? { exitCode: 0, notice: NO_PLATFORM_HINT } : { exitCode: 0 },
        );
      });
    }

    return {
      adapters,
      logger,
      health,
      healthPorts,
      shutdownGraceSeconds: service.shutdownGraceSeconds,
      done,
      stop: (reason = "asked to stop") => stop(reason, { exitCode: 0 }),
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
