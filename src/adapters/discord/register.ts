/**
 * Registers `/letter` and the message command "Check in the letter" with Discord
 * (`npm run discord:register`), for the article letterbot runs with (`ARTICLE_PATH`). A bulk
 * overwrite, so running it again changes nothing and removes commands that are no longer defined.
 * Prints the invite link with the permissions the bot needs.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { REST, Routes } from "discord.js";
import { loadArticle } from "../../content.js";
import { type Article, BotError, isBotError } from "../../core/index.js";
import { type DiscordConfig, loadDiscordConfig } from "./config.js";
import { buildCommands, inviteUrl } from "./definitions.js";
import { describeError, discordErrorCode } from "./errors.js";

export { buildCommands, INVITE_PERMISSIONS, inviteUrl } from "./definitions.js";

/** The one REST call registration makes; a discord.js `REST` fits. */
export interface RestPutter {
  put(route: `/${string}`, options: { body: unknown }): Promise<unknown>;
}

/** Where the commands were registered and how many. */
export interface Registration {
  scope: "guild" | "global";
  count: number;
}

/** Discord's JSON error code for "Missing Access": the bot is not in that server. */
const MISSING_ACCESS = 50001;
const UNAUTHORIZED = 401;

/** A REST client for `config`: its token, and its API base when one is set. */
export function restFor(config: DiscordConfig): REST {
  return new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(config.token);
}

function registrationError(err: unknown, config: DiscordConfig): BotError {
  const status = (err as { status?: unknown } | null)?.status;
  if (status === UNAUTHORIZED) {
    return new BotError(
      "config_invalid",
      "Discord rejected DISCORD_TOKEN: reset the bot token in the Discord Developer Portal (your application → Bot) and update it.",
      { cause: err },
    );
  }
  if (config.guildId && discordErrorCode(err) === MISSING_ACCESS) {
    return new BotError(
      "config_invalid",
      `The bot cannot reach server DISCORD_GUILD_ID=${config.guildId}: invite it there with the applications.commands scope, or unset DISCORD_GUILD_ID to register globally.`,
      { cause: err },
    );
  }
  const reason = String(describeError(err).message ?? "unknown error");
  return new BotError("config_invalid", `Registering commands failed: ${reason}.`, { cause: err });
}

/**
 * Overwrites the application's commands with `buildCommands(article)`: on `config.guildId` when
 * set (instant, for testing), otherwise globally.
 */
export async function registerCommands(
  config: DiscordConfig,
  rest: RestPutter = restFor(config),
  article: Pick<Article, "demands"> = loadArticle(),
): Promise<Registration> {
  const body = buildCommands(article);
  const route = config.guildId
    ? Routes.applicationGuildCommands(config.applicationId, config.guildId)
    : Routes.applicationCommands(config.applicationId);
  try {
    await rest.put(route, { body });
  } catch (err) {
    throw registrationError(err, config);
  }
  return { scope: config.guildId ? "guild" : "global", count: body.length };
}

async function main(): Promise<number> {
  try {
    const config = loadDiscordConfig(process.env);
    if (!config) {
      process.stderr.write("Set DISCORD_TOKEN and DISCORD_APPLICATION_ID to register the /letter command.\n");
      return 1;
    }
    const { scope, count } = await registerCommands(config);
    const where =
      scope === "guild" ? `on server ${config.guildId}` : "globally (may take up to an hour to appear)";
    process.stdout.write(`Registered ${count} command(s) ${where}.\n`);
    process.stdout.write(`Invite the bot to a server with: ${inviteUrl(config.applicationId)}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`${isBotError(err) ? err.message : "Registering commands failed unexpectedly."}\n`);
    return 1;
  }
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(resolve(entry)).href) {
  process.exitCode = await main();
}
