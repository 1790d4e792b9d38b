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
    expect(top("how many organizations signed a letter against face recognition")).toContain(
      "over 40 civil rights organizations",
    );
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

describe("contractions", () => {
  it("reads a contraction in a question as its two words", () => {
    expect(top("what won't the employees build")).toContain(
      "We refuse to build the platform that powers ICE",
    );
    expect(top("what don't they have to wait for")).toContain("We don't have to wait");
    expect(top("what didn't IBM do")).toContain("IBM did not take responsibility");
  });
});

describe("position questions", () => {
  it("answers how the letter or the article starts and ends with its first or last sentence", () => {
    expect(top("how does the letter begin")).toBe("Dear Jeff,");
    expect(top("what is the opening line of the employees' letter")).toBe("Dear Jeff,");
    expect(top("how did the workers conclude their letter to Bezos")).toContain(
      "Our company should not be in the surveillance business",
    );
    expect(top("what is the last line of the letter")).toContain("we should not be in the policing business");
    expect(top("how does the article start")).toContain("Amazon workers reportedly wrote to their boss");
  });

  it("reads ending words as ordinary words when the question asks about more than the letter's ends", () => {
    expect(top("what did Google employees end")).toContain("to end the company's role");
    expect(engine.ask("how does a car engine start").answered).toBe(false);
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
    "who is the CEO of Google",
    "who is the CEO of Palantir",
    "what is the population of the United States",
    "tell me about the population of Canada",
    "when did Google start",
  ])("does not quote anything when the article mentions the words but not the answer: %s", (question) => {
    expect(engine.ask(question)).toEqual({ answered: false, quotes: [] });
  });
});

describe("the letter's own words", () => {
  it("reads 'our company' in the letter as Amazon", () => {
    expect(top("what businesses does the letter say amazon shouldn't be in")).toContain(
      "Our company should not be in the surveillance business",
    );
  });

  it("finds a demand by its place in the list", () => {
    expect(top("what is the final demand")).toBe(article.demands[2]?.text);
    expect(top("what's the second demand")).toBe(article.demands[1]?.text);
    expect(engine.ask("what is the fourth demand").answered).toBe(false);
  });
});

describe("what a match must rest on", () => {
  it("answers 'what is the X of Y' with a passage saying X of Y, the cast's own word included", () => {
    expect(top("who is the CEO of Amazon")).toContain("CEO Jeff Bezos");
    expect(top("what's the role of technology in society")).toContain("Technology like ours is playing");
  });

  it("still answers on one word of the question when the passage uses that very word", () => {
    expect(top("what happened to the children at the border")).toContain("tore children away");
  });

  it("answers a when-question only with a passage that places something in time", () => {
    expect(top("when should they act")).toBe("The time to act is now.");
    expect(top("when did IBM help Hitler")).toContain("1940s");
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
