import type { Logger } from "../core/index.js";

/** Tokens of the shapes Slack and Discord use, masked wherever they appear in a log line. */
const SECRET_PATTERNS = [
  /xox[abposr]-[A-Za-z0-9-]+/g,
  /xapp-[A-Za-z0-9-]+/g,
  /[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}/g,
];

/** Masks secrets in `text`: the known token shapes and any exact value in `secrets`. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 8) out = out.split(secret).join("[redacted]");
  for (const pattern of SECRET_PATTERNS) out = out.replace(pattern, "[redacted]");
  return out;
}

function describe(value: unknown): unknown {
  if (value instanceof Error)
    return { name: value.name, message: value.message, code: (value as { code?: unknown }).code };
  return value;
}

/**
 * A logger writing one JSON line per event to `stream` (standard error by default), with every
 * secret in `secrets` and every token-shaped string masked.
 */
export function createLogger(
  options: {
    stream?: NodeJS.WritableStream;
    secrets?: readonly string[];
    level?: "info" | "warn" | "error";
  } = {},
): Logger & { addSecrets(secrets: readonly string[]): void } {
  const stream = options.stream ?? process.stderr;
  const secrets = [...(options.secrets ?? [])];
  const order = { info: 0, warn: 1, error: 2 } as const;
  const min = order[options.level ?? "info"];
  const write = (level: keyof typeof order, message: string, fields: Record<string, unknown> = {}) => {
    if (order[level] < min) return;
    const entries = Object.entries(fields).map(([k, v]) => [k, describe(v)]);
    const line = JSON.stringify({
      time: new Date().toISOString(),
      level,
      message,
      ...Object.fromEntries(entries),
    });
    stream.write(`${redact(line, secrets)}\n`);
  };
  return {
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
    addSecrets: (more) => {
      secrets.push(...more);
    },
  };
}
