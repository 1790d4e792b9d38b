import type { KeyMap } from "./analyze.js";
import type { Knowledge } from "./knowledge.js";
import type { Token } from "./normalize.js";
import { matchQuality } from "./rerank.js";
import type { Doc } from "./retrieve.js";
import type { QueryTerm } from "./terms.js";
import type { Query } from "./understand.js";

/**
 * A verdict on a claim, where the quoted passage settles it: when the claim gives a number, a
 * date or a name that the passage gives otherwise for the same thing, the reply says so ("The
 * article says nearly 2,000 children, not 5,000."). The same thing means the same words around
 * both: what a number counts, what happened on a date, what someone named did. A claim whose
 * values the passage holds, or gives nothing to set them against, gets no verdict.
 */

/** How far from a value its words may stand (tokens either side). */
const CONTEXT = 3;
/** How well a word must match to be the same word. */
const SAME = 0.75;
const MONTHS = new Set(
  "january february march april may june july august september october november december".split(" "),
);
/** Words that say a number is rough: kept with it, as the article says it. */
const ROUGHLY = new Set(
  "about almost around nearly over roughly some more than at least just under".split(" "),
);

type ValueKind = "number" | "date" | "name";

/** A year as a date is written: four digits, no thousands separator ("2018", not "2,000"). */
const isYear = (t: Token) => t.number && /^(?:1[89]|20)\d\d$/.test(t.surface);
const isDateWord = (t: Token) => MONTHS.has(t.norm) || isYear(t) || /^\d{3}0s$/.test(t.norm);

/** What kind of value a claim's term is, if it is one: a year that counts something is a number ("2000 children"). */
function kindOfTerm(term: QueryTerm, tokens: Token[]): ValueKind | undefined {
  const token = tokens[term.position];
  const next = tokens[term.position + 1];
  const counts =
    next !== undefined && !next.number && !MONTHS.has(next.norm) && /^[a-z]{3,}$/.test(next.norm);
  if (token && isDateWord(token) && !(token.number && counts && !/s$/.test(token.norm))) return "date";
  if (term.number) return "number";
  if (term.entity) return "name";
  return undefined;
}

/** What kind of value a passage's token is, if it is one: the index knows which numbers count. */
function kindOfToken(doc: Doc, i: number): ValueKind | undefined {
  const t = doc.analyzed.tokens[i] as Token;
  if (doc.counts.includes(i)) return "number";
  if (isDateWord(t)) return "date";
  return doc.analyzed.entityAt[i] ? "name" : undefined;
}

/** The span of a value in the passage: a date with its day and year, a number with its roughness and what it counts, a name whole. */
function spanAt(doc: Doc, i: number, kind: ValueKind): [number, number] {
  const { tokens, entityAt, tokenKeys } = doc.analyzed;
  let from = i;
  let to = i;
  if (kind === "date") {
    while (from > 0 && isDateOrDay(tokens[from - 1] as Token)) from--;
    while (to + 1 < tokens.length && isDateOrDay(tokens[to + 1] as Token)) to++;
  } else if (kind === "name") {
    while (from > 0 && entityAt[from - 1] === entityAt[i]) from--;
    while (to + 1 < tokens.length && entityAt[to + 1] === entityAt[i]) to++;
  } else {
    while (from > 0 && ROUGHLY.has((tokens[from - 1] as Token).norm)) from--;
    // What it counts: the words after it, up to a verb ("organizations signed an …") or a small word.
    const content = (k: number) => (tokenKeys[k]?.size ?? 0) > 0 && !(tokens[k] as Token).number;
    while (to - i < COUNTED_WORDS && content(to + 1)) {
      const next = tokens[to + 1] as Token;
      if (to > i && /(?:ed|ing)$/.test(next.norm)) break;
      to++;
    }
  }
  return [from, to];
}

/** Most words a number's counted thing runs to ("civil rights organizations"). */
const COUNTED_WORDS = 3;

const isDateOrDay = (t: Token) => isDateWord(t) || (t.number && /^\d{1,2}$/.test(t.norm));

