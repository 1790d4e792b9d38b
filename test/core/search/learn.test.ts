import { describe, expect, it } from "vitest";
import { createAnswerEngine, NO_LEARNED } from "../../../src/core/index.js";
import { article, lexicon } from "../../helpers.js";

const engine = createAnswerEngine(article, {
  lexicon,
  onError: (err) => {
    throw err;
  },
});
const ids = (question: string, learned = NO_LEARNED) =>
  engine.ask(question, 3, { learned }).quotes.map((q) => q.id);

describe("learned example questions", () => {
  const question = "how do workers feel";

  it("answer a question the way a workspace confirmed, asked again in other words' case", () => {
    const before = engine.ask(question);
    expect(before.match).toBe("closest");
    const second = before.quotes[1]?.id as string;
    expect(second).toBeDefined();

    const learned = engine.learn([{ question, passage: second }]);
    expect(learned.size).toBe(1);
    const after = engine.ask("How do workers feel?", 3, { learned });
    expect(after).toMatchObject({ answered: true, match: "answer" });
    expect(after.quotes[0]?.id).toBe(second);
  });

  it("change nothing for an engine asked without them, as another workspace is", () => {
    const before = ids(question);
    engine.learn([{ question, passage: before[1] as string }]);
    expect(ids(question)).toEqual(before);
  });

  it("never make the bot quote for a question it declines without a quote", () => {
    const offTopic = [
      "what's the weather in paris tomorrow",
      "what is the capital of australia",
      "tell me a joke",
    ];
    const sentences = article.sentences.map((s) => s.id);
    for (const q of offTopic) expect(engine.ask(q).quotes, q).toEqual([]);
    // Every off-topic question confirmed for every sentence, as a workspace gone wrong might.
    const learned = engine.learn(
      offTopic.flatMap((q) => sentences.map((passage) => ({ question: q, passage }))),
    );
    for (const q of offTopic)
      expect(engine.ask(q, 3, { learned }), q).toMatchObject({ answered: false, quotes: [] });
  });

  it("weigh below the article's own example questions", () => {
    const filed = article.faq?.answers.find((a) => a.target.kind === "passage" && a.questions.length >= 3);
    const text = filed?.questions[0]?.text as string;
    const answer = ids(text);
    const other = article.sentences.find((s) => !answer.includes(s.id))?.id as string;
    const learned = engine.learn([{ question: text, passage: other }]);
    expect(ids(text, learned)[0]).toBe(answer[0]);
  });

  it("are filed under a sentence: a paragraph by its first, an unknown passage not at all, each once", () => {
    const paragraph = article.paragraphs.find((p) => p.sentences.length > 1);
    const first = paragraph?.sentences[0]?.id;
    const learned = engine.learn([
      { question, passage: paragraph?.id as string },
      { question, passage: paragraph?.id as string },
      { question, passage: "p999.s1" },
    ]);
    expect(learned.size).toBe(1);
    expect(learned.index.docs[0]?.target).toEqual({
      kind: "passage",
      at: article.sentences.findIndex((s) => s.id === first),
    });
    expect(engine.learn([{ question, passage: "nothing" }])).toBe(NO_LEARNED);
  });
});
