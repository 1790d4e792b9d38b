/**
 * Spelling correction for questions. A word that is neither English (by the lexicon) nor one of
 * the article's words is read as the nearest word that matters here: a word of the article, a
 * question word, or a word of the request patterns. Near means one typing slip for short words
 * and two for long ones, where a slip is a letter added, dropped, changed or two letters swapped
 * ("demnads" → "demands", "childern" → "children", "waht" → "what").
 */

/** Shortest word that is corrected; shorter words have too many near neighbours. */
const MIN_LENGTH = 3;
/** Longest word that is corrected: a longer string is no slip of an English word, and its slips would number tens of thousands. */
const MAX_LENGTH = 24;
/** Words at least this long may be two slips away. */
const TWO_SLIPS_LENGTH = 7;
/** Spellings of the same first sound, either way: "fotographer" is "photographer" misheard, not mistyped. */
const SOUND_ALIKE_STARTS: readonly [string, string][] = [
  ["f", "ph"],
  ["k", "c"],
  ["k", "qu"],
  ["n", "kn"],
  ["r", "wr"],
  ["w", "wh"],
  ["s", "ps"],
  ["s", "c"],
  ["j", "g"],
];

/** The word respelled at its start with each other spelling of its first sound. */
function soundAlikes(word: string): string[] {
  const out: string[] = [];
  for (const [a, b] of SOUND_ALIKE_STARTS) {
    if (word.startsWith(a) && !word.startsWith(b)) out.push(b + word.slice(a.length));
    if (word.startsWith(b)) out.push(a + word.slice(b.length));
  }
  return out;
}

/** English words at least this rare may be a misheard spelling of a word that matters here. */
const RARE_RANK = 20_000;

/** Most corrections remembered per corrector. */
const CACHE_SIZE = 5_000;

/** The table `slips` fills, row by row: kept between calls, and grown when a pair of words needs more. */
let slipTable = new Int32Array((MAX_LENGTH + 3) * (MAX_LENGTH + 3));

/** Optimal string alignment distance (edits plus adjacent swaps), giving up beyond `max`. */
export function slips(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const width = b.length + 1;
  if (slipTable.length < (a.length + 1) * width) slipTable = new Int32Array((a.length + 1) * width);
  const table = slipTable;
  // Row i, column j: the distance between the first i letters of `a` and the first j of `b`.
  for (let i = 0; i <= a.length; i++) {
    const row = i * width;
    table[row] = i;
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        table[j] = j;
        continue;
      }
      const above = row - width;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(
        (table[above + j] as number) + 1,
        (table[row + j - 1] as number) + 1,
        (table[above + j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, (table[above - width + j - 2] as number) + 1);
      }
      table[row + j] = d;
      if (d < best) best = d;
    }
    if (i > 0 && best > max) return max + 1;
  }
  return table[a.length * width + b.length] as number;
}

/** Corrects folded words against a fixed list of targets. */
export interface SpellingCorrector {
  /**
   * The target a word was probably meant to be, or undefined when it is fine or nothing is near;
   * `english` says whether general English words may be the correction too (not for acronyms).
   */
  correct(word: string, english?: boolean, respelt?: boolean): string | undefined;
}

/** How many kinds of slip `slipKind` tells apart. */
const SLIP_KINDS = 4;
/** The least likely kind of slip: a letter changed for another. */
export const CHANGED_LETTER = 3;

/**
 * How likely a slip from `target` to `typed` is, most likely first: two letters swapped (0),
 * letters dropped (1: "wher" for "where"), letters added (2), letters changed (3).
 */
export function slipKind(typed: string, target: string): number {
  if (typed.length === target.length) {
    const diff: number[] = [];
    for (let i = 0; i < typed.length && diff.length <= 2; i++) if (typed[i] !== target[i]) diff.push(i);
    const [a, b] = diff;
    if (
      diff.length === 2 &&
      a !== undefined &&
      b === a + 1 &&
      typed[a] === target[b] &&
      typed[b] === target[a]
    )
      return 0;
    return 3;
  }
  const within = (short: string, long: string) => {
    let i = 0;
    for (const c of long) if (c === short[i]) i++;
    return i === short.length;
  };
  if (typed.length < target.length && within(typed, target)) return 1;
  if (typed.length > target.length && within(target, typed)) return 2;
  return 3;
}

/** Every string one slip away from a word: a letter dropped, swapped with the next, changed or added. */
function oneSlip(word: string): Set<string> {
  const letters = "abcdefghijklmnopqrstuvwxyz";
  const out = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const [head, tail] = [word.slice(0, i), word.slice(i)];
    if (tail) out.add(head + tail.slice(1));
    if (tail.length > 1) out.add(head + tail[1] + tail[0] + tail.slice(2));
    for (const c of letters) {
      if (tail) out.add(head + c + tail.slice(1));
      out.add(head + c + tail);
    }
  }
  out.delete(word);
  return out;
}