/** How many of `terms` stand among the `CONTEXT` words either side of position `at` in the passage (small words not counted). */
function sharesContext(doc: Doc, at: number, terms: QueryTerm[]): number {
  const { tokenKeys } = doc.analyzed;
  const before: KeyMap[] = [];
  const after: KeyMap[] = [];
  for (let i = at - 1; i >= 0 && before.length < CONTEXT; i--)
    if ((tokenKeys[i] as KeyMap).size) before.push(tokenKeys[i] as KeyMap);
  for (let i = at + 1; i < tokenKeys.length && after.length < CONTEXT; i++)
    if ((tokenKeys[i] as KeyMap).size) after.push(tokenKeys[i] as KeyMap);
  const near = [...before, ...after];
  let shared = 0;
  for (const t of terms) if (near.some((keys) => matchQuality(t, keys) >= SAME)) shared++;
  return shared;
}

/** Whether two entities are things of one kind (a person and a person, not a person and a company). */
function sameKind(a: string | undefined, b: string | undefined, knowledge: Knowledge): boolean {
  const kinds = (key: string | undefined) => knowledge.entities.find((e) => e.key === key)?.kinds;
  const [ka, kb] = [kinds(a), kinds(b)];
  if (!ka?.size || !kb?.size) return true;
  for (const k of ka) if (kb.has(k)) return true;
  return false;
}

/**
 * The verdict on a claim from the passage quoted for it, or undefined when the passage holds the
 * claim's numbers, dates and names, or gives none that stand for the same thing.
 */
export function verdictOf(query: Query, doc: Doc, knowledge: Knowledge): string | undefined {
  if (!query.expect.claim) return undefined;
  const { terms, tokens } = query;
  let verdict: string | undefined;
  terms.forEach((term, at) => {
    if (verdict) return;
    const kind = kindOfTerm(term, tokens);
    if (!kind || matchQuality(term, doc.analyzed.keys) >= SAME) return;
    // The claim's other words around this value (its terms, so small words do not count): what it
    // counts, what was done then, or by whom.
    const around = terms.filter((t, j) => j !== at && !kindOfTerm(t, tokens) && Math.abs(j - at) <= CONTEXT);
    if (!around.length) return;
    let best: { at: number; shared: number } | undefined;
    let tied = false;
    const { entityAt } = doc.analyzed;
    doc.analyzed.tokens.forEach((_, i) => {
      if (kindOfToken(doc, i) !== kind) return;
      // One value is weighed once: a name's later words, a date's day and year, are the same value.
      if (i > 0 && kindOfToken(doc, i - 1) === kind && (kind !== "name" || entityAt[i - 1] === entityAt[i]))
        return;
      // A value the claim gives too is not the one it gets wrong.
      if (terms.some((t) => matchQuality(t, doc.analyzed.tokenKeys[i] as KeyMap) >= SAME)) return;
      if (kind === "name" && !sameKind(term.entity, entityAt[i], knowledge)) return;
      const shared = sharesContext(doc, i, around);
      if (!shared || (best && shared < best.shared)) return;
      tied = best?.shared === shared;
      if (!tied) best = { at: i, shared };
    });
    // Two values as like the claim's: the passage does not settle which one it means.
    if (!best || tied) return;
    const [from, to] = spanAt(doc, best.at, kind);
    const { tokens: words } = doc.analyzed;
    const says = doc.passage.text.slice((words[from] as Token).start, (words[to] as Token).end);
    verdict = `The article says ${says}, not ${claimed(term, tokens, kind, knowledge)}.`;
  });
  return verdict;
}

/** How the claim gave a value: a name as the article's knowledge spells it, a date with its day and year. */
function claimed(term: QueryTerm, tokens: Token[], kind: ValueKind, knowledge: Knowledge): string {
  if (kind === "name") return knowledge.entities.find((e) => e.key === term.entity)?.name ?? term.text;
  if (kind === "number") return (tokens[term.position] as Token).surface;
  let from = term.position;
  let to = term.position;
  while (from > 0 && isDateOrDay(tokens[from - 1] as Token)) from--;
  while (to + 1 < tokens.length && isDateOrDay(tokens[to + 1] as Token)) to++;
  return tokens
    .slice(from, to + 1)
    .map((t) => (MONTHS.has(t.norm) ? t.norm[0]?.toUpperCase() + t.norm.slice(1) : t.surface))
    .join(" ");
}
