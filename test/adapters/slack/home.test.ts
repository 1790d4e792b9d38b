import { describe, expect, it } from "vitest";
import { MAX_HOME_BLOCKS, MAX_HOME_CHANNELS, renderHome } from "../../../src/adapters/slack/home.js";
import {
  HEADER_TEXT_LIMIT,
  SECTION_TEXT_LIMIT,
  type SlackBlock,
} from "../../../src/adapters/slack/render.js";
import type { Subscription } from "../../../src/core/index.js";
import { article } from "../../helpers.js";

/** Writes blocks as a golden file: invisible separators as JSON escapes so the file shows them. */
const golden = (blocks: SlackBlock[]) =>
  `${JSON.stringify(blocks, null, 2).replace(/[\u200B\u2060]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase()}`)}\n`;

const subscription = (channel: string, overrides: Partial<Subscription> = {}): Subscription => ({
  where: { platform: "slack", workspace: "T1", channel },
  time: "09:00",
  timeZone: "Europe/Berlin",
  since: "2026-01-01T00:00:00.000Z",
  ...overrides,
});

const textOf = (blocks: SlackBlock[]) =>
  blocks
    .flatMap((b) =>
      b.type === "context"
        ? b.elements.map((e) => e.text)
        : b.type === "section" && "text" in b
          ? [b.text.text]
          : b.type === "header"
            ? [b.text.text]
            : [],
    )
    .join("\n");

describe("the Slack Home tab", () => {
  const subscriptions = [
    subscription("C0FAKE002"),
    subscription("C0FAKE003", {
      time: "18:30",
      timeZone: "America/New_York",
      paused: { reason: "The channel no longer exists.", at: "2026-02-03T09:00:00.000Z" },
    }),
  ];

  it("shows what the bot can do, the demands and the daily quotes of the workspace (golden)", async () => {
    const view = renderHome(article, subscriptions, { articleUrl: "https://letterbot.example.com/article" });
    expect(view.type).toBe("home");
    await expect(golden(view.blocks)).toMatchFileSnapshot("__snapshots__/home.blocks.json");
    const text = textOf(view.blocks);
    expect(text).toContain("/letter ask <question>".replace("<", "&lt;").replace(">", "&gt;"));
    expect(text).toContain("Check in the letter");
    for (const demand of article.demands) expect(text).toContain(demand.text.slice(0, 40));
    expect(text).toContain("<#C0FAKE002> — one quote a day at 09:00 (Europe/Berlin)");
    expect(text).toContain("<#C0FAKE003> — paused since 2026-02-03: The channel no longer exists.");
    expect(text).toContain("1 channel on, 1 paused.");
  });

  it("says how to start when no channel gets daily quotes, and when the status cannot be read", () => {
    expect(textOf(renderHome(article, []).blocks)).toContain(
      "No channel in this workspace gets a daily quote yet",
    );
    expect(textOf(renderHome(article, undefined).blocks)).toContain("cannot be read right now");
    expect(textOf(renderHome(article, []).blocks)).not.toContain("Read the whole article");
  });

  it("makes a paused reason and a strange channel id inert, and links only web addresses", () => {
    const hostile = renderHome(
      article,
      [
        subscription("C0FAKE004", {
          paused: {
            reason: "<!channel> *gone* <https://evil.example|click>",
            at: "2026-02-03T09:00:00.000Z",
          },
        }),
        subscription("<!here>"),
      ],
      { articleUrl: "javascript:alert(1)" },
    );
    const text = textOf(hostile.blocks);
    expect(text).not.toContain("<!channel>");
    expect(text).not.toContain("<!here>");
    expect(text).not.toContain("<https://evil");
    expect(text).not.toContain("javascript:");
    expect(text).toContain("&lt;!channel&gt;");
  });

  it("lists a few dozen channels and counts the rest, within Slack's limits", () => {
    const many = Array.from({ length: 60 }, (_, i) => subscription(`C${String(i).padStart(8, "0")}`));
    const view = renderHome(article, many);
    const text = textOf(view.blocks);
    expect(text.match(/<#C\d{8}>/g)).toHaveLength(MAX_HOME_CHANNELS);
    expect(text).toContain(`…and ${60 - MAX_HOME_CHANNELS} more channels.`);
    expect(view.blocks.length).toBeLessThanOrEqual(MAX_HOME_BLOCKS);
    for (const block of view.blocks) {
      if (block.type === "header") expect(block.text.text.length).toBeLessThanOrEqual(HEADER_TEXT_LIMIT);
      if (block.type === "section" && "text" in block) {
        expect(block.text.text.length).toBeLessThanOrEqual(SECTION_TEXT_LIMIT);
      }
    }
  });
});
