import { describe, expect, it } from "vitest";
import { escapeDiscord, escapeWithBold } from "../../../src/adapters/discord/escape.js";
import {
  COMPONENT_LIMITS,
  type DiscordMessage,
  EMBED_COLOR,
  EMBED_LIMITS,
  embedSize,
  MUTED_COLOR,
  renderInteractionResponse,
  renderMessage,
  renderShared,
  SHORTENED_NOTE,
  split,
  truncate,
} from "../../../src/adapters/discord/render.js";
import type { BotReply, BotRequest, Quote } from "../../../src/core/index.js";
import { dailyPostReply, parseAction } from "../../../src/core/index.js";
import { answerReply } from "../../fixtures/discord/replies.js";
import { article, makeBot, request } from "../../helpers.js";

const bot = makeBot();
const discord: Partial<BotRequest> = { where: { platform: "discord", workspace: "G1", channel: "C1" } };
const ask = (text: string) => bot.handle(request(text, discord));
const withButtons = { buttons: true } as const;
const customIds = (message: DiscordMessage) =>
  (message.components ?? []).flatMap((row) => row.components.map((b) => b.custom_id));
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

describe("buttons", () => {
  it("renders a private answer with share, context and votes on an ephemeral response (golden)", async () => {
    const answer = await bot.handle(request("IBM helped Hitler", { ...discord, source: "check" }));
    const response = renderInteractionResponse(answer, withButtons);
    expect(response.data.flags).toBe(64);
    expect(customIds(response.data)[0]).toBe("lb1:s:check IBM helped Hitler");
    await expect(json(response)).toMatchFileSnapshot(golden("check-answer-buttons"));
  });

  it("renders suggestions as buttons written the Discord way (golden)", async () => {
    const response = renderInteractionResponse(
      await ask("ask what's the airspeed velocity of an unladen swallow"),
      withButtons,
    );
    const labels = (response.data.components ?? []).flatMap((r) => r.components.map((b) => b.label));
    expect(labels).toContain(`/letter ask question: ${article.meta.examples[0]}`);
    expect(JSON.stringify(response.data.embeds)).not.toContain("Try");
    await expect(json(response)).toMatchFileSnapshot(golden("not-found-buttons"));
  });

  it("renders context with the paragraph asked for in the accent colour, its neighbours muted (golden)", async () => {
    const context = await bot.act({ kind: "context", paragraph: 2 }, request("", discord));
    const message = renderInteractionResponse(context, withButtons);
    expect(message.data.embeds.map((e) => e.color)).toEqual([MUTED_COLOR, EMBED_COLOR, MUTED_COLOR]);
    expect(message.data.embeds[1]?.footer?.text).toBe("the CNET report, ¶2 (asked for)");
    await expect(json(message)).toMatchFileSnapshot(golden("context-buttons"));
  });

  it("shows share only on an ephemeral message: a mention's reply is public", async () => {
    const answer = await bot.handle(request("IBM helped Hitler", { ...discord, source: "check" }));
    expect(customIds(renderMessage(answer, withButtons))).not.toContain("lb1:s:check IBM helped Hitler");
    expect(customIds(renderMessage(answer, withButtons)).some((id) => id.startsWith("lb1:s"))).toBe(false);
  });

  it("keeps every custom id within 100 characters, unique and readable back; at most 5 buttons a row, 5 rows", async () => {
    const long = `who is palantir and ${"why ".repeat(30)}?`;
    const replies = [
      ...(await Promise.all(["who is palantir?", "help", "demands", "context 20", `ask ${long}`].map(ask))),
      await bot.handle(request(long, { ...discord, source: "check" })),
    ];
    for (const reply of replies) {
      const rows = renderInteractionResponse(reply, withButtons).data.components ?? [];
      expect(rows.length).toBeLessThanOrEqual(COMPONENT_LIMITS.rows);
      const ids = rows.flatMap((row) => row.components.map((b) => b.custom_id));
      expect(new Set(ids).size).toBe(ids.length);
      for (const row of rows) {
        expect(row.components.length).toBeLessThanOrEqual(COMPONENT_LIMITS.buttonsPerRow);
        for (const b of row.components) {
          expect(b.custom_id.length).toBeLessThanOrEqual(COMPONENT_LIMITS.customId);
          expect(b.label?.length ?? 0).toBeLessThanOrEqual(COMPONENT_LIMITS.label);
          expect(parseAction(b.custom_id, article).ok).toBe(true);
        }
      }
    }
  });

  it("splits many suggestions into rows of five and stops at five rows", () => {
    const many: BotReply = {
      kind: "help",
      visibility: "private",
      summary: "s",
      blocks: [{ type: "text", text: "t" }],
      suggestions: [],
      actions: Array.from({ length: 30 }, (_, i) => ({
        kind: "suggest" as const,
        command: `/letter context ${i + 1}`,
      })),
    };
    const rows = renderMessage(many, withButtons).components ?? [];
    expect(rows.map((r) => r.components.length)).toEqual([5, 5, 5, 5, 5]);
  });

  it("renders no components unless asked to", async () => {
    expect(renderMessage(await ask("who is palantir?")).components).toBeUndefined();
  });

  it("shares a message as it is, marked with who shared it, escaped, with no share button (golden)", async () => {
    const answer = await bot.handle(request("IBM helped Hitler", { ...discord, source: "check" }));
    const original = renderInteractionResponse(answer, withButtons).data;
    // What Discord sends back with a press: its own fields on embeds, and maybe others' components.
    const received = {
      embeds: original.embeds.map((e) => ({ ...e, type: "rich", content_scan_version: 1 })),
      components: [
        ...(original.components ?? []),
        { type: 1, components: [{ type: 2, style: 5, label: "elsewhere", url: "https://x.example" }] },
        { type: 1, components: [{ type: 3, custom_id: "lb1:c:3", options: [] }] },
        "nonsense",
      ],
    };
    const shared = renderShared(received, "@everyone **bold**");
    expect(shared.content).toBe("Shared by @\u200beveryone \\*\\*bold\\*\\*");
    expect(shared.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(shared.embeds).toEqual(original.embeds);
    expect(shared.flags).toBeUndefined();
    expect(customIds(shared)).toEqual(customIds(original).filter((id) => !id.startsWith("lb1:s")));
    await expect(json(shared)).toMatchFileSnapshot(golden("shared"));
  });

  it("shares a re-made reply the same way, from the core's shared reply", async () => {
    const shared = await bot.act({ kind: "share", text: "check IBM helped Hitler" }, request("", discord), {
      sharedBy: "here",
    });
    const response = renderInteractionResponse(shared, withButtons);
    expect(response.data.flags).toBeUndefined();
    expect(response.data.content).toBe("Shared by @\u200bhere");
    expect(customIds(response.data).some((id) => id.startsWith("lb1:s"))).toBe(false);
  });

  it("links citations to the article page when given its address", () => {
    const message = renderMessage(answerReply, {
      citationUrl: (q) => `https://letterbot.example/article?q=${q.id}#p${q.paragraph}`,
    });
    expect(message.embeds[0]?.description).toContain(
      "— [the employees' letter, ¶11](https://letterbot.example/article?q=p11.s1#p11)",
    );
    expect(message.embeds[0]?.footer).toBeUndefined();
  });
});
