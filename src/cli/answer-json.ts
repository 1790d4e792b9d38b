import { type Answer, type Bot, threadOf } from "../core/index.js";

/**
 * The JSON form of an answer: the question, whether the article answers it, and quotes best first;
 * for a question asked in a thread (its earlier questions, oldest first), what the thread filled in.
 */
export function answerJson(bot: Bot, question: string, thread: string[] = []) {
  const turns = thread.length ? threadOf((q, t) => bot.ask(q, t), thread) : [];
  return toAnswerJson(question, bot.ask(question, turns), thread);
}

/** The JSON form of an answer to `question`, however it was found. */
export function toAnswerJson(question: string, answer: Answer, thread: string[] = []) {
  return {
    question,
    ...(thread.length ? { thread } : {}),
    ...(answer.about ? { about: answer.about } : {}),
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

export type AnswerJson = ReturnType<typeof toAnswerJson>;
