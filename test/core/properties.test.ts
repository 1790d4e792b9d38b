import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { article, makeBot, quotesOf, request, seedText } from "../helpers.js";

/** Words from the article and the command language, so generated input often hits real paths. */
const words = fc.constantFrom(
  "demands",
  "ask",
  "quote",
  "search",
  "context",
  "about",
  "help",
  "daily",
  "who",
  "what",
  "how many",
  "Palantir",
  "ICE",
  "children",
  "Rekognition",
  "police",
  "Bezos",
  "2,000",
  "1940s",
  "U.N.",
  "🙂",
  "東京",
  "\u202E",
  "\u0000",
);
const input = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: "grapheme", maxLength: 100 }),
  fc.array(fc.oneof(words, fc.string({ maxLength: 8 })), { maxLength: 12 }).map((w) => w.join(" ")),
);

describe("any input", () => {
  const bot = makeBot();

  it("gets a reply, and every quote in it is verbatim article text", async () => {
    await fc.assert(
      fc.asyncProperty(input, async (text) => {
        const reply = await bot.handle(request(text));
        expect(reply.blocks.length).toBeGreaterThan(0);
        for (const q of quotesOf(reply)) {
          expect(article.text.slice(q.start, q.end)).toBe(q.text);
          expect(seedText).toContain(q.text);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("never makes ask throw; an answer carries a quote or a fact, a non-answer at most the closest passages", () => {
    fc.assert(
      fc.property(input, (text) => {
        const answer = bot.ask(text);
        if (answer.answered) expect(answer.quotes.length + (answer.facts?.length ?? 0)).toBeGreaterThan(0);
        else {
          expect(answer.facts ?? []).toEqual([]);
          if (answer.match === "closest") expect(answer.quotes.length).toBeGreaterThan(0);
          else expect(answer.quotes).toEqual([]);
          expect(answer.quotes.length).toBeLessThanOrEqual(3);
        }
      }),
      { numRuns: 300 },
    );
  });
});
