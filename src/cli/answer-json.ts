import type { Bot } from "../core/index.js";

/** The JSON form of an answer: the question, whether the article answers it, and quotes best first. */
export function answerJson(bot: Bot, question: string) {
  const answer = bot.ask(question);
  return {
    question,
    answered: answer.answered,
    match: answer.match,
    quotes: answer.quotes.map((q) => ({
      text: q.text,
      paragraph: q.paragraph,
      section: q.section,
      speaker: q.speaker,
      citation: q.citation,
      start: q.start,
      end: q.end,
    })),
    ...(answer.facts?.length ? { facts: answer.facts } : {}),
  };
}

export type AnswerJson = ReturnType<typeof answerJson>;
