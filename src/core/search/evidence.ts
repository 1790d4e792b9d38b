import { isConceptKey, type KeyMap, type QueryTerm } from "./analyze.js";
import { matchQuality, type Scored, type WeightedTerm } from "./rank.js";

/**
 * Checks on what a passage's match rests on, beyond how much of the question it covers. Coverage
 * alone lets a question that pairs one of the article's words with something the article never
 * says ("the population of France", "the CEO of Google") borrow a passage about the one word.
 */

/** Whether the passage's own text (not its paragraph) matches a term. */
function inText(s: Scored, term: WeightedTerm): boolean {
  return matchQuality(term, s.doc.analyzed.keys) > 0;
}

/**
 * Whether the passage names every term of a question that is all subject ("what is X"). The
 * letter's cast is named so often that it need not be, unless it is what is said of something
 * else: in "who is the CEO of Google" the word "CEO" itself must be there, not just Bezos.
 */
export function answersAll(s: Scored, terms: WeightedTerm[], head?: QueryTerm): boolean {
  if (head?.frame && matchQuality({ ...head, keys: ownKeys(head) }, s.doc.analyzed.keys) === 0) return false;
  return terms.every((term) => term.frame || inText(s, term));
}

/** A term's keys for its own words, without the ideas it stands for; a phrase is only its idea. */
function ownKeys(term: QueryTerm): KeyMap {
  const keys: KeyMap = new Map();
  for (const [k, q] of term.keys) if (!isConceptKey(k)) keys.set(k, q);
  return keys.size ? keys : term.keys;
}

/**
 * Whether the passage spells the term's word as the question does, carries its idea, or has the
 * word a misspelling stands for (typo keys are the only word keys worth less than 1).
 */
function strongMatch(s: Scored, term: WeightedTerm): boolean {
  const { tokens, keys } = s.doc.analyzed;
  for (const [k, q] of term.keys) if ((isConceptKey(k) || q < 1) && keys.has(k)) return true;
  return tokens.some((t) => t.norm === term.text);
}

/**
 * Whether the passage matches only one of the question's own words, and only through another
 * form of it ("population" for "populations"), while the question's other words go unmatched:
 * too little to stand on.
 */
export function restsOnOneWeakWord(s: Scored, terms: WeightedTerm[]): boolean {
  let matched: WeightedTerm | undefined;
  let unmatched = 0;
  for (const term of terms) {
    if (term.frame) continue;
    if (!inText(s, term)) unmatched++;
    else if (matched) return false;
    else matched = term;
  }
  return matched !== undefined && unmatched > 0 && !strongMatch(s, matched);
}
