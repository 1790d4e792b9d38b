/**
 * How letterbot runs as a service, from the environment: the health port, the shutdown grace
 * period, logging, the public address of its article page and what feedback keeps. Each
 * setting's default and limits are named here, once.
 */
import { z } from "zod";
import { BotError } from "../core/index.js";
import { DEFAULT_LEASE_SECONDS, MAX_LEASE_SECONDS, MIN_LEASE_SECONDS } from "./leader.js";
import type { LogFormat, LogLevel } from "./logger.js";

/** Port of the health endpoints when Slack's HTTP port does not serve them (Socket Mode, Discord only). */
export const DEFAULT_HEALTH_PORT = 8080;
/** Seconds work in flight gets to finish after SIGTERM or SIGINT: under Docker's 10 s stop timeout. */
export const DEFAULT_SHUTDOWN_GRACE_SECONDS = 8;
/** Longest grace period accepted: Kubernetes' default termination grace is 30 s. */
const MAX_SHUTDOWN_GRACE_SECONDS = 120;
/** Highest TCP port number. */
const MAX_PORT = 65_535;

/** Settled service settings. */
export interface ServiceConfig {
  /** Set only when `HEALTH_PORT` is; where the health endpoints go otherwise depends on the mode. */
  healthPort?: number | undefined;
  shutdownGraceSeconds: number;
  /** Unset means: info with a platform, warnings only in a console session. */
  logLevel?: LogLevel | undefined;
  /** Unset means: readable lines when logs go to a terminal, JSON lines otherwise. */
  logFormat?: LogFormat | undefined;
  /** Seconds a leader lease lasts without renewal (one Discord gateway among replicas). */
  leaderLeaseSeconds: number;
  /**
   * The public http(s) address the bot's web server is reached at (`PUBLIC_URL`): citations link
   * to `<it>/article?q=<passage>#<paragraph>`. Unset: citations are plain text.
   */
  publicUrl?: string | undefined;
  /** Whether feedback keeps the question's text (`FEEDBACK_STORE_TEXT=true`); only its key otherwise. */
  feedbackStoreText: boolean;
}

// Empty values count as unset, as they do in most .env files.
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

const wholeNumber = (max: number, message: string) =>
  z
    .string()
    .regex(/^\s*\d{1,6}\s*$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().int().max(max, message));

/** A public base address: http(s), with a host, and nothing a link would carry along by mistake. */
const publicUrl = z
  .string()
  .transform((v) => v.trim())
  .refine((v) => {
    if (!URL.canParse(v)) return false;
    const url = new URL(v);
    return /^https?:$/.test(url.protocol) && url.hostname !== "" && !url.username && !url.password;
  }, "must be an http:// or https:// address with a host and no user name or password")
  .refine((v) => !/[?#]/.test(v), "must not have a query (?…) or fragment (#…)");

const EnvSchema = z.object({
  HEALTH_PORT: optional(wholeNumber(MAX_PORT, `must be at most ${MAX_PORT}`)),
  SHUTDOWN_GRACE_SECONDS: optional(
    wholeNumber(MAX_SHUTDOWN_GRACE_SECONDS, `must be at most ${MAX_SHUTDOWN_GRACE_SECONDS}`),
  ),
  LOG_LEVEL: optional(
    z.preprocess(
      (v) => (typeof v === "string" ? v.trim().toLowerCase() : v),
      z.enum(["debug", "info", "warn", "error"], "must be debug, info, warn or error"),
    ),
  ),
  LEADER_LEASE_SECONDS: optional(
    wholeNumber(MAX_LEASE_SECONDS, `must be at most ${MAX_LEASE_SECONDS}`).pipe(
      z.number().min(MIN_LEASE_SECONDS, `must be at least ${MIN_LEASE_SECONDS}`),
    ),
  ),
  LOG_FORMAT: optional(
    z.preprocess(
      (v) => (typeof v === "string" ? v.trim().toLowerCase() : v),
      z.enum(["json", "pretty"], "must be json or pretty"),
    ),
  ),
  PUBLIC_URL: optional(publicUrl),
  FEEDBACK_STORE_TEXT: optional(
    z.preprocess(
      (v) => (typeof v === "string" ? v.trim().toLowerCase() : v),
      z.enum(["true", "false"], "must be true or false"),
    ),
  ),
});

/** How to fix each variable, named in the error. */
const FIXES: Record<string, string> = {
  HEALTH_PORT: `set it to a port number from 0 to ${MAX_PORT}, or leave it unset for ${DEFAULT_HEALTH_PORT}`,
  SHUTDOWN_GRACE_SECONDS: `use a whole number of seconds from 0 to ${MAX_SHUTDOWN_GRACE_SECONDS}, e.g. SHUTDOWN_GRACE_SECONDS=${DEFAULT_SHUTDOWN_GRACE_SECONDS}`,
  LOG_LEVEL: "use LOG_LEVEL=info (or debug, warn, error), or leave it unset",
  LOG_FORMAT: "use LOG_FORMAT=json or LOG_FORMAT=pretty, or leave it unset",
  LEADER_LEASE_SECONDS: `use a whole number of seconds from ${MIN_LEASE_SECONDS} to ${MAX_LEASE_SECONDS}, or leave it unset for ${DEFAULT_LEASE_SECONDS}`,
  PUBLIC_URL:
    "set it to the address people reach letterbot's web server at, e.g. PUBLIC_URL=https://letterbot.example.com, or leave it unset for citations without links",
  FEEDBACK_STORE_TEXT:
    "use FEEDBACK_STORE_TEXT=true to keep the text of questions with feedback, or leave it unset to keep only a key",
};

/** Reads the service settings; throws `BotError("config_invalid")` naming the variable and the fix. */
export function loadServiceConfig(env: Record<string, string | undefined>): ServiceConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? "environment");
    // Only the variable's name and what is wrong: never its value.
    throw new BotError("config_invalid", `${name} ${issue?.message ?? "is invalid"}: ${FIXES[name] ?? ""}`);
  }
  const data = parsed.data;
  return {
    healthPort: data.HEALTH_PORT,
    shutdownGraceSeconds: data.SHUTDOWN_GRACE_SECONDS ?? DEFAULT_SHUTDOWN_GRACE_SECONDS,
    logLevel: data.LOG_LEVEL,
    logFormat: data.LOG_FORMAT,
    leaderLeaseSeconds: data.LEADER_LEASE_SECONDS ?? DEFAULT_LEASE_SECONDS,
    publicUrl: data.PUBLIC_URL,
    feedbackStoreText: data.FEEDBACK_STORE_TEXT === "true",
  };
}
