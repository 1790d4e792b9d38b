/**
 * Per-user rate limits: a token bucket for each platform and user. Slash commands, mentions and
 * direct messages all draw from it; daily posts never do (they are not requests). Over the limit, a
 * user gets one private "slow down" notice per window and everything else is dropped unanswered.
 */
import {
  type Admission,
  type BotRequest,
  type Clock,
  errorReply,
  type RequestGate,
  systemClock,
} from "../core/index.js";

/** The limit, in one place: 5 requests per 10 seconds, with bursts of up to 5. */
export const RATE_LIMIT = {
  /** Tokens a bucket refills per window. */
  requests: 5,
  windowSeconds: 10,
  /** Largest burst: how many tokens a full bucket holds. */
  burst: 5,
} as const;

/** Users tracked at most; beyond it, buckets that are full again (idle users) are forgotten first. */
const MAX_TRACKED_USERS = 10_000;
/** Share of the cap a sweep leaves at most. */
const SWEEP_KEEPS = 0.9;

/** The private notice for a user over the limit. */
export const SLOW_DOWN_MESSAGE = `You're sending requests faster than I can answer: at most ${RATE_LIMIT.requests} every ${RATE_LIMIT.windowSeconds} seconds. Please wait a few seconds and try again.`;

interface Bucket {
  tokens: number;
  /** When `tokens` was last brought up to date, in ms. */
  at: number;
  /** When the user was last told to slow down, in ms. */
  noticedAt?: number;
}

/** What `createRateLimiter` takes; tests pass a fake clock and smaller limits. */
export interface RateLimitOptions {
  clock?: Clock;
  limit?: { requests: number; windowSeconds: number; burst: number };
  maxTrackedUsers?: number;
}

/** A request gate that limits each user on each platform with a token bucket. */
export function createRateLimiter(
  options: RateLimitOptions = {},
): RequestGate & { readonly tracked: number; readonly sweeps: number } {
  const clock = options.clock ?? systemClock;
  const limit = options.limit ?? RATE_LIMIT;
  const maxTracked = options.maxTrackedUsers ?? MAX_TRACKED_USERS;
  const windowMs = limit.windowSeconds * 1000;
  const perMs = limit.requests / windowMs;
  const buckets = new Map<string, Bucket>();
  const notice: Admission = { verdict: "notice", reply: errorReply(SLOW_DOWN_MESSAGE, []) };

  const refill = (bucket: Bucket, now: number) => {
    bucket.tokens = Math.min(limit.burst, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
  };

  let sweeps = 0;
  // A full bucket whose notice window has passed is the same as no bucket: forget it. When that is
  // not enough, the oldest entries go (at worst one of them gets a fresh burst) down to a margin
  // below the cap, so that sweeping stays rare however many new users arrive.
  const forgetIdle = (now: number) => {
    sweeps++;
    for (const [key, bucket] of buckets) {
      refill(bucket, now);
      if (bucket.tokens >= limit.burst && now - (bucket.noticedAt ?? -Infinity) >= windowMs)
        buckets.delete(key);
    }
    const keep = Math.floor(maxTracked * SWEEP_KEEPS);
    for (const key of buckets.keys()) {
      if (buckets.size <= keep) break;
      buckets.delete(key);
    }
  };

  return {
    get tracked() {
      return buckets.size;
    },
    get sweeps() {
      return sweeps;
    },
    admit(request: BotRequest): Admission {
      const now = clock.now().getTime();
      const key = `${request.where.platform}\u0000${request.user}`;
      let bucket = buckets.get(key);
      if (!bucket) {
        if (buckets.size >= maxTracked) forgetIdle(now);
        bucket = { tokens: limit.burst, at: now };
        buckets.set(key, bucket);
      } else {
        refill(bucket, now);
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { verdict: "answer" };
      }
      if (bucket.noticedAt !== undefined && now - bucket.noticedAt < windowMs) return { verdict: "drop" };
      bucket.noticedAt = now;
      return notice;
    },
  };
}
