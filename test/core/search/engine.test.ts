import { describe, expect, it } from "vitest";
import { createAnswerEngine } from "../../../src/core/index.js";
import { article } from "../../helpers.js";

const engine = createAnswerEngine(article);
const top = (question: string) => engine.ask(question).quotes[0]?.text ?? "";

describe("ranking", () => {
  it("finds a passage from a paraphrase that shares none of its words", () => {
    expect(top("militarized cops")).toContain("militarization of police");
    expect(top("who gets harmed")).toContain("harm the most marginalized");
    expect(top("what did US authorities do to kids")).toContain("tore children away from their parents");
  });

  it("answers how-many questions with the number that counts the thing asked about", () => {
    expect(top("how many kids were sent to detention")).toContain("nearly 2,000 children");
    expect(top("how many groups signed the petition")).toContain("nearly 70 groups");
    expect(top("how many individuals signed")).toContain("150,000 individuals");
  });

  it("answers when-questions with a passage that gives a date", () => {
    expect(top("since when has homeland security been separating families")).toContain("April 19, 2018");
    expect(top("when did the ACLU deliver the petition")).toContain("on Monday");
  });

  it("answers who- and what-is questions with a passage that names or defines", () => {
    expect(top("who runs on AWS")).toContain("Palantir runs on AWS");
    expect(top("what is AWS Rekognition")).toContain("a powerful facial recognition technology");
  });

  it("reads numbers written without separators and decades by their year", () => {
    expect(top("2000 children")).toContain("2,000 children");
    expect(top("IBM 1940")).toContain("1940s");
  });

  it("returns all the demands, in order, when asked what the letter wants", () => {
    const answer = engine.ask("what do the employees want");
    expect(answer.list).toBe("demands");
    expect(answer.quotes.map((q) => q.text)).toEqual(article.demands.map((d) => d.text));
  });

  it("keeps quotes focused on one or two sentences", () => {
    for (const q of engine.ask("what did they say about ICE and DHS").quotes) {
      expect(q.text.length).toBeLessThanOrEqual(400);
    }
  });
});

describe("typos", () => {
  it("finds the passage despite a misspelt word", () => {
    expect(top("rekogniton police")).toContain("Rekognition");
    expect(top("palantier")).toContain("Palantir");
    expect(top("survelliance business")).toContain("surveillance business");
  });
});

describe("matched words", () => {
  it("lists the words of the quote that matched, spelled as in the quote", () => {
    const quote = engine.ask("kids sent to detention by homeland security").quotes[0];
    expect(quote?.matched).toEqual(expect.arrayContaining(["children", "detention", "Homeland", "Security"]));
    for (const word of quote?.matched ?? []) expect(quote?.text).toContain(word);
  });
});

describe("abstention", () => {
  it.each([
    "what's the weather?",
    "tell me a joke",
    "how do I cook pasta",
    "zxcvb",
    "what is the meaning of life",
    "what is the",
  ])("does not quote anything for an off-topic question: %s", (question) => {
    expect(engine.ask(question)).toEqual({ answered: false, quotes: [] });
  });

  it.each([
    "how many employees does Amazon have",
    "how much does Rekognition cost",
    "when was Amazon founded",
    "what does Bezos think about the weather",
  ])("does not quote anything when the article mentions the words but not the answer: %s", (question) => {
    expect(engine.ask(question)).toEqual({ answered: false, quotes: [] });
  });
});

describe("questions about the article itself", () => {
  it("answers from the metadata, with the body's own line when it has one", () => {
    expect(engine.ask("who is the author").facts?.[0]).toBe(
      "The article is by Sean Keane, a former senior writer at CNET.",
    );
    const updated = engine.ask("when was this story updated?");
    expect(updated.facts?.[0]).toContain("June 22 at 7:20 a.m. PT");
    expect(updated.quotes[0]?.text).toContain("Updated June 22 at 7:20 a.m. PT");
    expect(engine.ask("who first reported the letter").quotes[0]?.text).toContain(
      "first reported by Gizmodo",
    );
  });

  it("treats a question about the letter's writers as a question about the letter", () => {
    expect(engine.ask("who wrote the letter").facts).toBeUndefined();
  });
});

describe("search", () => {
  it("lists passages containing the words, best first, without abstaining on partial matches", () => {
    const hits = engine.search("palantir", 3);
    expect(hits).toHaveLength(3);
    for (const hit of hits) expect(hit.text).toContain("Palantir");
    expect(engine.search("", 5)).toEqual([]);
  });
});
