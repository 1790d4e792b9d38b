import { describe, expect, it } from "vitest";
import {
  type AnswerEngine,
  type Article,
  compileExamples,
  createAnswerEngine,
  parseArticle,
  parseExamples,
  readExampleSet,
} from "../../../src/core/index.js";
import { article, lexicon } from "../../helpers.js";

/** An engine whose internal errors fail the test instead of reading as "the article doesn't say". */
const engineFor = (a: Article): AnswerEngine =>
  createAnswerEngine(a, {
    lexicon,
    onError: (err) => {
      throw err;
    },
  });

const market = parseArticle(`---
title: Bakers ask mayor to keep the night market open
author: Ana Lima
outlet: Town Crier
image:
  credit: Jo Park, Town Crier
---

## report

Bakers from the Riverside night market wrote to Mayor Tom Reyes on Friday asking him to reverse the closure.

The market has run every Thursday since 2009 and draws about 3,000 visitors a night. Its stalls pay the city a small fee.

## letter

Dear Mayor Reyes,

Closing the market would cost 40 small businesses their best night.

We ask you to:

## demands

- Keep the night market open until the end of the year
`);

const faq = parseExamples(
  `answers:
  - passage: "draws about 3,000 visitors a night"
    questions:
      - how packed does it get
      - is it busy on market evenings
      - what is the crowd like
  - passage: "cost 40 small businesses"
    questions:
      - who loses out if it shuts
      - what happens to the vendors if it closes
  - fact: image.credit
    questions:
      - who snapped the picture
unanswered:
  - how much rent do the stalls pay
  - who owns the parking lot next door
`,
  market,
);
const withExamples = engineFor({ ...market, faq });
const alone = engineFor(market);

describe("answering through example questions", () => {
  it("answers a question worded like an example with its sentence, though they share no word", () => {
    const question = "how packed does it get on a thursday";
    expect(alone.ask(question).answered).toBe(false);
    const answer = withExamples.ask(question);
    expect(answer).toMatchObject({ answered: true, match: "answer" });
    expect(answer.quotes[0]?.text).toContain("about 3,000 visitors a night");
    expect(withExamples.ask("what happens to the stallholders if it closes").quotes[0]?.text).toContain(
      "40 small businesses",
    );
  });

  it("declines a question most like one the article does not answer, quoting nothing", () => {
    const answer = withExamples.ask("how much rent do the stalls pay each month?");
    expect(answer).toMatchObject({ answered: false, match: "none", quotes: [] });
    // Without that example the sentence about the fee is offered.
    expect(alone.ask("how much rent do the stalls pay each month?").quotes[0]?.text).toContain("small fee");
  });

  it("answers an example filed under a front-matter fact with that fact", () => {
    const answer = withExamples.ask("who snapped the picture?");
    expect(answer.answered).toBe(true);
    expect(answer.facts?.[0]).toContain("Jo Park, Town Crier");
  });

  it("tells apart questions that share their words but ask something else", () => {
    // Most of what it asks is in neither an example nor its sentence.
    expect(withExamples.ask("what is the crowd like at the stadium").answered).toBe(false);
    expect(withExamples.ask("what is the crowd like").answered).toBe(true);
  });

  it("reads a request worded like an example of another passage as a question about that passage", () => {
    // A request for who wrote the letter, answered from the article's structure.
    expect(alone.explain("who wrote the letter?").intent).toEqual({ kind: "request", name: "sender" });
    expect(alone.ask("who wrote the letter?").quotes[0]?.text).toContain(
      "Bakers from the Riverside night market wrote",
    );
    const filed = parseExamples(
      `answers:
  - passage: "cost 40 small businesses"
    questions: [who wrote the letter]
`,
      market,
    );
    const answer = engineFor({ ...market, faq: filed }).ask("who wrote the letter?");
    expect(answer.quotes[0]?.text).toContain("40 small businesses");
  });

  it("shows the examples a question matched when explained", () => {
    const explained = withExamples.explain("how packed does it get");
    expect(explained.examples[0]).toMatchObject({
      text: "how packed does it get",
      answeredBy: "p2.s1",
      match: 1,
    });
  });

  it("answers the same from compiled examples as from the examples file", () => {
    const set = readExampleSet({ ...market, faq }, lexicon);
    const compiled = JSON.parse(JSON.stringify(compileExamples(set, market, "digest")));
    const fromCompiled = engineFor({ ...market, faqCompiled: compiled });
    for (const question of [
      "how packed does it get on a thursday",
      "how much rent do the stalls pay each month?",
      "who snapped the picture?",
      "who wrote to the mayor",
    ])
      expect(fromCompiled.ask(question), question).toEqual(withExamples.ask(question));
  });
});

describe("the article's own example questions", () => {
  it("decline what the article does not say, and answer how people ask", () => {
    const engine = engineFor(article);
    expect(engine.ask("how many amazon employees signed the letter").answered).toBe(false);
    expect(engine.ask("which cloud does palantir run on").quotes[0]?.text).toBe(
      "We also know that Palantir runs on AWS.",
    );
  });

  it("tell a question about someone they name from one that names no one, or someone else", () => {
    const engine = engineFor(article);
    // An unanswered example asks about another company's CEO: the article's own CEO is still answered.
    expect(engine.ask("who is the ceo").quotes[0]?.text).toContain("CEO Jeff Bezos");
    expect(engine.ask("who is palantir's ceo").answered).toBe(false);
    expect(engine.ask("how did amazon respond to the letter").quotes[0]?.text).toContain(
      "Amazon declined to comment",
    );
    expect(engine.ask("how did bezos respond to the letter").answered).toBe(false);
  });
});
