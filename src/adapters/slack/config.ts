import { z } from "zod";
import { BotError } from "../../core/index.js";

/** How Slack reaches the bot: a Socket Mode WebSocket, or signed HTTP requests to our port. */
export type SlackMode =
  | { kind: "socket"; appToken: string }
  | { kind: "http"; signingSecret: string; port: number };

/** The app's OAuth credentials: with them, any workspace can install letterbot through `/slack/install`. */
export interface SlackOAuthConfig {
  clientId: string;
  clientSecret: string;
  /** Signs the install flow's `state`, so a forged one is refused before anything else. */
  stateSecret: string;
}

/**
 * Validated Slack settings: exactly one of `botToken` (one workspace, single-token mode) and
 * `oauth` (every workspace that installs the app, each with its own token).
 */
export interface SlackConfig {
  /** The Bot User OAuth Token (`xoxb-…`) of the one workspace. */
  botToken?: string | undefined;
  oauth?: SlackOAuthConfig | undefined;
  mode: SlackMode;
  /** Base URL of the Web API, ending in `/`; every Web API call goes through it. */
  apiUrl: string;
}

/** The environment variables the Slack adapter reads (`PORT` is shared and does not turn Slack on). */
export const SLACK_ENV_VARS = [
  "SLACK_BOT_TOKEN",
  "SLACK_APP_TOKEN",
  "SLACK_SIGNING_SECRET",
  "SLACK_API_URL",
  "SLACK_CLIENT_ID",
  "SLACK_CLIENT_SECRET",
  "SLACK_STATE_SECRET",
] as const;

/** The variables that together turn on installation through OAuth. */
const OAUTH_VARS = ["SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_STATE_SECRET"] as const;

/** Where the Web API lives unless `SLACK_API_URL` says otherwise. */
export const DEFAULT_SLACK_API_URL = "https://slack.com/api/";
/** The HTTP port in HTTP mode unless `PORT` says otherwise. */
export const DEFAULT_SLACK_PORT = 3000;
/** Highest TCP port number. */
const MAX_PORT = 65_535;

// Slack tokens: a type prefix, then digits, letters and dashes.
const BOT_TOKEN_SHAPE = /^xoxb-[A-Za-z0-9-]+$/;
const APP_TOKEN_SHAPE = /^xapp-[A-Za-z0-9-]+$/;
// Signing secrets and client secrets are hex strings (32 characters today); accept any long
// alphanumeric string.
const SIGNING_SECRET_SHAPE = /^[A-Za-z0-9]{16,}$/;
// Client ids are two numbers joined by a dot.
const CLIENT_ID_SHAPE = /^\d+\.\d+$/;
// The state secret is the operator's own: any 16 or more characters without spaces.
const STATE_SECRET_SHAPE = /^\S{16,}$/;

const FIX = {
  SLACK_BOT_TOKEN:
    "set it to the Bot User OAuth Token (it starts with xoxb-) from your Slack app's OAuth & Permissions page",
  SLACK_APP_TOKEN:
    "set it to an app-level token with the connections:write scope (it starts with xapp-) from Basic Information → App-Level Tokens, for Socket Mode",
  SLACK_SIGNING_SECRET:
    "set it to the Signing Secret from your Slack app's Basic Information page, for HTTP mode",
  SLACK_API_URL: "set it to an http(s) URL such as https://slack.com/api/, or leave it unset",
  PORT: `set it to a port number from 0 to ${MAX_PORT}, or leave it unset for ${DEFAULT_SLACK_PORT}`,
  SLACK_CLIENT_ID:
    "set it to the Client ID under App Credentials on your Slack app's Basic Information page, to let many workspaces install the app",
  SLACK_CLIENT_SECRET:
    "set it to the Client Secret under App Credentials on your Slack app's Basic Information page",
  SLACK_STATE_SECRET:
    "set it to a random string of at least 16 characters that you keep secret, e.g. the output of `openssl rand -hex 32`; it signs the install links",
} as const;

