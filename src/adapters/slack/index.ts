/** The Slack adapter's public surface, for the composition root. */
export { type SlackAdapter, type StartSlackOptions, startSlack } from "./app.js";
export { loadSlackConfig, SLACK_ENV_VARS, type SlackConfig, slackSecrets } from "./config.js";
export { createSlackPublisher } from "./publisher.js";
export { renderSlack, type SlackMessage } from "./render.js";
