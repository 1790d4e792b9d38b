import { describe, expect, it } from "vitest";
import { numberKeys, tokenize } from "../../../src/core/search/normalize.js";

const stems = (text: string) => tokenize(text).map((t) => t.stem);

describe("tokenize", () => {
  it("reads 2,000 and 2000 as the same number, and number words as digits", () => {
    expect(stems("nearly 2,000 children")).toContain("2000");
    expect(stems("2000")).toEqual(["2000"]);
    expect(stems("two thousand")).toEqual(["2000"]);
    expect(stems("150k people")[0]).toBe("150000");
  });

  it("keeps dates apart rather than multiplying them", () => {
    expect(stems("April 19, 2018")).toEqual(["april", "19", "2018"]);
  });

  it("drops the dots of abbreviations and tells the country US from the pronoun us", () => {
    expect(tokenize("U.N. Refugee Agency")[0]?.norm).toBe("un");
    expect(tokenize("U.S. authorities")[0]?.norm).toBe("usa");
    expect(tokenize("the U.S.'s treatment")[1]?.norm).toBe("usa");
    expect(tokenize("US policy")[0]?.norm).toBe("usa");
    expect(tokenize("tell us")[1]?.norm).toBe("us");
    expect(tokenize("AWS")[0]?.norm).toBe("aws");
  });

  it("drops possessives and stems regular word forms (irregular ones meet through the lexicon)", () => {
    expect(stems("ACLU's")).toEqual(["aclu"]);
    expect(stems("selling sells")).toEqual(["sell", "sell"]);
    expect(stems("writes writing")).toEqual(["write", "write"]);
  });

  it("reads an ordinal as a word of order, not an amount", () => {
    expect(tokenize("the 2nd demand")[1]).toMatchObject({ norm: "2nd", number: false });
  });

  it("lets a decade answer to its short form and its first year", () => {
    const [decade] = tokenize("the 1940s").slice(1);
    expect(decade && numberKeys(decade)).toEqual(["1940s", "40s", "1940"]);
  });

  it("reads contractions as the two words they stand for, with or without the apostrophe", () => {
    expect(stems("won't")).toEqual(["will", "not"]);
    expect(stems("don't dont")).toEqual(["do", "not", "do", "not"]);
    expect(stems("can't isn't didn't")).toEqual(["can", "not", "is", "not", "did", "not"]);
    expect(stems("what's they're")).toEqual(["what", "is", "thei", "ar"]);
    expect(stems("the company's")).toEqual(["the", "compani"]);
  });

  it("keeps a contraction's whole spelling on both its words, so it is shown whole", () => {
    const [, will, not] = tokenize("we won’t");
    expect(will?.surface).toBe("won’t");
    expect(not).toMatchObject({ surface: "won’t", start: 3, end: 8, norm: "not" });
  });

  it("keeps the offsets of every word so the exact spelling can be shown", () => {
    const text = "the U.N. said 2,000 and didn't";
    for (const t of tokenize(text)) expect(text.slice(t.start, t.end)).toBe(t.surface);
  });
});
