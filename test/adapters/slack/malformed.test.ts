/**
 * Signed payloads letterbot cannot use, sent as Slack would sign them to the real Bolt app: odd
 * field types, interactions it did not make, kinds it does not handle. Each gets an empty 200 at
 * once, changes nothing and calls nothing, and leaves one warning line saying why.
 */
import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SlackAdapter } from "../../../src/adapters/slack/app.js";
import { fixture } from "./fixtures.js";
import {
  captureLog,
  commandBody,
  interactionBody,
  post,
  signedHeaders,
  spyBot,
  startTestSlack,
} from "./harness.js";

const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";
/** A few milliseconds when answered at once; Bolt's wait for a listener that never comes was 3 s. */
const AT_ONCE_MS = 2_000;

let adapter: SlackAdapter | undefined;
let bot: ReturnType<typeof spyBot>;
let log: ReturnType<typeof captureLog>;

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
});
afterAll(() => nock.enableNetConnect());
beforeEach(async () => {
  bot = spyBot();
  log = captureLog();
  adapter = await startTestSlack(bot, log.logger);
});
afterEach(async () => {
  await adapter?.stop();
  adapter = undefined;
  nock.cleanAll();
});

type Json = Record<string, unknown>;
const mention = () => fixture<Json & { event: Json }>("app-mention");
const press = () => fixture<Json & { actions: Json[] }>("block-actions");
const shortcut = () => fixture<Json>("message-shortcut");
const event = (body: Json): [string, string] => [JSON.stringify(body), JSON_TYPE];
const interaction = (body: Json): [string, string] => [interactionBody(body), FORM];

const cases: [string, () => [string, string], { reason: string; fields?: string[]; payload: string }][] = [
  [
    "an event that is a string",
    () => event({ ...mention(), event: "app_mention" }),
    { payload: "event_callback", reason: "fields missing or of the wrong type", fields: ["event"] },
  ],
  [
    "a mention whose text is a number",
    () => event({ ...mention(), event: { ...mention().event, text: 42 } }),
    { payload: "event_callback", reason: "fields missing or of the wrong type", fields: ["event.text"] },
  ],
  [
    "a mention whose user is an object",
    () => event({ ...mention(), event: { ...mention().event, user: { id: "U0FAKEUSR" } } }),
    { payload: "event_callback", reason: "fields missing or of the wrong type", fields: ["event.user"] },
  ],
  [
    "an event whose team id is a number",
    () => event({ ...mention(), team_id: 7 }),
    { payload: "event_callback", reason: "fields missing or of the wrong type", fields: ["team_id"] },
  ],
  [
    "an event whose authorizations hold null",
    () => event({ ...mention(), authorizations: [null] }),
    {
      payload: "event_callback",
      reason: "fields missing or of the wrong type",
      fields: ["authorizations.0"],
    },
  ],
  [
    "an event letterbot does not subscribe to",
    () => event({ ...mention(), event: { ...mention().event, type: "reaction_added" } }),
    { payload: "event_callback", reason: "an event letterbot does not subscribe to" },
  ],
  [
    "a block_actions without user",
    () => interaction({ ...press(), user: undefined }),
    { payload: "block_actions", reason: "fields missing or of the wrong type", fields: ["user"] },
  ],
  [
    "a block_actions whose channel is null",
    () => interaction({ ...press(), channel: null }),
    { payload: "block_actions", reason: "fields missing or of the wrong type", fields: ["channel"] },
  ],
  [
    "a block_actions with an unknown action_id",
    () => interaction({ ...press(), actions: [{ ...press().actions[0], action_id: "someone.else" }] }),
    { payload: "block_actions", reason: "an action letterbot did not make" },
  ],
  [
    "a block_actions with empty actions",
    () => interaction({ ...press(), actions: [] }),
    { payload: "block_actions", reason: "no action in it" },
  ],
  [
    "a block_actions whose actions are not a list",
    () => interaction({ ...press(), actions: "letterbot.share" }),
    { payload: "block_actions", reason: "fields missing or of the wrong type", fields: ["actions"] },
  ],
  [
    "a message shortcut without its message",
    () => interaction({ ...shortcut(), message: undefined }),
    { payload: "message_action", reason: "fields missing or of the wrong type", fields: ["message"] },
  ],
  [
    "a message shortcut letterbot does not offer",
    () => interaction({ ...shortcut(), callback_id: "someone_else" }),
    { payload: "message_action", reason: "a shortcut letterbot does not offer" },
  ],
  [
    "a view submission",
    () => interaction({ type: "view_submission", user: { id: "U0FAKEUSR" }, view: { id: "V1" } }),
    { payload: "view_submission", reason: "a kind of payload letterbot does not handle" },
  ],
  [
    "a slash command other than /letter",
    () => [commandBody({ ...fixture<Record<string, string>>("slash-command"), command: "/other" }), FORM],
    { payload: "slash_command", reason: "a command other than /letter" },
  ],
  [
    "a slash command with its team given twice",
    () => [`${commandBody(fixture<Record<string, string>>("slash-command"))}&team_id=T0OTHER01`, FORM],
    { payload: "slash_command", reason: "fields missing or of the wrong type", fields: ["team_id"] },
  ],
  ["a JSON list", () => ["[1,2]", JSON_TYPE], { payload: "unknown", reason: "not an object" }],
];

describe("signed Slack payloads letterbot cannot use", () => {
  it.each(cases)(
    "%s: an empty 200 at once, nothing done, one warning line",
    async (_name, make, expected) => {
      const [body, type] = make();
      const began = Date.now();
      const res = await post(adapter?.port ?? 0, body, signedHeaders(body, type));
      const took = Date.now() - began;
      await adapter?.stop();
      expect(res).toEqual({ status: 200, body: "" });
      expect(took).toBeLessThan(AT_ONCE_MS);
      expect(bot.calls).toEqual([]);
      expect(bot.acts).toEqual([]);
      const lines = log
        .output()
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => line.level !== "info");
      expect(lines).toEqual([
        {
          level: "warn",
          time: expect.any(String),
          message: "Slack payload letterbot cannot use; acknowledged and ignored",
          ...expected,
        },
      ]);
    },
  );
});
