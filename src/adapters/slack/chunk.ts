/**
 * Splitting long text into mrkdwn section texts that fit Slack's limit, at word boundaries, with
 * the words that matched a question in bold. Nothing is dropped: a long quote becomes several
 * consecutive sections whose words, read in order, are the quote.
 */
import { bold, inert } from "./mrkdwn.js";

/** How a text is laid out: its line prefix (`>` for a quote) and the words to show in bold. */
export interface ChunkOptions {
  /** Written at the start of every line: `>` makes a Slack block quote. */
  prefix?: string;
  /** Words (or phrases) of the text to show in bold, as they appear in it. */
  matched?: readonly string[];
}

// A rendered character can grow to five (`&` → `&amp;`); raw slices of a word this much shorter
// than the limit always fit once rendered.
const WORST_EXPANSION = 5;
const LETTER_OR_DIGIT = "[\\p{L}\\p{N}]";

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** For each character of `text`, whether it belongs to a whole-word occurrence of a matched term. */
function boldMask(text: string, matched: readonly string[]): boolean[] {
  const mask = new Array<boolean>(text.length).fill(false);
  for (const term of new Set(matched.map((m) => m.trim()).filter(Boolean))) {
    const pattern = new RegExp(`(?<!${LETTER_OR_DIGIT})${escapeRegExp(term)}(?!${LETTER_OR_DIGIT})`, "giu");
    for (const match of text.matchAll(pattern)) {
      for (let i = match.index; i < match.index + match[0].length; i++) mask[i] = true;
    }
  }
  return mask;
}

/** Renders one whitespace-free word: bold runs wrapped in `*`, everything else made inert. */
function renderWord(word: string, offset: number, mask: readonly boolean[]): string {
  let out = "";
  let run = "";
  let runBold = mask[offset] ?? false;
  for (let i = 0; i < word.length; i++) {
    const isBold = mask[offset + i] ?? false;
    if (isBold !== runBold) {
      out += runBold ? bold(run) : inert(run);
      run = "";
      runBold = isBold;
    }
    run += word[i];
  }
  return out + (runBold ? bold(run) : inert(run));
}

interface Unit {
  /** Rendered whitespace before the word (dropped at the start of a section). */
  sep: string;
  word: string;
  /** Starts a new section: a slice of a word too long for one. */
  fresh?: boolean;
}

function units(text: string, limit: number, prefix: string, matched: readonly string[]): Unit[] {
  const mask = boldMask(text, matched);
  const out: Unit[] = [];
  let sep = "";
  let pos = 0;
  for (const token of text.split(/(\s+)/)) {
    if (!token) continue;
    if (/^\s/.test(token)) {
      sep = token.replace(/\n/g, `\n${prefix}`);
    } else {
      const word = renderWord(token, pos, mask);
      if (prefix.length + word.length <= limit) out.push({ sep, word });
      else {
        const chars = Array.from(token);
        const size = Math.max(1, Math.floor((limit - prefix.length) / WORST_EXPANSION));
        for (let i = 0; i < chars.length; i += size) {
          out.push({ sep: i === 0 ? sep : "", word: inert(chars.slice(i, i + size).join("")), fresh: true });
        }
      }
      sep = "";
    }
    pos += token.length;
  }
  return out;
}

/**
 * Lays `text` out as mrkdwn section texts of at most `limit` characters each, splitting between
 * words (inside a word only when one word alone is too long).
 */
export function chunkText(text: string, limit: number, options: ChunkOptions = {}): string[] {
  const prefix = options.prefix ?? "";
  const matched = options.matched ?? [];
  // Most texts have nothing in bold and fit in one section: rendered whole, they come out exactly
  // as word by word (inert works character by character and leaves whitespace alone).
  if (!matched.some((term) => term.trim())) {
    const body = text.trim();
    if (body && prefix.length + body.length <= limit) {
      const whole = prefix + inert(body).replace(/\n/g, `\n${prefix}`);
      if (whole.length <= limit) return [whole];
    }
  }
  return chunkWordByWord(text, limit, prefix, matched);
}

/** `chunkText` the long way: every word rendered and placed on its own. */
export function chunkWordByWord(
  text: string,
  limit: number,
  prefix: string,
  matched: readonly string[],
): string[] {
  const sections: string[] = [];
  let current: string | undefined;
  for (const unit of units(text, limit, prefix, matched)) {
    const joined = current === undefined ? prefix + unit.word : current + unit.sep + unit.word;
    if (current !== undefined && (unit.fresh || joined.length > limit)) {
      sections.push(current);
      current = prefix + unit.word;
    } else {
      current = joined;
    }
  }
  if (current !== undefined) sections.push(current);
  // Slack rejects an empty text object; an empty input still shows its prefix or a space.
  return sections.length ? sections : [prefix || " "];
}
