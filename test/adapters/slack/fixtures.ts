import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** A scrubbed Slack payload from `test/fixtures/slack/<name>.json`, parsed fresh for each call. */
export function fixture<T = Record<string, unknown>>(name: string): T {
  const path = fileURLToPath(new URL(`../../fixtures/slack/${name}.json`, import.meta.url));
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

/** The fake identity of the bot in the fixtures. */
export const identity = { botUserId: "U0FAKEBOT", botId: "B0FAKEBOT" };
