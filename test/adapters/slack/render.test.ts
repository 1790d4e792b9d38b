import { describe, expect, it } from "vitest";
import { inert } from "../../../src/adapters/slack/mrkdwn.js";
import {
  BUTTON_VALUE_LIMIT,
  createRenderCache,
  MAX_BLOCKS,
  renderSlack,
  SECTION_TEXT_LIMIT,
  SLACK_ACTION_ID_PATTERN,
  type SlackBlock,
  type SlackButton,
  type SlackMessage,
} from "../../../src/adapters/slack/render.js";
import { renderPlainText } from "../../../src/adapters/text.js";
import {
  type BotReply,
  type BotRequest,
  dailyPostReply,
  MAX_BUTTON_LABEL,
  type Paragraph,
  parseAction,
  type Quote,
  toQuote,
  withActions,
} from "../../../src/core/index.js";
import { article, makeBot, request } from "../../helpers.js";

const bot = makeBot();
const slack: Partial<BotRequest> = { where: { platform: "slack", workspace: "T1", channel: "C1" } };
const ask = (text: string) => bot.handle(request(text, slack));

/** Every piece of mrkdwn or plain text in the message, blocks, buttons and fallback. */
function texts(message: SlackMessage): string[] {
  const inBlock = (block: SlackBlock): string[] => {
    if (block.type === "context") return block.elements.map((e) => e.text);
    if (block.type === "divider") return [];
    if (block.type === "actions") return block.elements.map((e) => e.text.text);
    if ("fields" in block) return block.fields.map((f) => f.text);
    return [block.text.text];
  };
  return [message.text, ...message.blocks.flatMap(inBlock)];
}

const buttonsOf = (message: SlackMessage): SlackButton[] =>
  message.blocks.flatMap((b) => (b.type === "actions" ? b.elements : []));

