import {
  type APIApplicationCommandStringOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";

/** The slash command's name: everything is `/letter <subcommand>`. */
export const COMMAND_NAME = "letter";
/** The subcommand group that manages a channel's daily quote. */
export const DAILY_GROUP = "daily";
/** How many demands the letter makes (the range of `/letter demands number`). */
export const DEMAND_COUNT = 3;
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

/**
 * The command set registered with Discord: one `/letter` command whose subcommands mirror the
 * core's command language. It is usable in servers and in DMs with the bot.
 */
export function buildCommands(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return [
    {
      type: ApplicationCommandType.ChatInput,
      name: COMMAND_NAME,
      description: "Exact quotes from the article this bot discusses",
      integration_types: [ApplicationIntegrationType.GuildInstall],
      contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
      options: [
        {
          type: SUBCOMMAND,
          name: "ask",
          description: "The best quote that answers a question",
          options: [text("question", "Your question about the article", true)],
        },
        {
          type: SUBCOMMAND,
          name: "demands",
          description: "The letter's three demands, or one of them",
          options: [
            {
              type: INTEGER,
              name: "number",
              description: `Which demand (1 to ${DEMAND_COUNT})`,
              required: false,
              min_value: 1,
              max_value: DEMAND_COUNT,
            },
          ],
        },
        {
          type: SUBCOMMAND,
          name: "quote",
          description: "A quotable passage, at random or about a topic",
          options: [text("topic", "What the quote should be about", false)],
        },
        {
          type: SUBCOMMAND,
          name: "search",
          description: "The five passages that best match some words",
          options: [text("words", "Words to look for", true)],
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
  ];
}
