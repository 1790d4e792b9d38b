import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createAnswerEngine, type Quote } from "../../../src/core/index.js";
import { article, lexicon, seedText as seed } from "../../helpers.js";

/** Errors inside the engine fail the test instead of reading as "the article doesn't say". */
const engine = createAnswerEngine(article, {
  lexicon,
  onError: (err) => {
    throw err;
  },
});

const words = fc.constantFrom(
  "how many",
  "who",
  "when",
  "what is",
  "Rekognition",
  "rekogniton",
  "U.N.",
  "2,000",
  "1940s",
  "demands",
  "the",
  "constructor",
  "__proto__",
  "ICE",
  "kids",
  "💥",
  "",
);
const input = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: "grapheme", maxLength: 60 }),
  fc.array(fc.oneof(words, fc.string({ maxLength: 10 })), { maxLength: 10 }).map((w) => w.join(" ")),
);

function checkVerbatim(quote: Quote): void {
  expect(article.text.slice(quote.start, quote.end)).toBe(quote.text);
  expect(seed).toContain(quote.text);
  for (const word of quote.matched) expect(quote.text).toContain(word);
}

describe("any input", () => {
  it("ask and search return without throwing, and every quote is verbatim article text", () => {
    fc.assert(
      fc.property(input, fc.integer({ min: -2, max: 6 }), (text, limit) => {
        const answer = engine.ask(text, limit);
        // A non-answer quotes nothing, or its closest passages, as many as an answer may.
        if (!answer.answered)
          expect(answer.quotes.length).toBeLessThanOrEqual(
            answer.match === "closest" ? Math.max(1, Math.floor(limit) || 1) : 0,
          );
        for (const quote of answer.quotes) checkVerbatim(quote);
        for (const quote of engine.search(text, limit)) checkVerbatim(quote);
      }),
      { numRuns: 400 },
    );
  });
});
