import { describe, expect, it } from "vitest";
import { createAnswerEngine, type ThreadTurn, threadOf } from "../../../src/core/index.js";
import { article, lexicon } from "../../helpers.js";

const engine = createAnswerEngine(article, {
  lexicon,
  onError: (err) => {
    throw err;
  },
});
/** The answer to the last of `questions`, asked in a thread after the others. */
const inThread = (...questions: string[]) => {
  const thread = threadOf((q, t) => engine.ask(q, 3, { thread: t }), questions.slice(0, -1));
  return engine.ask(questions.at(-1) as string, 3, { thread });
};
const first = (...questions: string[]) => inThread(...questions).quotes[0]?.text ?? "";

describe("a follow-up read with its thread", () => {
  it("resolves a pronoun from the earlier question, and says what it filled in", () => {
    const answer = inThread("what is rekognition?", "who sells it?");
    expect(answer.quotes[0]?.text).toContain("selling AWS Rekognition");
    expect(answer.about).toBe("Rekognition");
    expect(first("who is palantir?", "what does ICE use them for?")).toContain(
      "ICE relies on Palantir to power its detention",
    );
  });

  it("asks of something new what was asked before: 'and ICE?'", () => {
    expect(first("what does DHS stand for?", "and ICE?")).toContain("Immigration and Customs Enforcement");
  });

  it("reads a bare question word with what came before: 'by who?'", () => {
    expect(first("how many kids were sent to mass detention centers?", "by who?")).toContain(
      "Department of Homeland Security has sent nearly 2,000 children",
    );
  });

  it("continues with what it has not shown yet: 'what else?', 'go on'", () => {
    expect(first("what was the first thing they asked Bezos to do?", "what else?")).toContain(
      "Stop providing infrastructure to Palantir",
    );
    const shown = inThread("what does the letter say about IBM?").quotes.map((q) => q.id);
    const more = inThread("what does the letter say about IBM?", "go on");
    expect(more.answered).toBe(true);
    for (const quote of more.quotes) expect(shown).not.toContain(quote.id);
  });

  it("reads on after the last answer for 'go on', and looks for other answers for 'what else'", () => {
    const asked = "what does the letter say about palantir?";
    const [answer] = inThread(asked).quotes;
    const sentences = article.sentences.map((s) => s.id);
    const next = sentences[sentences.indexOf(answer?.id ?? "") + 1];
    expect(inThread(asked, "go on").quotes[0]?.id).toBe(next);
    expect(inThread(asked, "keep going").quotes[0]?.id).toBe(next);
    const other = inThread(asked, "anything else?").quotes[0];
    expect(other?.id).not.toBe(answer?.id);
    expect(other?.text).toMatch(/Palantir/);
  });

  it("takes 'the second one' as the demand at that place after the demands", () => {
    const answer = inThread("what are the demands?", "the second one?");
    expect(answer.request).toEqual({ kind: "demand", number: 2 });
    expect(answer.quotes[0]?.text).toContain("Stop providing infrastructure to Palantir");
  });

  it("reads a question that stands on its own alone, whatever came before", () => {
    expect(first("what is rekognition?", "what does DHS stand for?")).toContain(
      "Department of Homeland Security",
    );
    expect(inThread("what is rekognition?", "what does DHS stand for?").about).toBeUndefined();
    expect(inThread("what is rekognition?", "what's the weather in paris?").quotes).toEqual([]);
  });

  it("uses the passages quoted in the thread as the bot remembers them", () => {
    const thread: ThreadTurn[] = [{ question: "what did they say about detention?", quoted: ["p11.s4"] }];
    expect(engine.ask("by who?", 3, { thread }).quotes[0]?.id).toBe("p11.s4");
  });
});
