/**
 * Daily quotes: a channel subscribes with `/letter daily on`, and every tick posts the quotes that
 * are due through the publisher of each channel's platform. Time comes in as an argument or from
 * the injected clock; there are no timers here (see `src/runtime/scheduler.ts`).
 */
import type { DailyCommands } from "../bot.js";
import { quotablePassages } from "../content/quotable.js";
import { BotError } from "../errors.js";
import { type Clock, type Logger, type Publisher, silentLogger, systemClock } from "../ports.js";
import type { Article, Platform } from "../types.js";
import { createDailyCommands } from "./commands.js";
import type { DailyContext } from "./context.js";
import { createPoster, type TickSummary } from "./post.js";
import type { DailyStore } from "./store.js";
import { resolveTimeZone } from "./time.js";

/** Minutes after the scheduled time a missed post is still made (the bot was down). */
export const DEFAULT_GRACE_MINUTES = 360;
/** Time zone of subscriptions that name none, when configuration does not say. */
export const DEFAULT_TIME_ZONE = "UTC";

/** What `createDaily` needs. */
export interface DailyOptions {
  article: Article;
  store: DailyStore;
  clock?: Clock;
  logger?: Logger;
  /** IANA zone for `daily on` without one. */
  defaultTimeZone?: string;
  graceMinutes?: number;
}

/** The daily-quote feature: commands for the bot, publishers from the adapters, and the tick. */
export interface Daily {
  /** Pass to `createBot({ daily })`. */
  readonly commands: DailyCommands;
  /** Registers the publisher of a platform; channels of platforms without one are skipped. */
  addPublisher(publisher: Publisher): void;
  /** Posts every quote due at `now` (the clock's time by default) and resolves with the outcomes; never throws. */
  tick(now?: Date): Promise<TickSummary>;
  /**
   * Claims and queues every quote due at `now`, resolving once they are queued; `settled` resolves
   * with their outcomes. The scheduler uses it so that a slow platform never holds up the next tick.
   */
  dispatch(now?: Date): Promise<{ settled: Promise<TickSummary> }>;
  /**
   * Takes no new posts. Posts in flight may finish until `deadline` aborts; those still waiting
   * for their platform then are recorded as uncertain. Resolves when every post has an outcome.
   */
  stop(deadline: AbortSignal): Promise<void>;
  /**
   * Pauses every subscription of one workspace with `reason` (the app was uninstalled there);
   * `daily on` resumes each. Resolves with how many were paused.
   */
  pauseWorkspace(platform: Platform, workspace: string, reason: string): Promise<number>;
}

/** Creates the daily-quote feature over a store. Throws `BotError` for an unknown default zone. */
export function createDaily(options: DailyOptions): Daily {
  const defaultTimeZone = resolveTimeZone(options.defaultTimeZone ?? DEFAULT_TIME_ZONE);
  if (!defaultTimeZone) {
    throw new BotError(
      "config_invalid",
      `Unknown default time zone "${options.defaultTimeZone}": use an IANA name such as Europe/Berlin or UTC.`,
    );
  }
  const graceMinutes = options.graceMinutes ?? DEFAULT_GRACE_MINUTES;
  if (!Number.isInteger(graceMinutes) || graceMinutes < 0) {
    throw new BotError(
      "config_invalid",
      "The daily grace window must be a whole number of minutes, 0 or more.",
    );
  }
  const clock = options.clock ?? systemClock;
  const passages = quotablePassages(options.article);
  const context: DailyContext = {
    passages,
    byId: new Map(passages.map((p) => [p.id, p])),
    store: options.store,
    now: () => clock.now(),
    logger: options.logger ?? silentLogger,
    defaultTimeZone,
    graceMinutes,
  };
  const publishers = new Map<Platform, Publisher>();
  const poster = createPoster(context, publishers);
  return {
    commands: createDailyCommands(context),
    addPublisher(publisher) {
      publishers.set(publisher.platform, publisher);
    },
    async tick(now) {
      const { settled } = await poster.dispatch(now ?? clock.now());
      return settled;
    },
    dispatch: (now) => poster.dispatch(now ?? clock.now()),
    stop: (deadline) => poster.stop(deadline),
    async pauseWorkspace(platform, workspace, reason) {
      const at = clock.now().toISOString();
      const affected = (await options.store.listSubscriptions()).filter(
        (s) => s.where.platform === platform && s.where.workspace === workspace && !s.paused,
      );
      for (const subscription of affected)
        await options.store.pauseSubscription(subscription.where, reason, at);
      return affected.length;
    },
  };
}
