import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../../src/adapters/store/memory.js";
import {
  type AnswerEngine,
  type BotReply,
  NO_LEARNED,
  type Quote,
  type ThreadMemory,
  toQuote,
} from "../../src/core/index.js";
import { article, makeBot, quotesOf, request } from "../helpers.js";

const textOf = (reply: BotReply) =>
  reply.blocks
    .map((b) => ("text" in b ? b.text : b.type === "list" ? b.items.join("\n") : JSON.stringify(b)))
    .join("\n");

/** An engine that answers from a fixed list, to test how the bot composes replies. */
const engineAnswering = (quotes: Quote[], facts?: string[]): AnswerEngine => ({
  ask: (_q, limit = 3) => ({
    answered: quotes.length > 0,
    match: quotes.length > 0 ? "answer" : "none",
    reason: quotes.length > 0 ? "answered" : "not-covered",
    quotes: quotes.slice(0, limit),
    ...(facts ? { facts } : {}),
  }),
  search: (_w, limit = 5) => quotes.slice(0, limit),
  learn: () => NO_LEARNED,
  explain: () => {
    throw new Error("not used");
  },
});
const sentence = (id: string) => {
  const passage = article.sentences.find((s) => s.id === id);
  if (!passage) throw new Error(`no sentence ${id}`);
  return toQuote(passage);
};

