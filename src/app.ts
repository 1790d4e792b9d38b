/**
 * The composition root: reads configuration, loads the article, opens the daily-quote store and
 * starts every configured adapter (Slack, Discord, or the console when neither is configured).
 */
import { startConsole } from "./adapters/console/console.js";
import { loadDiscordConfig } from "./adapters/discord/config.js";
import { loadSlackConfig, slackSecrets } from "./adapters/slack/config.js";
import { openSqliteStore } from "./adapters/store/sqlite.js";
import { loadArticle } from "./content.js";
import { type Clock, createBot, createDaily, type Logger, systemClock } from "./core/index.js";
import { loadDailyConfig } from "./runtime/daily-config.js";
import { createLogger } from "./runtime/logger.js";
import { startScheduler } from "./runtime/scheduler.js";

export interface LetterbotOptions {
  env: Record<string, string | undefined>;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Where logs go (standard error in production). */
  logStream: NodeJS.WritableStream;
  clock?: Clock;
  /** Whether the console is a terminal a person types into. */
  interactive?: boolean;
  /** Seconds between daily-quote ticks. */
  tickSeconds?: number;
}

/** A running letterbot. */
export interface Letterbot {
  /** Which adapters are running. */
  adapters: string[];
  /** The logger, which masks every configured secret. */
  logger: Logger;
  /** Resolves when the bot has nothing left to do (the console's input ended). Never, with a platform. */
  done: Promise<void>;
  /** Stops every adapter and the scheduler, then closes the store. */
  stop(): Promise<void>;
}

/**
 * Starts letterbot. Throws a `BotError` with a message that names the setting or file at fault
 * (and never a secret's value) when configuration or content is invalid.
 */
export async function startLetterbot(options: LetterbotOptions): Promise<Letterbot> {
  const { env } = options;
  const slackConfig = loadSlackConfig(env);
  const discordConfig = loadDiscordConfig(env);
  const dailyConfig = loadDailyConfig(env);
  const onPlatform = Boolean(slackConfig || discordConfig);
  const logger = createLogger({ stream: options.logStream, level: onPlatform ? "info" : "warn" });
  if (slackConfig) logger.addSecrets(slackSecrets(slackConfig));
  if (discordConfig) logger.addSecrets([discordConfig.token]);

  const clock = options.clock ?? systemClock;
  const article = loadArticle();
  const store = openSqliteStore(dailyConfig.databasePath);
  const stops: (() => Promise<void>)[] = [];
  try {
    const daily = createDaily({
      article,
      store,
      clock,
      logger,
      defaultTimeZone: dailyConfig.defaultTimeZone,
      graceMinutes: dailyConfig.graceMinutes,
    });
    const bot = createBot({ article, daily: daily.commands });
    const adapters: string[] = [];
    let done: Promise<void> = new Promise(() => {});

    if (slackConfig) {
      // Bolt and discord.js are large: each is loaded only when its platform is configured.
      const { startSlack } = await import("./adapters/slack/app.js");
      const slack = await startSlack({ bot, config: slackConfig, logger });
      daily.addPublisher(slack.publisher);
      stops.push(() => slack.stop());
      adapters.push("slack");
    }
    if (discordConfig) {
      const { startDiscord } = await import("./adapters/discord/client.js");
      const discord = await startDiscord({ bot, config: discordConfig, logger });
      daily.addPublisher(discord.publisher);
      stops.push(() => discord.stop());
      adapters.push("discord");
    }
    if (!onPlatform) {
      const console = startConsole({
        bot,
        input: options.input,
        output: options.output,
        interactive: options.interactive ?? false,
      });
      daily.addPublisher(console.publisher);
      stops.push(async () => console.stop());
      done = console.closed;
      adapters.push("console");
    }

    const scheduler = startScheduler({
      tick: () => daily.tick(),
      logger,
      ...(options.tickSeconds ? { intervalSeconds: options.tickSeconds } : {}),
    });
    stops.unshift(() => scheduler.stop());
    logger.info("letterbot started", { adapters, database: dailyConfig.databasePath });

    let stopping: Promise<void> | undefined;
    return {
      adapters,
      logger,
      done,
      stop: () => {
        stopping ??= (async () => {
          for (const stop of stops) {
            await stop().catch((err: unknown) => logger.error("stopping an adapter failed", { err }));
          }
          store.close();
          logger.info("letterbot stopped");
        })();
        return stopping;
      },
    };
  } catch (err) {
    for (const stop of stops) await stop().catch(() => {});
    store.close();
    throw err;
  }
}