/** Writes blocks as a golden file: invisible separators as JSON escapes so the file shows them. */
const golden = (blocks: SlackBlock[]) =>
  `${JSON.stringify(blocks, null, 2).replace(/[\u200B\u2060]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase()}`)}\n`;

const quote = (text: string, overrides: Partial<Quote> = {}): Quote => ({
  text,
  paragraph: 9,
  section: "letter",
  speaker: "employees",
  start: 0,
  end: text.length,
  citation: "the employees' letter, ¶9",
  matched: [],
  ...overrides,
});

const reply = (blocks: BotReply["blocks"], overrides: Partial<BotReply> = {}): BotReply => ({
  kind: "answer",
  visibility: "public",
  blocks,
  suggestions: [],
  summary: "summary",
  ...overrides,
});

/** Golden input: replies built from the article itself, independent of how the engine ranks. */
const demandsReply = reply(
  [
    { type: "heading", text: "The letter's 3 demands" },
    {
      type: "quote-list",
      intro: toQuote(article.demandsIntro as Paragraph),
      items: article.demands.map((d) => toQuote(d)),
      start: 1,
    },
  ],
  { kind: "demands", suggestions: ["/letter ask why Palantir?"] },
);

const palantir = article.sentences.filter((p) => p.text.includes("Palantir")).slice(0, 3);
const searchReply = reply(
  [
    { type: "heading", text: 'Passages matching "palantir"' },
    ...palantir.map((p) => ({ type: "quote", quote: toQuote(p, ["Palantir"]) }) as const),
  ],
  { kind: "search" },
);

const evil = "<!channel> <@U123> <https://evil.example|click> @here *bold* _it_ ~s~ `code` & more";
/** A claim checked in a message that tries to ping and format, which the article does not address. */
const notFoundReply = reply(
  [
    { type: "text", text: `Checking against the article: “${evil}”` },
    { type: "text", text: "The article doesn't say." },
  ],
  { kind: "not-found", visibility: "private", suggestions: ["/letter demands", "/letter about"] },
);

const aboutReply = reply(
  [
    { type: "heading", text: article.meta.title },
    {
      type: "fields",
      fields: [
        { label: "Author", value: `${article.meta.author}, ${article.meta.authorRole ?? ""}` },
        { label: "Outlet", value: article.meta.outlet },
        { label: "First reported by", value: article.meta.firstReportedBy ?? "" },
      ],
    },
  ],
  { kind: "about" },
);

describe("renderSlack", () => {
  it.each([
    ["demands", demandsReply],
    ["search-palantir", searchReply],
    ["not-found-escaped", notFoundReply],
    ["about", aboutReply],
  ])("renders %s as the golden Block Kit", async (name, input) => {
    await expect(golden(renderSlack(input).blocks)).toMatchFileSnapshot(`__snapshots__/${name}.blocks.json`);
  });

  it("renders the bot's demands as a numbered block quote holding the three demands verbatim", async () => {
    const message = renderSlack(await ask("demands"));
    const section = message.blocks.find(
      (b) => b.type === "section" && "text" in b && b.text.text.includes("1. "),
    );
    for (const [i, demand] of article.demands.entries()) {
      expect(section && "text" in section ? section.text.text : "").toContain(`>${i + 1}. ${demand.text}`);
    }
    expect(
      message.blocks
        .filter((b) => b.type === "context")
        .map((b) => ("elements" in b ? b.elements[0]?.text : "")),
    ).toContain("— the employees' letter, ¶15 and demands 1–3 (¶16–18)");
  });

  it("cites a single demand with its intro", () => {
    const one = reply([
      {
        type: "quote-list",
        intro: toQuote(article.demandsIntro as Paragraph),
        items: [toQuote(article.demands[1] as Paragraph)],
        start: 2,
      },
    ]);
    expect(renderSlack(one).blocks.at(-1)).toEqual({
      type: "context",
      elements: [{ type: "mrkdwn", text: "— the employees' letter, ¶15 and demand 2 (¶17)", verbatim: true }],
    });
  });

  it("shows the words that matched a question in bold and keeps the quote otherwise verbatim", () => {
    const sections = renderSlack(searchReply).blocks.filter((b) => b.type === "section");
    expect(sections).toHaveLength(palantir.length);
    for (const [i, block] of sections.entries()) {
      const text = "text" in block ? block.text.text : "";
      expect(text).toContain("*Palantir*");
      expect(text.replace(/\*/g, "")).toBe(`>${palantir[i]?.text}`);
    }
  });

  it("makes user text that tries to ping, link or format inert", () => {
    const message = renderSlack(notFoundReply);
    for (const text of texts(message)) {
      expect(text).not.toMatch(/<[!@#]|<https?:|@here|@channel/);
      expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/);
    }
    const all = texts(message).join("\n");
    expect(all).toContain("&lt;!channel&gt;");
    expect(all).toContain("&lt;https://evil.example|click&gt;");
    expect(all).toContain("\u200B*\u200Bbold\u200B*\u200B");
  });

  it("ends with the suggestions as a quiet Try line after a divider, not a header", () => {
    const { blocks } = renderSlack(notFoundReply);
    expect(blocks.slice(-2)).toEqual([
      { type: "divider" },
      {
        type: "context",
        elements: [{ type: "mrkdwn", text: "Try: /letter demands  ·  /letter about", verbatim: true }],
      },
    ]);
    expect(blocks.filter((b) => b.type === "header")).toEqual([]);
  });

  it("shows 'Also relevant' as a divider and a context line, not a header", async () => {
    const { blocks } = renderSlack(reply([{ type: "subheading", text: "Also relevant" }]));
    expect(blocks).toEqual([
      { type: "divider" },
      { type: "context", elements: [{ type: "mrkdwn", text: "Also relevant", verbatim: true }] },
    ]);
  });

  it("escapes a heading that needs it in a bold section instead of a plain-text header", () => {
    const message = renderSlack(reply([{ type: "heading", text: 'Passages matching "<!here> & co"' }]));
    expect(message.blocks).toEqual([
      {
        type: "section",
        text: { type: "mrkdwn", text: '*Passages matching "&lt;!here&gt; &amp; co"*', verbatim: true },
      },
    ]);
  });

  it("splits a quote too long for one section across sections, dropping no word", () => {
    const words = Array.from({ length: 1500 }, (_, i) => `word${i}`);
    const message = renderSlack(
      reply([{ type: "quote", quote: quote(words.join(" "), { matched: ["word7"] }) }]),
    );
    const sections = message.blocks
      .filter((b) => b.type === "section")
      .map((b) => ("text" in b ? b.text.text : ""));
    expect(sections.length).toBeGreaterThan(1);
    for (const text of sections) {
      expect(text.length).toBeLessThanOrEqual(SECTION_TEXT_LIMIT);
      expect(text.startsWith(">")).toBe(true);
    }
    const rejoined = sections
      .map((t) => t.slice(1))
      .join(" ")
      .replace("*word7*", "word7");
    expect(rejoined).toBe(words.join(" "));
    expect(message.blocks.at(-1)).toEqual({
      type: "context",
      elements: [{ type: "mrkdwn", text: "— the employees' letter, ¶9", verbatim: true }],
    });
  });

  it("cuts a single word too long for a section into pieces that each fit", () => {
    const word = "&".repeat(4000);
    const message = renderSlack(reply([{ type: "text", text: word }]));
    const sections = message.blocks.map((b) => ("text" in b ? b.text.text : ""));
    expect(sections.every((t) => t.length <= SECTION_TEXT_LIMIT)).toBe(true);
    expect(sections.join("")).toBe("&amp;".repeat(4000));
  });

  it("stays within 50 blocks, leaving whole quotes out and saying so", () => {
    const many = Array.from(
      { length: 40 },
      (_, i) => ({ type: "quote", quote: quote(`Quote ${i}.`) }) as const,
    );
    const message = renderSlack(reply(many, { suggestions: ["/letter help"] }));
    expect(message.blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
    expect(message.blocks.at(-1)).toEqual({
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: "…and 16 more parts not shown here: ask a narrower question.",
          verbatim: true,
        },
      ],
    });
    expect(message.blocks.filter((b) => b.type === "section")).toHaveLength(24);
  });

  it("lists the reply's suggestions in a last context block", () => {
    const message = renderSlack(
      reply([{ type: "text", text: "Hi" }], { suggestions: ["/letter demands", "/letter about"] }),
    );
    expect(message.blocks.at(-1)).toEqual({
      type: "context",
      elements: [{ type: "mrkdwn", text: "Try: /letter demands  ·  /letter about", verbatim: true }],
    });
  });

  it("links each citation to the article page when given its address", () => {
    const q = toQuote(article.sentences[5] ?? article.sentences[0] ?? ({} as Paragraph));
    const message = renderSlack(reply([{ type: "quote", quote: q }]), {
      citationUrl: (x) => `https://letterbot.example/article?q=${x.id}&x=<1>#p${x.paragraph}`,
    });
    expect(message.blocks.at(-1)).toEqual({
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: `— <https://letterbot.example/article?q=${q.id}&amp;x=%3C1%3E#p${q.paragraph}|${q.citation.replace("'", "'")}>`,
          verbatim: true,
        },
      ],
    });
  });

  it("links only web addresses", () => {
    const message = renderSlack(reply([{ type: "link", text: "Read <it>", url: "javascript:alert(1)" }]));
    expect(message.blocks).toEqual([
      { type: "section", text: { type: "mrkdwn", text: "Read &lt;it&gt;", verbatim: true } },
    ]);
  });

  it("falls back to the plain-text rendering, made inert, for notifications", () => {
    const message = renderSlack(notFoundReply);
    expect(message.text).toBe(inert(renderPlainText(notFoundReply)));
    expect(renderSlack(demandsReply).text).toContain(article.demands[2]?.text);
  });
});