describe("bot commands", () => {
  const bot = makeBot();

  it("shows help, privately, for an empty command and for help", async () => {
    for (const text of ["", "help"]) {
      const reply = await bot.handle(request(text));
      expect(reply.kind).toBe("help");
      expect(reply.visibility).toBe("private");
      expect(textOf(reply)).toContain("/letter demands 2");
    }
  });

  it("lists the three demands verbatim, introduced by 'We call on you to:'", async () => {
    const reply = await bot.handle(request("demands"));
    expect(reply).toMatchObject({ kind: "demands", visibility: "public" });
    const list = reply.blocks.find((b) => b.type === "quote-list");
    expect(list?.type === "quote-list" && list.intro?.text).toBe("We call on you to:");
    expect(list?.type === "quote-list" && list.items.map((q) => q.text)).toEqual(
      article.demands.map((d) => d.text),
    );
  });

  it("shows one demand by number", async () => {
    const reply = await bot.handle(request("demands 2"));
    const list = reply.blocks.find((b) => b.type === "quote-list");
    expect(list?.type === "quote-list" && list.items.map((q) => q.text)).toEqual([article.demands[1]?.text]);
    expect(list?.type === "quote-list" && list.start).toBe(2);
  });

  it("explains the range when a demand number does not exist", async () => {
    for (const text of ["demands 4", "demands 0", "demands two"]) {
      const reply = await bot.handle(request(text));
      expect(reply).toMatchObject({ kind: "error", visibility: "private" });
      expect(textOf(reply)).toContain("There are 3 demands");
    }
  });

  it("answers a question with the best quote and up to two more", async () => {
    const quotes = ["p11.s1", "p5.s1", "p17.s1", "p13.s1"].map(sentence);
    const reply = await makeBot({ engine: engineAnswering(quotes) }).handle(request("ask who is palantir?"));
    expect(reply).toMatchObject({ kind: "answer", visibility: "public" });
    expect(quotesOf(reply).map((q) => q.text)).toEqual(quotes.slice(0, 3).map((q) => q.text));
  });

  it("treats text that is not a command as a question", async () => {
    const quotes = [sentence("p11.s1")];
    const reply = await makeBot({ engine: engineAnswering(quotes) }).handle(request("who is palantir?"));
    expect(reply.kind).toBe("answer");
  });

  it("shows the demands as a numbered list when a question asks for them", async () => {
    const reply = await bot.handle(request("what does the letter ask for?"));
    const list = reply.blocks.find((b) => b.type === "quote-list");
    expect(list?.type === "quote-list" && list.intro?.text).toBe("We call on you to:");
    expect(list?.type === "quote-list" && list.items.map((q) => q.text)).toEqual(
      article.demands.map((d) => d.text),
    );
  });

  it("shows facts from the metadata before the quote", async () => {
    const engine = engineAnswering([sentence("p20.s1")], ["The article is by Sean Keane."]);
    const reply = await makeBot({ engine }).handle(request("who wrote this?"));
    expect(reply.blocks[0]).toEqual({ type: "text", text: "The article is by Sean Keane." });
  });

  it("says privately that the article doesn't say, with suggestions, when nothing answers", async () => {
    const reply = await makeBot({ engine: engineAnswering([]) }).handle(request("ask what's the weather?"));
    expect(reply).toMatchObject({ kind: "not-found", visibility: "private" });
    expect(quotesOf(reply)).toEqual([]);
    expect(textOf(reply)).toContain("The article doesn't say");
    expect(reply.suggestions).toContain("/letter demands");
  });

  it("asks for a question when ask or search has none", async () => {
    for (const text of ["ask", "search"]) {
      const reply = await bot.handle(request(text));
      expect(reply).toMatchObject({ kind: "error", visibility: "private" });
      expect(textOf(reply)).toContain(`Usage: /letter ${text}`);
    }
  });

  it("quotes a quotable passage at random, chosen by the random source", async () => {
    const first = await makeBot({ random: () => 0 }).handle(request("quote"));
    const last = await makeBot({ random: () => 0.999 }).handle(request("quote"));
    expect(first.kind).toBe("quote");
    expect(quotesOf(first)[0]?.text).not.toBe(quotesOf(last)[0]?.text);
    expect(quotesOf(first)[0]?.section).toMatch(/letter|demands/);
  });

  it("quotes about a topic through the engine", async () => {
    const reply = await makeBot({ engine: engineAnswering([sentence("p14.s2")]) }).handle(
      request("quote IBM"),
    );
    expect(quotesOf(reply)[0]?.text).toContain("IBM");
  });

  it("lists up to five search hits with their locations", async () => {
    const quotes = ["p10.s1", "p10.s2", "p10.s3", "p10.s4", "p11.s1", "p11.s2"].map(sentence);
    const reply = await makeBot({ engine: engineAnswering(quotes) }).handle(request("search we"));
    expect(reply.kind).toBe("search");
    expect(quotesOf(reply)).toHaveLength(5);
    expect(quotesOf(reply)[0]?.citation).toBe("the employees' letter, ¶10");
  });

  it("tells what the article is about", async () => {
    const reply = await bot.handle(request("about"));
    expect(reply).toMatchObject({ kind: "about", visibility: "public" });
    const text = JSON.stringify(reply);
    for (const fact of ["Sean Keane", "CNET", "2018", "June 22 at 7:20 a.m. PT", "/letter help"])
      expect(text).toContain(fact);
  });

  it("shows a paragraph with its neighbours", async () => {
    const reply = await bot.handle(request("context 11"));
    expect(reply.kind).toBe("context");
    expect(quotesOf(reply).map((q) => q.paragraph)).toEqual([10, 11, 12]);
    const edge = await bot.handle(request("context 1"));
    expect(quotesOf(edge).map((q) => q.paragraph)).toEqual([1, 2]);
  });

  it("explains the paragraph range for a bad context number", async () => {
    for (const text of ["context", "context 0", "context 21", "context eleven"]) {
      const reply = await bot.handle(request(text));
      expect(reply).toMatchObject({ kind: "error", visibility: "private" });
      expect(textOf(reply)).toContain("from 1 to 20");
    }
  });

  it("says daily quotes are unavailable when no daily module is configured", async () => {
    const reply = await bot.handle(request("daily on"));
    expect(reply).toMatchObject({ kind: "error", visibility: "private" });
  });

  it("passes daily subcommands to the daily module with the request's channel", async () => {
    const seen: string[] = [];
    const daily = {
      handle: async (args: string, req: { where: { channel: string } }) => {
        seen.push(`${args}@${req.where.channel}`);
        return {
          kind: "daily",
          visibility: "private",
          blocks: [],
          suggestions: [],
          summary: "ok",
        } as BotReply;
      },
    };
    await makeBot({ daily }).handle(request("daily on 08:30 Europe/Berlin"));
    expect(seen).toEqual(["on 08:30 Europe/Berlin@general"]);
  });
});

