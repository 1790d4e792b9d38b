import { describe, expect, it } from "vitest";
import { type BotReply, readClaim, stripChatMarkup } from "../../src/core/index.js";
import { makeBot, quotesOf, request } from "../helpers.js";

const textOf = (reply: BotReply) =>
  reply.blocks.map((b) => ("text" in b ? b.text : b.type === "quote" ? b.quote.text : "")).join("\n");

describe("reading a chat message as a claim", () => {
  it("strips Slack markup: mentions, channels, links, entities, formatting", () => {
    expect(
      stripChatMarkup("<@U123> says *IBM* _helped_ in the 1940s &amp; <https://x.example|more> <!here>"),
    ).toBe("says IBM helped in the 1940s & more");
    expect(stripChatMarkup("<#C1|general> ~said~ it's `true` :thinking_face:")).toBe(
      "#general said it's true",
    );
  });

  it("strips Discord markup: mentions, custom emoji, timestamps, spoilers, quotes and code blocks", () => {
    expect(
      stripChatMarkup("> <@!123> **they** wrote to __the CEO__ ||honest|| <:pog:123456> <t:1700000000:R>"),
    ).toBe("they wrote to the CEO honest");
    expect(stripChatMarkup("look:\n```js\nalert(1)\n```\nthey wrote to the CEO")).toBe(
      "look: they wrote to the CEO",
    );
  });

  it("keeps snake_case and arithmetic as written", () => {
    expect(stripChatMarkup("a_b_c and 2*3*4")).toBe("a_b_c and 2*3*4");
  });

  it("puts a statement to the engine as a claim and a question as it is", () => {
    expect(readClaim("They wrote to the CEO.")).toEqual({
      ok: true,
      claim: "They wrote to the CEO.",
      question: "someone said They wrote to the CEO, true?",
    });
    expect(readClaim("did they write to the CEO?")).toMatchObject({ question: "did they write to the CEO?" });
  });

  it("says when there is nothing to check, or too much", () => {
    expect(readClaim("<@U1> :wave:")).toEqual({ ok: false, problem: "empty", length: 0 });
    expect(readClaim("")).toMatchObject({ ok: false, problem: "empty" });
    expect(readClaim("word ".repeat(300))).toMatchObject({ ok: false, problem: "too-long" });
    expect(readClaim("x".repeat(100_000))).toMatchObject({ ok: false, problem: "too-long" });
  });
});

describe("checking a claim against the article", () => {
  const bot = makeBot();
  const check = (text: string, platform: "slack" | "discord" = "slack") =>
    bot.handle(request(text, { source: "check", where: { platform, workspace: "W", channel: "C" } }));

  it("answers a true claim privately with the passage that supports it, cited", async () => {
    const reply = await check("<@U123> says IBM helped Hitler back in the day");
    expect(reply).toMatchObject({ kind: "answer", visibility: "private" });
    const [best] = quotesOf(reply);
    expect(best?.text).toContain("IBM's systems were employed in the 1940s to help Hitler");
    expect(best?.citation).toBe("the employees' letter, ¶14");
    expect(textOf(reply)).toContain("Checking against the article: “says IBM helped Hitler back in the day”");
  });

  it("answers a false claim with the passage that contradicts it, and says where they differ", async () => {
    const reply = await check("**DHS** sent 20,000 children to detention centers");
    expect(reply.visibility).toBe("private");
    expect(quotesOf(reply)[0]?.text).toContain("nearly 2,000 children to mass detention centers");
    expect(textOf(reply)).toContain("The article says nearly 2,000 children, not 20,000.");
    expect(reply.summary).toBe("The article says nearly 2,000 children, not 20,000.");
  });

  it("reads a question in a message as a question", async () => {
    const reply = await check("did the employees write to Jeff?");
    expect(reply.visibility).toBe("private");
    expect(quotesOf(reply).length).toBeGreaterThan(0);
  });

  it("says honestly that the article doesn't say, for a claim it does not touch", async () => {
    for (const claim of ["the weather is lovely in Lisbon today", "the moon landing was in 1969"]) {
      const reply = await check(claim);
      expect(reply).toMatchObject({ kind: "not-found", visibility: "private" });
      expect(quotesOf(reply)).toEqual([]);
      expect(textOf(reply)).toContain("The article doesn't say.");
    }
  });

  it("never runs a message as a command", async () => {
    const reply = await check("daily off");
    expect(reply.kind).not.toBe("daily");
    expect(reply.kind).not.toBe("error");
  });

  it("explains privately when a message has no words or is too long", async () => {
    const empty = await check("<@U1> <:pog:123>");
    expect(empty).toMatchObject({ kind: "error", visibility: "private" });
    expect(empty.summary).toBe("That message has no words I can check against the article.");
    const long = await check(`they wrote to the CEO. ${"And more words. ".repeat(100)}`);
    expect(long).toMatchObject({ kind: "error", visibility: "private" });
    expect(long.summary).toContain("too long to check as one claim");
    expect(long.summary).toContain("/letter check <the claim>");
    expect((await check("x ".repeat(1000), "discord")).summary).toContain("/letter check claim: <the claim>");
  });

  it("checks a claim typed as /letter check, privately", async () => {
    const reply = await bot.handle(request("check IBM helped Hitler"));
    expect(reply).toMatchObject({ kind: "answer", visibility: "private" });
    expect(reply.request).toBe("check IBM helped Hitler");
  });
});
