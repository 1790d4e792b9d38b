import type { AnalyzedQuery, QueryTerm } from "./analyze.js";
import { fold } from "./normalize.js";
import { isStopWord } from "./stopwords.js";

/**
 * Reads the form of a question, which says what kind of passage answers it: "how many" needs a
 * number that counts the thing asked about, "when" a date, "who" a name, "what is X" a passage
 * that says what X is.
 */

/** What kind of answer the question's form asks for; a "define" question is all subject, so every term of it must be answered. */
export type QuestionForm = "count" | "when" | "who" | "define" | "other";

/** The form of a question and the terms its form is about. */
export interface QuestionShape {
  form: QuestionForm;
  /** For "how many X": the terms of X, which the answer's number must count. */
  counted: QueryTerm[];
  /** For "what is the X of Y": the term X, which the answer must use its own word for. */
  head?: QueryTerm;
}

const COUNT = /\bhow (?:many|much)\b|\bnumber of\b|\bhow large\b|\bhow big\b/;
const WHEN = /\bwhen\b|\b(?:what|which) (?:date|day|time|year|month)\b/;
const WHO = /\bwho(?:m|se)?\b|\bwhich (?:compan|organi[sz]ation|group|agenc|department|person|people|outlet)/;
// "What is X?" with X a short noun phrase, perhaps of another ("the population of France");
// "what were the workers afraid of" asks something else.
const WHAT_IS = `^(?:what|who)(?:'s| is| are| was| were) (?:(?:an?|the) )?`;
const PHRASE = `[^ ]+(?: [^ ]+){0,2}`;
const OF_PHRASE = `[^ ]+ of (?:(?:an?|the) )?${PHRASE}`;
const DEFINE = new RegExp(
  `${WHAT_IS}(?:${PHRASE}|${OF_PHRASE})\\??$|^(?:define|explain) |\\bwhat does .+ mean\\b`,
);
// "What were the workers afraid of?" asks what X relates to, not what X is.
const ENDS_IN_PREPOSITION = /\b(?:of|about|for|to|with|from|at|on|in|by|into)\??$/;
// "What is the X of Y": X is said of Y, so a passage must say X itself, not just name Y.
const DEFINE_OF = new RegExp(`${WHAT_IS}${OF_PHRASE}\\??$`);

/** Words after "how many" up to the next stop word name what is counted. */
function countedTerms(query: AnalyzedQuery): QueryTerm[] {
  const at = query.tokens.findIndex((t) => t.norm === "many" || t.norm === "much" || t.norm === "number");
  if (at < 0) return [];
  let end = at + 1;
  while (end < query.tokens.length) {
    const t = query.tokens[end];
    if (!t || (!t.number && isStopWord(t.norm, t.stem))) break;
    end++;
  }
  return query.terms.filter((term) => term.position > at && term.position < end);
}

/** Reads a question's form from its words. */
export function shapeOf(question: string, query: AnalyzedQuery): QuestionShape {
  const text = fold(question).replace(/\s+/g, " ").trim();
  if (COUNT.test(text)) return { form: "count", counted: countedTerms(query) };
  if (WHEN.test(text)) return { form: "when", counted: [] };
  if (DEFINE.test(text) && !ENDS_IN_PREPOSITION.test(text)) {
    const head = DEFINE_OF.test(text) ? query.terms[0] : undefined;
    return head ? { form: "define", counted: [], head } : { form: "define", counted: [] };
  }
  if (WHO.test(text)) return { form: "who", counted: [] };
  return { form: "other", counted: [] };
}