/**
 * A corrector for words `known` does not accept. It looks first among `targets` (folded words:
 * the article's, then the request patterns'; of the nearest, the earliest listed wins), then for
 * general English words one slip away, by `rank` (how common a word is; undefined for words it
 * does not know), where the most common wins.
 */
export function createCorrector(
  targets: Iterable<string>,
  known: (word: string) => boolean,
  rank: (word: string) => number | undefined = () => undefined,
): SpellingCorrector {
  // Per length, the targets with their place in the list: earlier ones win ties.
  const byLength = new Map<number, [string, number][]>();
  const all = new Set<string>();
  for (const t of targets) {
    if (all.has(t) || t.length < MIN_LENGTH) continue;
    const list = byLength.get(t.length);
    if (list) list.push([t, all.size]);
    else byLength.set(t.length, [[t, all.size]]);
    all.add(t);
  }
  /** Keeps the first letter, unless the slip is a swap of the first two. */
  const sameStart = (t: string, word: string) => t[0] === word[0] || (t[0] === word[1] && t[1] === word[0]);
  const cache = new Map<string, string | null>();
  const corrector: SpellingCorrector = {
    correct(word, english = true, respelt = false) {
      if (word.length < MIN_LENGTH || word.length > MAX_LENGTH || all.has(word) || /\d/.test(word))
        return undefined;
      const cached = english ? cache.get(word) : undefined;
      if (cached !== undefined) return cached ?? undefined;
      let found: string | undefined;
      // A rare word that sounds like one of the words that matter here was probably meant as it:
      // "who rote this" is no question about learning by heart.
      if (known(word) && (rank(word) ?? 0) >= RARE_RANK) {
        found = soundAlikes(word).find((alike) => all.has(alike));
      } else if (!known(word)) {
        const max = word.length >= TWO_SLIPS_LENGTH ? 2 : 1;
        let best = max + 1;
        let bestKind = SLIP_KINDS;
        let place = Number.POSITIVE_INFINITY;
        for (let len = word.length - max; len <= word.length + max; len++) {
          for (const [t, at] of byLength.get(len) ?? []) {
            if (!sameStart(t, word)) continue;
            const d = slips(word, t, Math.min(max, best));
            if (d > max || d > best) continue;
            // Of slips as many, the likelier kind wins ("waht" is "what" swapped, not "wait"), then the earlier target.
            const kind = slipKind(word, t);
            if (d < best || kind < bestKind || (kind === bestKind && at < place)) {
              best = d;
              bestKind = kind;
              place = at;
              found = t;
            }
          }
        }
        if (!found && english) {
          let bestRank = Number.POSITIVE_INFINITY;
          for (const t of oneSlip(word)) {
            if (!sameStart(t, word)) continue;
            const r = rank(t);
            if (r !== undefined && r < bestRank) {
              bestRank = r;
              found = t;
            }
          }
        }
        // Nothing near as typed: the first sound may be spelt another way ("fotographer"). Only the
        // words that matter here are aimed at: respelt, a name would meet too many English words.
        for (const alike of respelt ? [] : soundAlikes(word)) {
          if (found) break;
          found = all.has(alike) ? alike : corrector.correct(alike, false, true);
        }
      }
      if (!english) return found;
      if (cache.size >= CACHE_SIZE) cache.clear();
      cache.set(word, found ?? null);
      return found;
    },
  };
  return corrector;
}

/** The words questions open with. */
const QUESTION_WORDS = ["what", "when", "where", "which", "who", "whose", "why", "how"];
/** Words that follow a question word at the start of a question: "when was", "how did", "how many". */
const AFTER_QUESTION_WORD = new Set(
  "is are was were do does did has have had can could will would should many much long often far".split(" "),
);
/** Words at least this common are meant as written, even before an auxiliary ("then", "were"). */
const COMMON_RANK = 1_000;

/**
 * The question word a question's first word was meant to be, when that word is English but rare,
 * one slip from a question word, and followed by what follows one: "wen was it updated", "hoe did
 * they respond", "hw many". The spelling corrector leaves English words alone; this is where the sentence shows
 * the slip. Of question words one slip away, the likelier slip wins; on a tie, none does.
 */
export function questionWordSlip(
  first: string,
  next: string | undefined,
  rank: (word: string) => number | undefined,
): string | undefined {
  if (!next || !AFTER_QUESTION_WORD.has(next) || QUESTION_WORDS.includes(first)) return undefined;
  if ((rank(first) ?? Number.POSITIVE_INFINITY) < COMMON_RANK) return undefined;
  const near = QUESTION_WORDS.filter((w) => slips(first, w, 1) === 1)
    .map((w) => ({ w, kind: slipKind(first, w) }))
    .sort((a, b) => a.kind - b.kind);
  const [best, second] = near;
  return best && (!second || second.kind > best.kind) ? best.w : undefined;
}
