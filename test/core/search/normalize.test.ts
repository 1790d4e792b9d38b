import { describe, expect, it } from "vitest";
import { analyzeQuery, analyzeText } from "../../../src/core/search/analyze.js";
import { tokenize } from "../../../src/core/search/normalize.js";
import { CONCEPTS, findConcepts } from "../../../src/core/search/synonyms.js";

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

  it("drops possessives and stems word forms, irregular ones included", () => {
    expect(stems("ACLU's")).toEqual(["aclu"]);
    expect(stems("selling sells sold")).toEqual(["sell", "sell", "sell"]);
    expect(stems("wrote writes")).toEqual(["write", "write"]);
    expect(stems("children")).toEqual(["child"]);
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

  it("does not let an engineer stand for an engine", () => {
    expect(stems("engineers")).toEqual(["engineer"]);
    expect(stems("engine")).not.toEqual(stems("engineer"));
  });

  it("keeps the offsets of every word so the exact spelling can be shown", () => {
    const text = "the U.N. said 2,000 and didn't";
    for (const t of tokenize(text)) expect(text.slice(t.start, t.end)).toBe(t.surface);
  });
});

describe("synonyms", () => {
  it("maps phrases and words of one idea to one concept", () => {
    const ids = (text: string) => findConcepts(tokenize(text)).map((h) => h.concept);
    expect(ids("kids")).toContain("child");
    expect(ids("children")).toContain("child");
    expect(ids("cops")).toContain("police");
    expect(ids("law enforcement")).toContain("police");
    expect(ids("Immigration and Customs Enforcement")).toContain("ice");
    expect(ids("Department of Homeland Security")).toContain("dhs");
    expect(ids("United Nations")).toContain("un");
    expect(ids("U.N.")).toContain("un");
    expect(ids("facial recognition")).toContain("rekognition");
    expect(ids("boss")).toContain("bezos");
    expect(ids("staff")).toContain("employees");
  });

  it("knows that ICE is a government agency, so a question about agencies finds it", () => {
    const keys = analyzeText("enable ICE and DHS").keys;
    expect(keys.has("~agency")).toBe(true);
    expect(keys.has("~government")).toBe(true);
  });

  it("never puts one stem in two groups, which would join unrelated ideas", () => {
    const owner = new Map<string, string>();
    for (const group of CONCEPTS) {
      for (const words of group.words) {
        const key = stems(words).join(" ");
        const other = owner.get(key);
        if (other && other !== group.id) throw new Error(`"${words}" is in both ${other} and ${group.id}`);
        owner.set(key, group.id);
      }
    }
  });
});

describe("analyzeQuery", () => {
  it("removes stop words, so 'what is the' has nothing to match", () => {
    expect(analyzeQuery("what is the").terms).toEqual([]);
    expect(analyzeQuery("what is the ACLU petition").terms.map((t) => t.text)).toEqual(["aclu", "petition"]);
  });

  it("reads a phrase from the synonym table as one term", () => {
    const terms = analyzeQuery("who told law enforcement").terms;
    expect(terms.map((t) => t.text)).toEqual(["law enforcement"]);
  });
});
