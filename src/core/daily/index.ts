/** Daily quotes: the feature, its store port and the rules other parts of the bot may reuse. */
export { DAILY_USAGE, type DailyAction, DEFAULT_DAILY_TIME, parseDailyArgs } from "./args.js";
export { INVITE_FIRST } from "./commands.js";
export {
  createDaily,
  type Daily,
  type DailyOptions,
  DEFAULT_GRACE_MINUTES,
  DEFAULT_TIME_ZONE,
} from "./daily.js";
export {
  ABORT_SETTLE_MS,
  CLAIM_LEASE_MS,
  isUnconfirmed,
  MAX_OPEN_POSTS_PER_PLATFORM,
  POSTS_IN_FLIGHT_PER_PLATFORM,
  type PostOutcome,
  PUBLISH_DEADLINE_MS,
  SLOW_POST_MS,
  type TickSummary,
} from "./post.js";
export { DAILY_HEADING, dailyPostReply } from "./replies.js";
export { channelKey, cycleOrder, passageAt } from "./rotation.js";
export { MAX_POST_ATTEMPTS } from "./schedule.js";
export type { ClaimRequest, DailyStore, PostRecord, PostStatus, Subscription } from "./store.js";
export { readTimeZone, resolveTimeZone, type ZoneReading } from "./time.js";
