import type { Article, Passage } from "../types.js";
import type { QueryTerm } from "./analyze.js";
import { fold, stemWord } from "./normalize.js";

/**
 * Questions about where a text starts or stops ("how does the letter open", "what is the last
 * line of the article") are answered by reading order, not by words: the answer is the text's
 * first or last sentence, whatever it says. Likewise "the second demand" is the second item of
 * the demands list.
 */

/** Which end of a text a question asks about. */
export type End = "first" | "last";

/** Passages quoted for a position question: the asked end and its neighbour, which gives it context. */
const POSITION_QUOTES = 2;

// "how does the letter open?", "how did they end it".
const HOW_VERB =
  /\bhow (?:does|did|do|is|was) .{0,60}?\b(open|begin|start|end|close|finish|conclude|sign off)(?:s|ed|ing)?\b/;
// "the first line", "its closing words", "the start of the letter", "the greeting".
const OPENING =
  /\b(?:first|opening) (?:line|sentence|words?|paragraph|part|thing)s?\b|\b(?:start|beginning|opening) of\b|\b(?:greet|greeting|salutation)s?\b/;
const CLOSING =
  /\b(?:last|final|closing|concluding) (?:line|sentence|words?|paragraph|part|thing)s?\b|\b(?:end|ending|close|conclusion) of\b|\bsign(?:ed)? off\b|\bsign-off\b/;
const OPEN_VERBS = new Set(["open", "begin", "start"]);

/** Words by which a question points at the article rather than at the letter. */
const ARTICLE = /\b(?:article|story|piece|report|post|cnet)\b/;

/** Concept ids naming the letter or its people, so a question about them means the letter. */
const LETTER_CONCEPTS = new Set(["letter", "employees", "bezos"]);

/** Stems of the words that say where in a text; with the letter's cast, all a position question may say. */
const POSITION_STEMS = new Set(
  `open opening begin beginning start end ending close closing finish conclude conclusion first last
final line sentence word paragraph part thing greet greeting salutation sign off`
    .split(/\s+/)
    .map(stemWord),
);

/** A question is about position only when every word of it is the cast or a position word. */
function onlyPosition(terms: QueryTerm[]): boolean {
  return terms.every((t) => t.frame || [...t.keys.keys()].some((k) => POSITION_STEMS.has(k)));
}

function endAsked(text: string): End | undefined {
  const how = HOW_VERB.exec(text);
  if (how?.[1]) return OPEN_VERBS.has(how[1]) ? "first" : "last";
  if (OPENING.test(text)) return "first";
  if (CLOSING.test(text)) return "last";
  return undefined;
}

/** Ordinal words and the place in a list each names; "last" is counted from the end. */
const ORDINALS: ReadonlyMap<string, number> = new Map([
  ["first", 1],
  ["1st", 1],
  ["second", 2],
  ["2nd", 2],
  ["third", 3],
  ["3rd", 3],
  ["last", -1],
  ["final", -1],
]);
const ORDINAL_DEMAND = /\b(first|1st|second|2nd|third|3rd|last|final) (?:demand|request|ask)s?\b/;

/** The demand a question asks for by its place in the list ("the second demand"), or undefined. */
export function demandAt(question: string, article: Article): Passage | undefined {
  const ordinal = ORDINAL_DEMAND.exec(fold(question))?.[1];
  const place = ordinal ? ORDINALS.get(ordinal) : undefined;
  if (place === undefined) return undefined;
  return article.demands.at(place > 0 ? place - 1 : place)?.sentences[0];
}

/** The passages answering a question about how the letter or the article starts or ends, nearest the end first; undefined for any other question. */
export function positionAnswer(
  question: string,
  terms: QueryTerm[],
  article: Article,
): Passage[] | undefined {
  const text = fold(question).replace(/\s+/g, " ").trim();
  const end = endAsked(text);
  if (!end || !onlyPosition(terms)) return undefined;
  let scope: Passage[];
  if (ARTICLE.test(text)) scope = article.sentences;
  else if (terms.some((t) => t.concepts.some((c) => LETTER_CONCEPTS.has(c))))
    scope = article.sentences.filter((s) => s.speaker === "employees");
  else return undefined;
  const ordered = end === "first" ? scope : [...scope].reverse();
  return ordered.slice(0, POSITION_QUOTES);
}
