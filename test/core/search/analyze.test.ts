import { describe, expect, it } from "vitest";
import { createAnalyzer, NEGATED_STRENGTH } from "../../../src/core/search/analyze.js";
import { buildKnowledge } from "../../../src/core/search/knowledge.js";
import { stemWord, tokenize } from "../../../src/core/search/normalize.js";
import { article, lexicon } from "../../helpers.js";

const analyzer = createAnalyzer(lexicon, buildKnowledge(article));

/** The keys the analyzer gives the word `word` of `text`. */
function keysOf(text: string, word: string): Map<string, number> {
  const { tokens, tokenKeys } = analyzer.analyze(text);
  const at = tokens.findIndex((t) => t.norm === word);
  return tokenKeys[at] ?? new Map();
}

describe("createAnalyzer", () => {
  it("reads a negated adjective as its opposite: 'not safe' says 'unsafe'", () => {
    expect(keysOf("our units are not safe", "safe").get(stemWord("unsafe"))).toBe(NEGATED_STRENGTH);
    expect(keysOf("the policy is never fair", "fair").get(stemWord("unfair"))).toBe(NEGATED_STRENGTH);
    expect(keysOf("the sale is not legal", "legal").get(stemWord("illegal"))).toBe(NEGATED_STRENGTH);
    expect(keysOf("it isn't clear", "clear").get(stemWord("unclear"))).toBe(NEGATED_STRENGTH);
  });

  it("finds the phrasal verb a verb and its particle make, in any form of the verb", () => {
    const phrase = (text: string, word: string) => {
      const tokens = tokenize(text);
      return analyzer.phraseAt(
        tokens,
        tokens.findIndex((t) => t.norm === word),
      );
    };
    expect(phrase("the nurses turned down the offer", "turned")).toBe("turn_down");
    expect(phrase("did the ceo step down", "step")).toBe("step_down");
    expect(phrase("the ceo stepped down", "stepped")).toBe("step_down");
    expect(phrase("they gave up on it", "gave")).toBe("give_up");
    expect(phrase("the nurses turned the offer down", "turned")).toBeUndefined();
    expect(phrase("they walked down the street", "walked")).toBeUndefined();
  });

  it("leaves alone a word no negation comes before, and words that are no opposite", () => {
    expect(keysOf("our units are safe", "safe").has(stemWord("unsafe"))).toBe(false);
    // "inform" is no opposite of the verb "form", nor "discover" of "cover".
    expect(keysOf("they did not form a group", "form").has(stemWord("inform"))).toBe(false);
    expect(keysOf("we did not cover it", "cover").has(stemWord("discover"))).toBe(false);
  });
});
