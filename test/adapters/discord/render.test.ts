import { describe, expect, it } from "vitest";
import { escapeDiscord, escapeWithBold } from "../../../src/adapters/discord/escape.js";
import {
  EMBED_LIMITS,
  embedSize,
  renderInteractionResponse,
  renderMessage,
  SHORTENED_NOTE,
  split,
  truncate,
} from "../../../src/adapters/discord/render.js";
import type { BotReply, Quote } from "../../../src/core/index.js";
import { dailyPostReply } from "../../../src/core/index.js";
import { answerReply } from "../../fixtures/discord/replies.js";
import { article, makeBot, request } from "../../helpers.js";

const ask = (text: string) => makeBot().handle(request(text));
const golden = (name: string) => `../../fixtures/discord/golden/${name}.json`;
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

describe("escapeDiscord", () => {
  it("makes markdown, links and mentions inert", () => {
    expect(escapeDiscord("**bold** _it_ `code` ~~s~~ ||spoiler|| [x](http://a)")).toBe(
      "\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\~\\~s\\~\\~ \\|\\|spoiler\\|\\| \\[x\\](http://a)",
    );
    expect(escapeDiscord("<@123> <#456> <@&789>")).toBe("\\<@123\\> \\<#456\\> \\<@&789\\>");
    expect(escapeDiscord("# title\n> quote\n- item\n1. first")).toBe(
      "\\# title\n\\> quote\n\\- item\n1\\. first",
    );
  });

  it("breaks @everyone and @here so they cannot ping even where mentions are allowed", () => {
    expect(escapeDiscord("hi @everyone and @here")).toBe("hi @\u200beveryone and @\u200bhere");
  });

  it("leaves ordinary prose alone", () => {
    const prose = "We call on you to: stop -- now, (please)!";
    expect(escapeDiscord(prose)).toBe(prose);
  });
});

describe("escapeWithBold", () => {
  it("bolds whole matched words in any case, and only whole words", () => {
    expect(escapeWithBold("Palantir runs on AWS; palantirs are not.", ["palantir"])).toBe(
      "**Palantir** runs on AWS; palantirs are not.",
    );
  });

  it("escapes the text around and inside the bold", () => {
    expect(escapeWithBold("a *star* and ICE_2", ["star", "ICE_2"])).toBe("a \\***star**\\* and **ICE\\_2**");
  });
});

describe("truncate and split", () => {
  it("cuts at a word boundary with an ellipsis, within the limit", () => {
    const cut = truncate("one two three four five", 12);
    expect(cut).toBe("one two…");
    expect(cut.length).toBeLessThanOrEqual(12);
  });

  it("splits long text into pieces within the limit without losing words", () => {
    const text = Array.from({ length: 400 }, (_, i) => `word${i}`).join(" ");
    const pieces = split(text, 500);
    expect(pieces.every((p) => p.length <= 500)).toBe(true);
    expect(pieces.join(" ")).toBe(text);
  });
});

describe("renderMessage and renderInteractionResponse", () => {
  it("renders the demands as a numbered list under a title, cited in the footer (golden)", async () => {
    await expect(json(renderInteractionResponse(await ask("demands")))).toMatchFileSnapshot(
      golden("demands"),
    );
  });

  it("renders an answer with matched words bold and each quote's citation (golden)", async () => {
    await expect(json(renderMessage(answerReply))).toMatchFileSnapshot(golden("answer"));
  });

  it("renders about with its fields (golden)", async () => {
    await expect(json(renderMessage(await ask("about")))).toMatchFileSnapshot(golden("about"));
  });

  it("renders help as a private reply (golden)", async () => {
    const response = renderInteractionResponse(await ask("help"));
    expect(response.data.flags).toBe(64);
    await expect(json(response)).toMatchFileSnapshot(golden("help"));
  });

  it("renders the daily post (golden)", async () => {
    const passage = article.paragraphs[10];
    if (!passage) throw new Error("the article has no paragraph 11");
    await expect(json(renderMessage(dailyPostReply(passage)))).toMatchFileSnapshot(golden("daily-post"));
  });

  it("keeps every quote verbatim apart from markdown escapes", async () => {
    const reply = await ask("context 11");
    const rendered = renderMessage(reply)
      .embeds.map((e) => e.description ?? "")
      .join("\n");
    const unescaped = rendered.replace(/\\(.)/g, "$1").replaceAll("**", "");
    for (const block of reply.blocks)
      if (block.type === "quote") expect(unescaped).toContain(block.quote.text);
  });

  it("escapes user text echoed in a reply, so @everyone and markdown are inert", async () => {
    const reply = await ask("search @everyone **zzzq**");
    const text = JSON.stringify(renderMessage(reply));
    expect(text).not.toContain("@everyone");
    expect(text).not.toContain("**zzzq**");
  });

  it("disables every mention on every message", async () => {
    for (const command of ["demands", "help", "about", "ask what is palantir?"]) {
      expect(renderMessage(await ask(command)).allowed_mentions).toEqual({ parse: [], replied_user: false });
    }
  });

  it("stays within Discord's limits for an oversized reply and says it was shortened", () => {
    const quote: Quote = {
      ...(article.demands[0] && { ...article.demands[0] }),
      text: "x ".repeat(5000).trim(),
      citation: "c".repeat(3000),
      matched: [],
    } as Quote;
    const reply: BotReply = {
      kind: "search",
      visibility: "public",
      summary: "big",
      suggestions: [],
      blocks: [
        { type: "heading", text: "h".repeat(300) },
        ...Array.from({ length: 12 }, () => ({ type: "quote" as const, quote })),
        { type: "fields", fields: [{ label: "l".repeat(300), value: "v".repeat(2000) }] },
      ],
    };
    const message = renderMessage(reply);
    expect(message.embeds.length).toBeLessThanOrEqual(EMBED_LIMITS.embeds);
    expect(message.embeds.reduce((n, e) => n + embedSize(e), 0)).toBeLessThanOrEqual(EMBED_LIMITS.total);
    for (const embed of message.embeds) {
      expect(embed.title?.length ?? 0).toBeLessThanOrEqual(EMBED_LIMITS.title);
      expect(embed.description?.length ?? 0).toBeLessThanOrEqual(EMBED_LIMITS.description);
      expect(embed.footer?.text.length ?? 0).toBeLessThanOrEqual(EMBED_LIMITS.footer);
    }
    expect(message.content).toBe(SHORTENED_NOTE);
  });

  it("never sends an empty message", () => {
    const reply: BotReply = {
      kind: "error",
      visibility: "private",
      summary: "Nothing",
      blocks: [],
      suggestions: [],
    };
    expect(renderMessage(reply)).toEqual({
      content: "Nothing",
      embeds: [],
      allowed_mentions: expect.any(Object),
    });
  });
});
