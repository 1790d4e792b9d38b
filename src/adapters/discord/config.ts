import { z } from "zod";
import { BotError } from "../../core/index.js";

/** Validated Discord settings. */
export interface DiscordConfig {
  token: string;
  applicationId: string;
  /** Register commands on this server only (instant) instead of globally. */
  guildId?: string | undefined;
  /** Base of Discord's REST API (without `/v10`); the gateway is found through it. */
  apiUrl?: string | undefined;
}

/** The environment variables the Discord adapter reads. */
export const DISCORD_ENV_VARS = [
  "DISCORD_TOKEN",
  "DISCORD_APPLICATION_ID",
  "DISCORD_GUILD_ID",
  "DISCORD_API_URL",
] as const;

// Discord ids are snowflakes: 64-bit integers written in decimal.
const SNOWFLAKE = /^\d{15,21}$/;
// A bot token is three base64url parts joined by dots.
const TOKEN_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

const FIX = {
  DISCORD_TOKEN:
    "set it to the bot token from the Discord Developer Portal (your application → Bot → Reset Token), without a 'Bot ' prefix or quotes",
  DISCORD_APPLICATION_ID:
    "set it to the Application ID from the Discord Developer Portal (your application → General Information)",
  DISCORD_GUILD_ID:
    "set it to a server id (Developer Mode → right-click the server → Copy Server ID), or leave it unset to register commands globally",
  DISCORD_API_URL: "set it to an http(s) URL such as https://discord.com/api, or leave it unset",
} as const;

const schema = z.object({
  DISCORD_TOKEN: z.string().regex(TOKEN_SHAPE),
  DISCORD_APPLICATION_ID: z.string().regex(SNOWFLAKE),
  DISCORD_GUILD_ID: z.string().regex(SNOWFLAKE).optional(),
  DISCORD_API_URL: z
    .string()
    .refine((value) => /^https?:\/\//.test(value) && URL.canParse(value))
    .optional(),
});

/**
 * Reads the Discord settings from `env`: `undefined` when no Discord variable is set (Discord is
 * off), the config when valid, otherwise a `config_invalid` error naming the variable and the fix.
 */
export function loadDiscordConfig(env: Record<string, string | undefined>): DiscordConfig | undefined {
  const present = Object.fromEntries(
    DISCORD_ENV_VARS.map((name) => [name, env[name]?.trim() || undefined] as const).filter(
      ([, value]) => value !== undefined,
    ),
  );
  if (Object.keys(present).length === 0) return undefined;
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    // Only the variable's name goes into the message: the value may be a token.
    const name = String(parsed.error.issues[0]?.path[0] ?? "DISCORD_TOKEN") as keyof typeof FIX;
    const problem = present[name] === undefined ? "is missing" : "is not valid";
    throw new BotError("config_invalid", `${name} ${problem}: ${FIX[name] ?? "check its value"}.`);
  }
  const data = parsed.data;
  return {
    token: data.DISCORD_TOKEN,
    applicationId: data.DISCORD_APPLICATION_ID,
    guildId: data.DISCORD_GUILD_ID,
    apiUrl: data.DISCORD_API_URL?.replace(/\/+$/, ""),
  };
}