describe("bad input", () => {
  const bot = makeBot();

  it("refuses a question over 1,000 characters with a clear message", async () => {
    const reply = await bot.handle(request(`ask ${"why ".repeat(300)}`));
    expect(reply).toMatchObject({ kind: "error", visibility: "private" });
    expect(reply.summary).toContain("1,000 characters");
  });

  it("answers no question over 1,000 characters, however it is asked", () => {
    expect(bot.ask(`who is palantir ${"x".repeat(1000)}`)).toMatchObject({ answered: false, quotes: [] });
    expect(bot.ask(`who is palantir${" ".repeat(2000)}`).answered).toBe(true);
  });

  it("strips control and bidirectional-override characters before parsing", async () => {
    const reply = await bot.handle(request("\u202Edem\u0000ands\u2066 2"));
    expect(reply.kind).toBe("demands");
    const clean = await bot.handle(request("\u202Edemands\u2069 2\u0007"));
    expect(clean.kind).toBe("demands");
  });

  it("replies politely instead of throwing when the engine fails", async () => {
    const engine: AnswerEngine = {
      ask: () => {
        throw new Error("boom");
      },
      search: () => [],
      learn: () => NO_LEARNED,
      explain: () => {
        throw new Error("boom");
      },
    };
    const reply = await makeBot({ engine }).handle(request("ask anything"));
    expect(reply).toMatchObject({ kind: "error", visibility: "private" });
  });
});

describe("threads", () => {
  const inThread = (text: string, thread: string, channel = "general") =>
    request(text, { source: "mention", thread, where: { platform: "slack", workspace: "T1", channel } });
  /** Resolves once the bot's keeping of a turn, which does not delay the reply, has run. */
  const settled = () => new Promise((resolve) => setTimeout(resolve, 10));

  it("reads a follow-up with its thread's earlier question, and says what it filled in", async () => {
    const bot = makeBot({ threads: createMemoryStore() as ThreadMemory });
    await bot.handle(inThread("what is rekognition?", "1700000000.000100"));
    await settled();
    const reply = await bot.handle(inThread("who sells it?", "1700000000.000100"));
    expect(textOf(reply)).toContain("Taking this to be about Rekognition:");
    expect(quotesOf(reply)[0]?.text).toContain("selling AWS Rekognition");
    // Another thread, or another channel's thread of the same id, knows nothing of it.
    const elsewhere = await bot.handle(inThread("who sells it?", "1700000000.000100", "random"));
    expect(textOf(elsewhere)).not.toContain("Taking this to be about");
  });

  it("keeps what was quoted, so 'the second one' after the demands is the second demand", async () => {
    const memory = createMemoryStore() as ThreadMemory;
    const bot = makeBot({ threads: memory });
    await bot.handle(inThread("demands", "t2"));
    await settled();
    const key = { platform: "slack" as const, workspace: "T1", channel: "general", thread: "t2" };
    const [turn] = await memory.threadTurns(key);
    expect(turn?.question).toBe("demands");
    expect(turn?.quoted).toEqual(expect.arrayContaining(article.demands.map((d) => d.id)));
    const reply = await bot.handle(inThread("the second one?", "t2"));
    expect(quotesOf(reply)[0]?.text).toBe(article.demands[1]?.text);
  });

  it("answers alone when the thread cannot be read", async () => {
    const failing: ThreadMemory = {
      threadTurns: () => Promise.reject(new Error("store down")),
      addThreadTurn: () => Promise.reject(new Error("store down")),
    };
    const errors: unknown[] = [];
    const bot = makeBot({ threads: failing, onError: (err) => errors.push(err) });
    const reply = await bot.handle(inThread("who wrote the letter?", "t3"));
    expect(reply.kind).toBe("answer");
    await settled();
    expect(errors.map(String)).toEqual([
      "Error: reading or keeping a thread failed: store down",
      "Error: reading or keeping a thread failed: store down",
    ]);
  });
});
