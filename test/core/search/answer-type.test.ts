import { describe, expect, it } from "vitest";
import { expectationOf } from "../../../src/core/search/answer-type.js";

const acronyms = new Set(["nasa", "uk"]);
const read = (q: string) => expectationOf(q, acronyms);

describe("expectationOf", () => {
  it("asks for a count of the thing named after 'how many', up to its verb", () => {
    expect(read("how many hospital nurses signed the letter")).toMatchObject({
      type: "count",
      focus: ["hospital", "nurses"],
      head: "nurses",
    });
  });

  it("ends what is counted at a verb, a pronoun or an adverb", () => {
    expect(read("how many safety reports mention short staffing")).toMatchObject({
      focus: ["safety", "reports"],
      head: "reports",
    });
    expect(read("how many kids r we talking here")).toMatchObject({ focus: ["kids"], head: "kids" });
    expect(read("how many hours ahead can it predict")).toMatchObject({ head: "hours" });
    // "People" tells nothing of what a number counts.
    expect(read("how many regular people put their names on it").head).toBeUndefined();
  });

  it("tells an amount, an age and a length of time from a count", () => {
    expect(read("how much money did they pay").type).toBe("amount");
    expect(read("what percentage of staff signed").type).toBe("amount");
    expect(read("how old is the mayor").type).toBe("age");
    expect(read("how long has the market been open").type).toBe("duration");
  });

  it("asks for a date only when 'when' opens a question, not in a clause", () => {
    expect(read("when did they write it").type).toBe("date");
    expect(read("what year was it").type).toBe("date");
    expect(read("did the council respond when asked").type).toBe("any");
  });

  it("reads who a question asks to have responded, and no one for the text itself", () => {
    expect(read("how did the mayor's office react to the letter").speaker).toEqual(["mayor", "office"]);
    expect(read("did the bakery say anything when contacted").speaker).toEqual(["bakery"]);
    expect(read("any comment from the council?").speaker).toEqual(["council"]);
    expect(read("what's the council's response").speaker).toEqual(["council"]);
    expect(read("what did the letter say about parking").speaker).toBeUndefined();
    expect(read("what did they say about parking").speaker).toBeUndefined();
  });

  it("reads 'what kind of X' as asking which X, about X and not about kinds", () => {
    expect(read("what kind of support do the bakers want")).toMatchObject({
      type: "instance",
      focus: ["support"],
      text: "what support do the bakers want",
    });
  });

  it("reads who, which, why, where and the name of something", () => {
    expect(read("who signed it").type).toBe("person");
    expect(read("who is the mayor of the town")).toMatchObject({
      type: "person",
      focus: ["mayor", "of", "the", "town"],
    });
    expect(read("which agency did it")).toMatchObject({ type: "instance", focus: ["agency"] });
    expect(read("why did they write")).toMatchObject({ type: "reason" });
    expect(read("where is it based").type).toBe("place");
    expect(read("what was the program called").type).toBe("name");
  });

  it("asks for a person only when 'who' is asked, not when it opens a relative clause", () => {
    expect(read("what protection do they want for nurses who turn down a shift").type).toBe("any");
    expect(read("how does the letter describe the agents who deport people").type).toBe("any");
    expect(read("what was the letter signed by, and by whom").type).toBe("person");
    expect(read("what is this, tell me who wrote it").type).toBe("person");
    expect(read("the bakers wrote to who").type).toBe("person");
  });

  it("expands only the acronyms it knows", () => {
    expect(read("what does nasa stand for")).toMatchObject({
      type: "expansion",
      focus: ["nasa"],
      text: "what does nasa for",
    });
    expect(read("what does xyz stand for").type).not.toBe("expansion");
  });

  it("reads a definition, also of what something is or does", () => {
    expect(read("what is a float pool")).toMatchObject({ type: "definition", focus: ["float", "pool"] });
    expect(read("what kind of company is acme")).toMatchObject({ type: "definition", focus: ["acme"] });
    expect(read("what does acme do")).toMatchObject({ type: "definition", focus: ["acme"] });
  });

  it("reads the same question whether or not it names where the answer is", () => {
    expect(read("what is acme, according to the article?")).toMatchObject({
      type: "definition",
      focus: ["acme"],
    });
    expect(read("what does acme do per the letter")).toMatchObject({ type: "definition", focus: ["acme"] });
    expect(read("who is the mayor of riverside according to this?")).toMatchObject({
      type: "person",
      focus: ["mayor", "of", "riverside"],
    });
  });

  it("marks claims and yes/no questions, and takes the claim's words apart from its markers", () => {
    expect(read("someone said the mayor resigned. true?")).toMatchObject({
      claim: true,
      yesNo: true,
      text: "the mayor resigned.",
    });
    expect(read("is the market open")).toMatchObject({ claim: false, yesNo: true });
    expect(read("what do they say about the market").claim).toBe(false);
  });
});