const schema = z.object({
  SLACK_BOT_TOKEN: z.string().regex(BOT_TOKEN_SHAPE).optional(),
  SLACK_APP_TOKEN: z.string().regex(APP_TOKEN_SHAPE).optional(),
  SLACK_SIGNING_SECRET: z.string().regex(SIGNING_SECRET_SHAPE).optional(),
  SLACK_API_URL: z
    .string()
    .refine((value) => /^https?:\/\//.test(value) && URL.canParse(value))
    .optional(),
  PORT: z
    .string()
    .regex(/^\d{1,5}$/)
    .refine((value) => Number(value) <= MAX_PORT)
    .optional(),
  SLACK_CLIENT_ID: z.string().regex(CLIENT_ID_SHAPE).optional(),
  SLACK_CLIENT_SECRET: z.string().regex(SIGNING_SECRET_SHAPE).optional(),
  SLACK_STATE_SECRET: z.string().regex(STATE_SECRET_SHAPE).optional(),
});

type Name = keyof typeof FIX;

function invalid(name: Name, problem: "is missing" | "is not valid"): BotError {
  // Only the variable's name goes into the message: the value may be a secret.
  return new BotError("config_invalid", `${name} ${problem}: ${FIX[name]}.`);
}

/**
 * Reads the Slack settings from `env`: `undefined` when no Slack variable is set (Slack is off), the
 * config when valid, otherwise a `config_invalid` error naming the variable and the fix. With both
 * `SLACK_APP_TOKEN` and `SLACK_SIGNING_SECRET`, Socket Mode wins (it needs no public URL). The OAuth
 * variables replace `SLACK_BOT_TOKEN` and need HTTP mode: Slack's redirect after an install must
 * reach letterbot's own `/slack/oauth_redirect`.
 */
export function loadSlackConfig(env: Record<string, string | undefined>): SlackConfig | undefined {
  const read = (name: string) => env[name]?.trim() || undefined;
  const present = Object.fromEntries(
    [...SLACK_ENV_VARS, "PORT"].map((name) => [name, read(name)] as const).filter(([, v]) => v !== undefined),
  );
  if (!SLACK_ENV_VARS.some((name) => present[name] !== undefined)) return undefined;
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const name = String(parsed.error.issues[0]?.path[0] ?? "SLACK_BOT_TOKEN") as Name;
    throw invalid(name, present[name] === undefined ? "is missing" : "is not valid");
  }
  const data = parsed.data;
  const oauth = readOAuth(data, present);
  if (!oauth && !data.SLACK_BOT_TOKEN) throw invalid("SLACK_BOT_TOKEN", "is missing");
  if (oauth && data.SLACK_APP_TOKEN) {
    throw new BotError(
      "config_invalid",
      "SLACK_APP_TOKEN cannot be used with SLACK_CLIENT_ID: installing through OAuth needs HTTP mode, where Slack sends its redirect to /slack/oauth_redirect. Remove SLACK_APP_TOKEN, set SLACK_SIGNING_SECRET, and turn Socket Mode off in the app's manifest.",
    );
  }
  if (oauth && !data.SLACK_SIGNING_SECRET) throw invalid("SLACK_SIGNING_SECRET", "is missing");
  let mode: SlackMode;
  if (data.SLACK_APP_TOKEN) mode = { kind: "socket", appToken: data.SLACK_APP_TOKEN };
  else if (data.SLACK_SIGNING_SECRET) {
    const port = data.PORT === undefined ? DEFAULT_SLACK_PORT : Number(data.PORT);
    mode = { kind: "http", signingSecret: data.SLACK_SIGNING_SECRET, port };
  } else {
    throw new BotError(
      "config_invalid",
      `SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is missing: ${FIX.SLACK_APP_TOKEN}; or ${FIX.SLACK_SIGNING_SECRET}.`,
    );
  }
  const apiUrl = (data.SLACK_API_URL ?? DEFAULT_SLACK_API_URL).replace(/\/*$/, "/");
  return { botToken: data.SLACK_BOT_TOKEN, oauth, mode, apiUrl };
}

/** The OAuth settings when any of them is set: all three, and no single workspace's token beside them. */
function readOAuth(
  data: z.infer<typeof schema>,
  present: Record<string, string | undefined>,
): SlackOAuthConfig | undefined {
  if (!OAUTH_VARS.some((name) => present[name] !== undefined)) return undefined;
  const missing = OAUTH_VARS.find((name) => present[name] === undefined);
  if (missing) throw invalid(missing, "is missing");
  if (data.SLACK_BOT_TOKEN) {
    throw new BotError(
      "config_invalid",
      "SLACK_BOT_TOKEN cannot be used with SLACK_CLIENT_ID: set either SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET (every workspace that installs the app, each with its own token). To keep the current workspace, install the app there once through /slack/install.",
    );
  }
  return {
    clientId: data.SLACK_CLIENT_ID as string,
    clientSecret: data.SLACK_CLIENT_SECRET as string,
    stateSecret: data.SLACK_STATE_SECRET as string,
  };
}

/** The secrets in `config`, for the logger to mask wherever they might appear. */
export function slackSecrets(config: SlackConfig): string[] {
  const modeSecret = config.mode.kind === "socket" ? config.mode.appToken : config.mode.signingSecret;
  const oauth = config.oauth ? [config.oauth.clientSecret, config.oauth.stateSecret] : [];
  return [...(config.botToken ? [config.botToken] : []), modeSecret, ...oauth];
}
