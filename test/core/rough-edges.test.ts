import { describe, expect, it } from "vitest";
import { renderPlainText } from "../../src/adapters/text.js";
import { type BotReply, createBot, NO_LEARNED, parseArticle, type Quote } from "../../src/core/index.js";
import { article, makeBot, quotesOf, request } from "../helpers.js";
import { FIXTURE_SOURCE } from "./daily/fixture.js";

const textOf = (reply: BotReply) =>
  reply.blocks.map((b) => ("text" in b ? b.text : b.type === "list" ? b.items.join("\n") : "")).join("\n");
const on = (platform: "slack" | "discord" | "console") => ({
  where: { platform, workspace: "W", channel: "C" },
});

describe("help, written for the platform it is asked on", () => {
  const bot = makeBot();

  it("tells Discord users to ask with /letter ask question:, and to check with /letter check claim: or the Apps menu", async () => {
    const help = textOf(await bot.handle(request("help", on("discord"))));
    expect(help).toContain("Ask with /letter ask question: <your question>");
    expect(help).toContain("/letter ask question: — the best quote");
    expect(help).toContain("/letter demands number: 2");
    expect(help).not.toContain("/letter <question>");
    expect(help).toContain("/letter check claim:, or Check in the letter in any message's Apps menu —");
    expect(help).toContain("/letter check claim: they wrote to the CEO");
  });

  it("tells Slack users to ask with /letter <question>", async () => {
    const help = textOf(await bot.handle(request("help", on("slack"))));
    expect(help).toContain("Ask with /letter <question>, or mention me.");
    expect(help).toContain("/letter ask <question> — the best quote");
    expect(help).toContain("/letter check <claim>, or Check in the letter in any message's menu");
    expect(help).not.toContain("question:");
  });

  it("takes the number of demands from the article, not a fixed three", async () => {
    const help = textOf(await bot.handle(request("help", on("slack"))));
    expect(help).toContain(`/letter demands [1-${article.demands.length}]`);
    expect(help).not.toMatch(/three/i);
    const small = parseArticle(FIXTURE_SOURCE, "fixture.md");
    const other = createBot({ article: small });
    expect(small.demands).toHaveLength(2);
    expect(textOf(await other.handle(request("help", on("slack"))))).toContain("/letter demands [1-2]");
    expect(textOf(await other.handle(request("about")))).not.toMatch(/three/i);
  });

  it("gives a usage line in the platform's form", async () => {
    expect(textOf(await bot.handle(request("ask", on("discord"))))).toContain(
      "Usage: /letter ask question: (for example: /letter ask question: who did they write to?)",
    );
    expect(textOf(await bot.handle(request("search", on("slack"))))).toContain(
      "Usage: /letter search <words> (for example: /letter search children detention)",
    );
  });
});

describe("rough edges of replies", () => {
  const bot = makeBot();

  it("cites a single demand by its own paragraph only", async () => {
    const reply = await bot.handle(request("demands 2"));
    const quotes = quotesOf(reply);
    expect(quotes.map((q) => q.paragraph)).toEqual([article.demands[1]?.paragraph]);
    const text = renderPlainText(reply);
    expect(text).toContain("— the employees' letter, demand 2 (¶17)");
    expect(text).not.toContain("¶15");
  });

  it("marks which paragraph of a context is the one asked for", async () => {
    const reply = await bot.handle(request("context 11"));
    const focused = reply.blocks.filter((b) => b.type === "quote" && b.focus);
    expect(focused).toHaveLength(1);
    expect(focused[0]?.type === "quote" && focused[0].quote.paragraph).toBe(11);
    const text = renderPlainText(reply);
    expect(text).toContain("— the employees' letter, ¶11 (asked for)");
    expect(text).toContain("— the employees' letter, ¶10\n");
  });

  it("says the article doesn't say without wrapping the question in quotes", async () => {
    const question = "what is the airspeed velocity of an unladen swallow";
    const reply = await bot.handle(request(`ask ${question}`));
    expect(reply.kind).toBe("not-found");
    const text = textOf(reply);
    expect(text).toMatch(/^The article doesn't say\. /);
    expect(text).not.toContain(question);
    expect(text).toContain(article.meta.description);
  });

  it("says as many passages as a search returns", async () => {
    for (const words of ["children detention", "palantir", "surveillance state"]) {
      const reply = await bot.handle(request(`search ${words}`));
      const count = quotesOf(reply).length;
      expect(count).toBeGreaterThan(0);
      const said = count === 1 ? "1 passage matches" : `${count} passages match`;
      expect(reply.summary).toContain(said);
      expect(reply.blocks[0]).toEqual({ type: "heading", text: `${said} "${words}"` });
    }
  });

  it("does not print the date twice when asked when the article was updated", async () => {
    for (const question of ["when was the article updated", "when was it last updated"]) {
      const text = renderPlainText(await bot.handle(request(question)));
      expect(text.match(/June 22 at 7:20 a\.m\. PT/g)).toHaveLength(1);
    }
  });

  it("keeps a fact that no quote repeats", async () => {
    const text = renderPlainText(await bot.handle(request("who first reported the letter")));
    expect(text).toContain("Gizmodo first reported the letter.");
  });

  it("quietens 'Also relevant' to a subheading", async () => {
    const quotes: Quote[] = ["p11.s1", "p11.s2"].map((id) => {
      const s = article.sentences.find((x) => x.id === id);
      if (!s) throw new Error(id);
      return { ...s, citation: `¶${s.paragraph}`, matched: [] };
    });
    const engine = {
      ask: () => ({ answered: true, match: "answer" as const, reason: "answered" as const, quotes }),
      search: () => quotes,
      learn: () => NO_LEARNED,
      explain: () => {
        throw new Error("not used");
      },
    };
    const reply = await makeBot({ engine }).handle(request("ask who is palantir?"));
    expect(reply.blocks.map((b) => b.type)).toEqual(["quote", "subheading", "quote"]);
  });
});
