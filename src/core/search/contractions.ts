/**
 * Contractions read as the two words they stand for, so "won't" meets "will not", "don't" meets
 * "do not" and "what's" is "what is". Only the words of a contraction change: how it is spelled
 * (and so what is highlighted) stays the whole contraction.
 */

/** Auxiliaries whose negation drops the apostrophe as often as not ("dont", "isnt"). */
const AUXILIARIES = new Set(
  "do does did is are was were have has had should could would must need might".split(" "),
);

/** Stems of negations spelled differently from their auxiliary ("won't" is "will not"). */
const IRREGULAR_NEGATIONS: ReadonlyMap<string, string> = new Map([
  ["wo", "will"],
  ["ca", "can"],
  ["sha", "shall"],
  ["ai", "is"],
]);

/** Clitics after an apostrophe and the word each stands for. */
const CLITICS: ReadonlyMap<string, string> = new Map([
  ["re", "are"],
  ["ve", "have"],
  ["ll", "will"],
  ["d", "would"],
  ["m", "am"],
]);

/** Words whose "'s" means "is" ("what's", "it's"); after any other word it marks a possessive. */
const IS_HOSTS = new Set("it he she that what who where there here how when why".split(" "));

const NEGATION = /^([a-z]+?)n'?t$/;
const CLITIC = /^([a-z]+)'([a-z]+)$/;

/** The two words a folded contraction (straight apostrophes) stands for, or undefined if it is none. */
export function expandContraction(word: string): [string, string] | undefined {
  const negation = NEGATION.exec(word);
  if (negation?.[1]) {
    const base = negation[1];
    const aux = IRREGULAR_NEGATIONS.get(base) ?? (AUXILIARIES.has(base) ? base : undefined);
    // "cant" and "wont" without an apostrophe are rare words; in a question they are negations.
    if (aux) return [aux, "not"];
    return undefined;
  }
  const clitic = CLITIC.exec(word);
  if (!clitic?.[1] || !clitic[2]) return undefined;
  const [, host, tail] = clitic;
  if (tail === "s") return IS_HOSTS.has(host) ? [host, "is"] : host === "let" ? [host, "us"] : undefined;
  const expanded = CLITICS.get(tail);
  return expanded ? [host, expanded] : undefined;
}
