import {
  type APIApplicationCommandOption,
  type APIApplicationCommandStringOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIApplicationCommandsJSONBody,
} from "discord.js";
import { type Article, CHECK_LABEL, MAX_CLAIM_LENGTH, SEARCH_LIMIT } from "../../core/index.js";

/** The slash command's name: everything is `/letter <subcommand>`. */
export const COMMAND_NAME = "letter";
/** The subcommand group that manages a channel's daily quote. */
export const DAILY_GROUP = "daily";
/** The message context-menu command that checks a message against the article, as Slack's shortcut does. */
export const CHECK_COMMAND_NAME = CHECK_LABEL;

/**
 * The permissions the invite link asks for: see channels, read and send messages (in threads too,
 * where claims about the letter get argued and the bot is mentioned), and embed links (answers are
 * embeds).
 */
export const INVITE_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.ReadMessageHistory;

/** The link that adds the bot to a server, with its commands and `INVITE_PERMISSIONS`. */
export function inviteUrl(applicationId: string): string {
  const url = new URL("https://discord.com/oauth2/authorize");
  url.searchParams.set("client_id", applicationId);
  url.searchParams.set("scope", "bot applications.commands");
  url.searchParams.set("permissions", String(INVITE_PERMISSIONS));
  return url.toString();
}
/** Longest question, topic or search Discord lets users type, below the core's own limit. */
export const MAX_QUESTION_LENGTH = 500;
/** Longest `time` option of `/letter daily on` ("09:00", "9:30pm"). */
export const MAX_TIME_LENGTH = 10;
/** Longest `timezone` option (IANA names such as "America/Argentina/Buenos_Aires"). */
export const MAX_TIMEZONE_LENGTH = 64;

const {
  String: STRING,
  Integer: INTEGER,
  Subcommand: SUBCOMMAND,
  SubcommandGroup: GROUP,
} = ApplicationCommandOptionType;

const text = (
  name: string,
  description: string,
  required: boolean,
  maxLength = MAX_QUESTION_LENGTH,
): APIApplicationCommandStringOption => ({
  type: STRING,
  name,
  description,
  required,
  max_length: maxLength,
});

/** Where the commands can be used: servers that installed the bot, and DMs with it. */
const WHERE = {
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
};

/** `/letter demands [number]`, numbered up to the article's demands; none when it has none. */
function demandsOption(count: number): APIApplicationCommandOption[] {
  if (count === 0) return [];
  return [
    {
      type: SUBCOMMAND,
      name: "demands",
      description: count === 1 ? "The letter's demand" : `The letter's ${count} demands, or one of them`,
      options: [
        {
          type: INTEGER,
          name: "number",
          description: count === 1 ? "Which demand (1)" : `Which demand (1 to ${count})`,
          required: false,
          min_value: 1,
          max_value: count,
        },
      ],
    },
  ];
}

/**
 * The command set registered with Discord: one `/letter` command whose subcommands mirror the
 * core's command language, usable in servers and in DMs with the bot, and the message context-menu
 * command "Check in the letter", which checks a message as `/letter check` checks a typed claim.
 * The demands' range comes from `article`.
 */
export function buildCommands(article: Pick<Article, "demands">): RESTPostAPIApplicationCommandsJSONBody[] {
  return [
    {
      type: ApplicationCommandType.ChatInput,
      name: COMMAND_NAME,
      description: "Exact quotes from the article this bot discusses",
      ...WHERE,
      options: [
        {
          type: SUBCOMMAND,
          name: "ask",
          description: "The best quote that answers a question",
          options: [text("question", "Your question about the article", true)],
        },
        ...demandsOption(article.demands.length),
        {
          type: SUBCOMMAND,
          name: "quote",
          description: "A quotable passage, at random or about a topic",
          options: [text("topic", "What the quote should be about", false)],
        },
        {
          type: SUBCOMMAND,
          name: "search",
          description: `Up to ${SEARCH_LIMIT} passages that best match some words`,
          options: [text("words", "Words to look for", true)],
        },
        {
          type: SUBCOMMAND,
          name: "check",
          description: "Whether the article says so: the passage that supports or contradicts a claim",
          // As long as the core reads a claim; a message checked from its Apps menu may be as long.
          options: [text("claim", "The claim to check against the article", true, MAX_CLAIM_LENGTH)],
        },
        {
          type: SUBCOMMAND,
          name: "context",
          description: "A paragraph with its neighbours",
          options: [
            {
              type: INTEGER,
              name: "paragraph",
              description: "Paragraph number (the ¶ in citations)",
              required: true,
              min_value: 1,
            },
          ],
        },
        { type: SUBCOMMAND, name: "about", description: "What the article is and who wrote it" },
        {
          type: GROUP,
          name: DAILY_GROUP,
          description: "A quote in this channel every day",
          options: [
            {
              type: SUBCOMMAND,
              name: "on",
              description: "Post a quote here every day (needs Manage Channels)",
              options: [
                text("time", "Time of day, e.g. 09:00", false, MAX_TIME_LENGTH),
                text("timezone", "IANA time zone, e.g. Europe/Berlin", false, MAX_TIMEZONE_LENGTH),
              ],
            },
            { type: SUBCOMMAND, name: "off", description: "Stop the daily quote (needs Manage Channels)" },
            { type: SUBCOMMAND, name: "status", description: "Whether and when this channel gets a quote" },
            { type: SUBCOMMAND, name: "preview", description: "Show the quote that would be posted next" },
          ],
        },
        { type: SUBCOMMAND, name: "help", description: "Everything letterbot can do" },
      ],
    },
    // Context-menu commands have a name, which is what the menu shows, and no description.
    { type: ApplicationCommandType.Message, name: CHECK_COMMAND_NAME, ...WHERE },
  ];
}
