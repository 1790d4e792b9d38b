import { describe, expect, it } from "vitest";
import { createCorrector, questionWordSlip, slipKind, slips } from "../../../src/core/search/spelling.js";

describe("slips", () => {
  it("counts a letter added, dropped, changed, or two swapped as one slip", () => {
    expect(slips("demands", "demnads", 2)).toBe(1);
    expect(slips("waht", "what", 2)).toBe(1);
    expect(slips("leter", "letter", 2)).toBe(1);
    expect(slips("civl", "civil", 2)).toBe(1);
    expect(slips("cat", "dog", 1)).toBe(2);
  });
});

describe("createCorrector", () => {
  const known = (w: string) => ["rote", "cat"].includes(w);
  const ranks: Record<string, number> = { kids: 900, kid: 700, later: 300 };
  const english = (word: string) => ranks[word];
  const corrector = createCorrector(["letter", "demands", "what"], known, english);

  it("reads a misspelt word as the nearest word of the article or of requests", () => {
    expect(corrector.correct("demnads")).toBe("demands");
    expect(corrector.correct("waht")).toBe("what");
    // "letter" is one slip away and listed first, so it wins over the English word "later".
    expect(corrector.correct("leter")).toBe("letter");
  });

  it("of words as many slips away, takes the likelier slip: a swap, then a dropped letter", () => {
    expect(slipKind("waht", "what")).toBe(0);
    expect(slipKind("wher", "where")).toBe(1);
    expect(slipKind("wherre", "where")).toBe(2);
    expect(slipKind("wher", "when")).toBe(3);
    // "wait" and "when" come first in the list, yet the likelier slip wins.
    const listed = createCorrector(["wait", "when", "what", "where"], () => false);
    expect(listed.correct("waht")).toBe("what");
    expect(listed.correct("wher")).toBe("where");
  });

  it("falls back to the most common near English word", () => {
    expect(corrector.correct("kidz")).toBe("kid");
  });

  it("reads a first sound spelt another way as the word that matters here", () => {
    const sounds = createCorrector(["photographer", "written"], () => false, english);
    expect(sounds.correct("fotographer")).toBe("photographer");
    expect(sounds.correct("ritten")).toBe("written");
    // Only the article's and the requests' words are aimed at: a name stays as it is.
    const jetty = (w: string) => (w === "jetty" ? 1 : undefined);
    expect(createCorrector(["letter"], () => false, jetty).correct("getty")).toBeUndefined();
  });

  it("reads a rare English word as a word that matters here that it sounds like", () => {
    const ranks: Record<string, number> = { rote: 38_471, new: 50 };
    const heard = createCorrector(
      ["wrote", "knew"],
      (w) => w in ranks,
      (w) => ranks[w],
    );
    expect(heard.correct("rote")).toBe("wrote");
    // A common word is meant as written.
    expect(heard.correct("new")).toBeUndefined();
  });

  it("leaves known words, numbers, short words and far words alone", () => {
    expect(corrector.correct("rote")).toBeUndefined();
    expect(corrector.correct("2nd")).toBeUndefined();
    expect(corrector.correct("xy")).toBeUndefined();
    expect(corrector.correct("zebra")).toBeUndefined();
  });

  it("leaves a string too long to be a word alone, and does so quickly", () => {
    const asked: string[] = [];
    const watching = createCorrector(
      ["letter"],
      () => false,
      (w) => {
        asked.push(w);
        return undefined;
      },
    );
    expect(watching.correct("a".repeat(1000))).toBeUndefined();
    expect(asked).toEqual([]);
    // A long word still gets its slips weighed.
    expect(watching.correct("responsibilitys")).toBeUndefined();
    expect(asked.length).toBeGreaterThan(100);
  });
});

describe("questionWordSlip", () => {
  const ranks = new Map([
    ["wen", 5_341],
    ["hoe", 41_126],
    ["then", 60],
    ["were", 40],
  ]);
  const rank = (word: string) => ranks.get(word);

  it("reads a rare first word one slip from a question word, before what follows one, as that word", () => {
    expect(questionWordSlip("wen", "was", rank)).toBe("when");
    expect(questionWordSlip("hoe", "did", rank)).toBe("how");
    expect(questionWordSlip("hw", "many", rank)).toBe("how");
  });

  it("leaves common words, other openings and ties alone", () => {
    expect(questionWordSlip("then", "was", rank)).toBeUndefined();
    expect(questionWordSlip("were", "did", rank)).toBeUndefined();
    expect(questionWordSlip("wen", "the", rank)).toBeUndefined();
    expect(questionWordSlip("wen", undefined, rank)).toBeUndefined();
    expect(questionWordSlip("when", "was", rank)).toBeUndefined();
    // "wha" is as near "what" as "who" and "why" by a changed letter, but a dropped one is likelier.
    expect(questionWordSlip("wha", "is", rank)).toBe("what");
    // "wh" is a letter short of "who" and of "why" alike: neither is likelier.
    expect(questionWordSlip("wh", "is", rank)).toBeUndefined();
  });
});