describe("buttons", () => {
  const withButtons = { buttons: true } as const;

  it("renders a private answer's share, context and vote buttons, and suggestion buttons (golden)", async () => {
    const answer = await bot.handle(request("IBM helped Hitler", { ...slack, source: "check" }));
    const message = renderSlack(answer, withButtons);
    await expect(golden(message.blocks)).toMatchFileSnapshot(
      "__snapshots__/check-answer-buttons.blocks.json",
    );
    const notFound = await ask("ask what's the airspeed velocity of an unladen swallow");
    await expect(golden(renderSlack(notFound, withButtons).blocks)).toMatchFileSnapshot(
      "__snapshots__/not-found-buttons.blocks.json",
    );
  });

  it("renders the paragraph asked for in context with a bold citation (golden)", async () => {
    const context = await bot.act({ kind: "context", paragraph: 2 }, request("", slack));
    await expect(golden(renderSlack(context, withButtons).blocks)).toMatchFileSnapshot(
      "__snapshots__/context-buttons.blocks.json",
    );
  });

  it("renders a shared answer with who shared it, made inert (golden)", async () => {
    const shared = await bot.act({ kind: "share", text: "check IBM helped Hitler" }, request("", slack), {
      sharedBy: "here <!channel>",
    });
    const message = renderSlack(shared, withButtons);
    expect(message.blocks[0]).toEqual({
      type: "context",
      elements: [{ type: "mrkdwn", text: "Shared by @\u2060here &lt;!channel&gt;", verbatim: true }],
    });
    expect(buttonsOf(message).map((b) => b.action_id)).not.toContain("letterbot.share");
    await expect(golden(message.blocks)).toMatchFileSnapshot("__snapshots__/shared-buttons.blocks.json");
  });

  it("puts suggestions as buttons instead of a Try list", async () => {
    const message = renderSlack(
      await ask("ask what's the airspeed velocity of an unladen swallow"),
      withButtons,
    );
    expect(texts(message).join("\n")).not.toContain("Try: ");
    expect(buttonsOf(message).map((b) => b.text.text)).toEqual([
      "/letter demands",
      `/letter ask ${article.meta.examples[0]}`,
      `/letter ask ${article.meta.examples[1]}`,
      "/letter about",
    ]);
  });

  it("gives each button an action id by kind and a value the core reads back as the same action", async () => {
    const replies = await Promise.all(
      ["who is palantir?", "ask how many employees signed the letter", "help", "demands"].map(ask),
    );
    for (const r of replies) {
      const message = renderSlack(r, withButtons);
      const buttons = buttonsOf(message);
      expect(buttons.length).toBe(r.actions?.length ?? 0);
      const ids = new Set<string>();
      for (const [i, b] of buttons.entries()) {
        expect(b.action_id).toMatch(SLACK_ACTION_ID_PATTERN);
        expect(ids.has(b.action_id)).toBe(false);
        ids.add(b.action_id);
        expect(b.value.length).toBeLessThanOrEqual(BUTTON_VALUE_LIMIT);
        expect(b.text.text.length).toBeLessThanOrEqual(MAX_BUTTON_LABEL);
        expect(parseAction(b.value, article)).toEqual({ ok: true, action: r.actions?.[i] });
      }
    }
  });

  it("shows share only on a private reply", async () => {
    const privateAnswer = await bot.handle(request("IBM helped Hitler", { ...slack, source: "check" }));
    const made = renderSlack({ ...privateAnswer, visibility: "public" }, withButtons);
    expect(buttonsOf(made).map((b) => b.action_id)).not.toContain("letterbot.share");
    expect(buttonsOf(renderSlack(privateAnswer, withButtons))[0]?.action_id).toBe("letterbot.share");
  });

  it("shows no buttons unless asked to, keeping the Try line", async () => {
    const passage = article.paragraphs[10] as Paragraph;
    const message = renderSlack(dailyPostReply(passage));
    expect(buttonsOf(message)).toEqual([]);
    expect(message.blocks.at(-1)).toEqual({
      type: "context",
      elements: [{ type: "mrkdwn", text: "Try: /letter context 11  ·  /letter demands", verbatim: true }],
    });
  });

  it("keeps the reply's own buttons when its content is cut to fit", () => {
    const many = Array.from(
      { length: 40 },
      (_, i) => ({ type: "quote", quote: quote(`Quote ${i}.`) }) as const,
    );
    const long = withActions(reply(many, { suggestions: ["/letter help"] }), { request: "ask x" });
    const message = renderSlack(long, withButtons);
    expect(message.blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
    expect(message.blocks.at(-1)?.type).toBe("actions");
    expect(buttonsOf(message).map((b) => b.action_id)).toEqual([
      "letterbot.context",
      "letterbot.vote.up",
      "letterbot.vote.down",
    ]);
  });
});

describe("the render cache", () => {
  it("gives an equal reply the same message, a different one its own, and forgets the oldest", async () => {
    const render = createRenderCache(2);
    const bot = makeBot();
    const ask = (text: string) =>
      bot.handle({
        where: { platform: "slack", workspace: "T", channel: "C" },
        user: "U",
        source: "command",
        text,
      });
    const demands = render(await ask("demands"));
    expect(render(await ask("demands"))).toBe(demands);
    expect(demands).toEqual(renderSlack(await ask("demands")));
    const about = render(await ask("about"));
    expect(about).not.toEqual(demands);
    render(await ask("demands 2"));
    // "demands" was used before "about", so it went first.
    expect(render(await ask("about"))).toBe(about);
    expect(render(await ask("demands"))).not.toBe(demands);
  });
});
