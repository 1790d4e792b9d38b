/** The Discord adapter's public surface for the composition root. */
export { type DiscordAdapter, READY_TIMEOUT_MS, type StartDiscordOptions, startDiscord } from "./client.js";
export { type DiscordConfig, loadDiscordConfig } from "./config.js";
export { buildCommands } from "./definitions.js";
export { createDiscordPublisher, nonceFor } from "./publisher.js";
export { renderInteractionResponse, renderMessage } from "./render.js";
