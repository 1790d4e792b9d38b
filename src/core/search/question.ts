import type { AnalyzedQuery, QueryTerm } from "./analyze.js";
import { fold } from "./normalize.js";
import { isStopWord } from "./stopwords.js";

/**
 * Reads the form of a question, which says what kind of passage answers it: "how many" needs a
 * number that counts the thing asked about, "when" a date, "who" a name, "what is X" a passage
 * that says what X is.
 */

/** What kind of answer the question's form asks for. */
export type QuestionForm = "count" | "when" | "who" | "define" | "other";

/** The form of a question and the terms its form is about. */
export interface QuestionShape {
  form: QuestionForm;
  /** For "how many X": the terms of X, which the answer's number must count. */
  counted: QueryTerm[];
}

const COUNT = /\bhow (?:many|much)\b|\bnumber of\b|\bhow large\b|\bhow big\b/;
const WHEN = /\bwhen\b|\b(?:what|which) (?:date|day|time|year|month)\b/;
const WHO = /\bwho(?:m|se)?\b|\bwhich (?:compan|organi[sz]ation|group|agenc|department|person|people|outlet)/;
// "What is X?" with X a short noun phrase; "what were the workers afraid of" asks something else.
const DEFINE =
  /^(?:what|who)(?:'s| is| are| was| were) (?:(?:an?|the) )?[^ ]+(?: [^ ]+){0,2}\??$|^(?:define|explain) |\bwhat does .+ mean\b/;

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
  if (DEFINE.test(text)) return { form: "define", counted: [] };
  if (WHO.test(text)) return { form: "who", counted: [] };
  return { form: "other", counted: [] };
}
