/**
 * Makes text inert in Discord: markdown characters are backslash-escaped (they still display as
 * themselves) and mass mentions are broken with a zero-width space, so neither user text nor
 * article text can format, link or ping anything.
 */

// Characters that start inline markdown, masked links, or mentions (`<@id>`, `<#id>`, `<t:…>`).
const INLINE = /[\\*_~`|[\]<>]/g;
// Markdown that only counts at the start of a line: headings, quotes, lists, subtext.
const LINE_START = /^(\s*)([#>+-])/gm;
const NUMBERED = /^(\s*)(\d+)\./gm;
const MASS_MENTION = /@(everyone|here)/gi;
const ZERO_WIDTH_SPACE = "\u200b";

/** Escapes `text` so Discord shows it literally and pings no one. */
export function escapeDiscord(text: string): string {
  return text
    .replace(INLINE, "\\$&")
    .replace(LINE_START, "$1\\$2")
    .replace(NUMBERED, "$1$2\\.")
    .replace(MASS_MENTION, `@${ZERO_WIDTH_SPACE}$1`);
}

function escapeForRegExp(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Escapes `text` and bolds every whole-word, case-insensitive occurrence of `words` (the words of a
 * quote that matched the question). The words themselves are escaped like the rest.
 */
export function escapeWithBold(text: string, words: readonly string[]): string {
  const wanted = [...new Set(words.map((w) => w.trim()).filter(Boolean))].sort((a, b) => b.length - a.length);
  if (!wanted.length) return escapeDiscord(text);
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}])(?:${wanted.map(escapeForRegExp).join("|")})(?![\\p{L}\\p{N}])`,
    "giu",
  );
  let out = "";
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const at = match.index ?? 0;
    out += `${escapeDiscord(text.slice(last, at))}**${escapeDiscord(match[0])}**`;
    last = at + match[0].length;
  }
  return out + escapeDiscord(text.slice(last));
}
