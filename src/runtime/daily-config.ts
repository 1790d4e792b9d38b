/** Configuration of daily quotes from the environment: where state lives, the default zone, grace. */
import { join, resolve } from "node:path";
import { z } from "zod";
import { BotError, DEFAULT_GRACE_MINUTES, DEFAULT_TIME_ZONE, resolveTimeZone } from "../core/index.js";
import { DEFAULT_TICK_SECONDS } from "./scheduler.js";

/** Folder of the database when `DATA_DIR` is unset. */
export const DEFAULT_DATA_DIR = "./data";
/** File name of the daily-quote database inside `DATA_DIR`. */
export const DATABASE_FILE = "letterbot.sqlite";
/** Largest grace window accepted: a whole day. */
const MAX_GRACE_MINUTES = 1440;
/** Longest pause between two daily ticks accepted: a post may come this late after its minute. */
const MAX_TICK_SECONDS = 60;

/** Settled daily-quote configuration. */
export interface DailyConfig {
  /** Absolute path of the data folder. */
  dataDir: string;
  /** Absolute path of the SQLite file inside it. */
  databasePath: string;
  /** Canonical IANA zone for subscriptions that name none. */
  defaultTimeZone: string;
  graceMinutes: number;
  /** Seconds between two daily-quote ticks. */
  tickSeconds: number;
}

// Empty values count as unset, as they do in most .env files.
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

const EnvSchema = z.object({
  DATA_DIR: optional(z.string()),
  DEFAULT_TIMEZONE: optional(
    z.string().transform((zone, ctx) => {
      const canonical = resolveTimeZone(zone.trim());
      if (!canonical) {
        // The value is not repeated: the message goes to logs and terminals as it is.
        ctx.addIssue({ code: "custom", message: "is not an IANA time zone name" });
        return z.NEVER;
      }
      return canonical;
    }),
  ),
  DAILY_GRACE_MINUTES: optional(
    z
      .string()
      .regex(/^\s*\d+\s*$/, "must be a whole number of minutes")
      .transform(Number)
      .pipe(z.number().int().max(MAX_GRACE_MINUTES, `must be at most ${MAX_GRACE_MINUTES} (a day)`)),
  ),
  DAILY_TICK_SECONDS: optional(
    z
      .string()
      .regex(/^\s*\d+\s*$/, "must be a whole number of seconds")
      .transform(Number)
      .pipe(
        z
          .number()
          .int()
          .min(1, "must be at least 1")
          .max(MAX_TICK_SECONDS, `must be at most ${MAX_TICK_SECONDS}`),
      ),
  ),
});

/** How to fix each variable, named in the error. */
const FIXES: Record<string, string> = {
  DATA_DIR: "set it to a writable folder, e.g. DATA_DIR=./data",
  DEFAULT_TIMEZONE: "use an IANA name such as DEFAULT_TIMEZONE=Europe/Berlin, or leave it unset for UTC",
  DAILY_GRACE_MINUTES: `use a whole number from 0 to ${MAX_GRACE_MINUTES}, e.g. DAILY_GRACE_MINUTES=${DEFAULT_GRACE_MINUTES}`,
  DAILY_TICK_SECONDS: `use a whole number from 1 to ${MAX_TICK_SECONDS}, or leave it unset for ${DEFAULT_TICK_SECONDS}`,
};

/** Reads daily-quote settings from `env`; throws `BotError("config_invalid")` naming the variable and the fix. */
export function loadDailyConfig(env: Record<string, string | undefined> = process.env): DailyConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? "environment");
    throw new BotError(
      "config_invalid",
      `${name} ${issue?.message ?? "is invalid"}: ${FIXES[name] ?? ""}`.trim(),
    );
  }
  const dataDir = resolve(parsed.data.DATA_DIR ?? DEFAULT_DATA_DIR);
  return {
    dataDir,
    databasePath: join(dataDir, DATABASE_FILE),
    defaultTimeZone: parsed.data.DEFAULT_TIMEZONE ?? DEFAULT_TIME_ZONE,
    graceMinutes: parsed.data.DAILY_GRACE_MINUTES ?? DEFAULT_GRACE_MINUTES,
    tickSeconds: parsed.data.DAILY_TICK_SECONDS ?? DEFAULT_TICK_SECONDS,
  };
}
