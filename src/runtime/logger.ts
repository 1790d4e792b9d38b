/**
 * letterbot's logger: pino, writing one JSON line per event (for log collectors) or one readable
 * line (for a person at a terminal), with every configured secret and every token-shaped string
 * masked in whatever is written.
 */
import { type DestinationStream, pino } from "pino";
import type { Logger } from "../core/index.js";

/** Tokens of the shapes Slack and Discord use, masked wherever they appear in a log line. */
const SECRET_PATTERNS = [
  /xox[abposr]-[A-Za-z0-9-]+/g,
  /xapp-[A-Za-z0-9-]+/g,
  /[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}/g,
];

/** The password in a URL's user information (`postgres://user:password@host`), however short. */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi;

/** Masks secrets in `text`: the known token shapes, URL passwords and any exact value in `secrets`. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 8) out = out.split(secret).join("[redacted]");
  for (const pattern of SECRET_PATTERNS) out = out.replace(pattern, "[redacted]");
  return out.replace(URL_PASSWORD, "$1[redacted]@");
}

/** How much is logged. */
export type LogLevel = "debug" | "info" | "warn" | "error";
/** JSON lines, or readable lines for a terminal. */
export type LogFormat = "json" | "pretty";

// An error becomes its name, message and code: no stack, whose frames say nothing to an operator
// and whose text could carry a request's contents.
function describe(value: unknown): unknown {
  if (value instanceof Error)
    return { name: value.name, message: value.message, code: (value as { code?: unknown }).code };
  return value;
}

function plainFields(fields: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) out[key] = describe(value);
  return out;
}

const RESERVED = new Set(["time", "level", "message"]);

/** One JSON log line as a person reads it: `12:00:01 WARN  message key=value …`. */
export function prettyLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith("\n") ? json : `${json}\n`;
  }
  const time = typeof entry.time === "string" ? entry.time.slice(11, 19) : "";
  const level = String(entry.level ?? "").toUpperCase();
  const rest = Object.entries(entry)
    .filter(([key]) => !RESERVED.has(key))
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`);
  return `${[time, level.padEnd(5), String(entry.message ?? ""), ...rest].join(" ")}\n`;
}

/** A writable that turns pino's JSON lines into readable ones before passing them on. */
function prettyDestination(stream: NodeJS.WritableStream): DestinationStream {
  return { write: (line: string) => stream.write(prettyLine(line)) };
}

/** What `createLogger` takes. */
export interface LoggerOptions {
  /** Where lines go; standard error by default. */
  stream?: NodeJS.WritableStream;
  secrets?: readonly string[];
  level?: LogLevel;
  format?: LogFormat;
}

/** letterbot's logger, plus the one operation the composition root needs: more secrets to mask. */
export type MaskingLogger = Logger & {
  addSecrets(secrets: readonly string[]): void;
  debug(message: string, fields?: Record<string, unknown>): void;
};

/** A logger writing to `stream`, masking every secret in `secrets` (and later `addSecrets`). */
export function createLogger(options: LoggerOptions = {}): MaskingLogger {
  const stream = options.stream ?? process.stderr;
  const secrets = [...(options.secrets ?? [])];
  const destination: DestinationStream =
    options.format === "pretty" ? prettyDestination(stream) : { write: (line: string) => stream.write(line) };
  const log = pino(
    {
      level: options.level ?? "info",
      messageKey: "message",
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Errors are already reduced to name, message and code by `plainFields`.
      serializers: { err: (value: unknown) => value },
      // The last step before a line is written: nothing reaches the stream unmasked.
      hooks: { streamWrite: (line) => redact(line, secrets) },
    },
    destination,
  );
  return {
    debug: (message, fields) => log.debug(plainFields(fields), message),
    info: (message, fields) => log.info(plainFields(fields), message),
    warn: (message, fields) => log.warn(plainFields(fields), message),
    error: (message, fields) => log.error(plainFields(fields), message),
    addSecrets: (more) => {
      secrets.push(...more);
    },
  };
}
