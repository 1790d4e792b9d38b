import { describe, expect, it } from "vitest";
import {
  eventIdOf,
  fromSlackText,
  translateDirectMessage,
  translateMention,
  translateSlashCommand,
} from "../../../src/adapters/slack/translate.js";
import { fixture, identity } from "./fixtures.js";

describe("translateSlashCommand", () => {
  it("turns /letter demands into a command request for the channel it was typed in", () => {
    expect(translateSlashCommand(fixture("slash-command"), identity)).toEqual({
      request: {
        where: { platform: "slack", workspace: "T0FAKE001", channel: "C0FAKE001" },
        user: "U0FAKEUSR",
        source: "command",
        text: "demands",
      },
      channel: "C0FAKE001",
    });
  });

  it("treats a command with no text as empty text (the core answers with help)", () => {
    const payload = { ...fixture("slash-command"), text: undefined };
    expect(translateSlashCommand(payload)?.request.text).toBe("");
  });

  it("returns undefined for a payload that is not a slash command", () => {
    expect(translateSlashCommand({ team_id: "T1" })).toBeUndefined();
    expect(translateSlashCommand("text=demands")).toBeUndefined();
  });
});

describe("translateMention", () => {
  it("removes the bot's mention and answers in a new thread on the message", () => {
    expect(translateMention(fixture("app-mention"), identity)).toEqual({
      request: {
        where: { platform: "slack", workspace: "T0FAKE001", channel: "C0FAKE001" },
        user: "U0FAKEUSR",
        source: "mention",
        text: "who did they write to?",
      },
      channel: "C0FAKE001",
      threadTs: "1718000000.000100",
    });
  });

  it("answers in the existing thread, with Slack markup turned back into what the user typed", () => {
    const inbound = translateMention(fixture("app-mention-in-thread"), identity);
    expect(inbound?.threadTs).toBe("1718000000.000100");
    expect(inbound?.request.text).toBe("hey what about R&D at this site, cc @U0OTHER1 @channel <b>");
  });

  it("ignores mentions written by a bot or by itself", () => {
    const body = fixture<{ event: Record<string, unknown> }>("app-mention");
    expect(
      translateMention({ ...body, event: { ...body.event, bot_id: "B0OTHER" } }, identity),
    ).toBeUndefined();
    expect(
      translateMention({ ...body, event: { ...body.event, user: "U0FAKEBOT" } }, identity),
    ).toBeUndefined();
  });

  it("ignores other events", () => {
    expect(translateMention(fixture("direct-message"), identity)).toBeUndefined();
  });
});

describe("translateDirectMessage", () => {
  it("turns a direct message into a dm request answered in the conversation", () => {
    expect(translateDirectMessage(fixture("direct-message"), identity)).toEqual({
      request: {
        where: { platform: "slack", workspace: "T0FAKE001", channel: "D0FAKEDM1" },
        user: "U0FAKEUSR",
        source: "dm",
        text: "demands 2",
      },
      channel: "D0FAKEDM1",
      threadTs: undefined,
    });
  });

  it("ignores bot messages, its own messages, edits, and messages outside direct messages", () => {
    expect(translateDirectMessage(fixture("bot-message"), identity)).toBeUndefined();
    expect(translateDirectMessage(fixture("message-changed"), identity)).toBeUndefined();
    const body = fixture<{ event: Record<string, unknown> }>("direct-message");
    expect(
      translateDirectMessage({ ...body, event: { ...body.event, user: "U0FAKEBOT" } }, identity),
    ).toBeUndefined();
    expect(
      translateDirectMessage({ ...body, event: { ...body.event, channel_type: "channel" } }, identity),
    ).toBeUndefined();
  });
});

describe("fromSlackText", () => {
  it("keeps labels of links, channels and user groups and decodes Slack's three entities", () => {
    expect(
      fromSlackText(
        "<#C1|general> <!subteam^S1|@team> <!here> <mailto:a@b.c|mail> 1 &lt; 2 &amp;&amp; 3 &gt; 2",
      ),
    ).toBe("#general @team @here mail 1 < 2 && 3 > 2");
  });

  it("decodes an escaped entity only once", () => {
    expect(fromSlackText("&amp;lt;")).toBe("&lt;");
  });
});

describe("eventIdOf", () => {
  it("reads the event id of an event envelope and nothing else", () => {
    expect(eventIdOf(fixture("app-mention"))).toBe("Ev0FAKE0001");
    expect(eventIdOf(fixture("slash-command"))).toBeUndefined();
  });
});
