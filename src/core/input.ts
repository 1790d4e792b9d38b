/** Limits on what users may send, in one place. */
export const LIMITS = {
  /** Longest question or command text accepted, in characters. */
  maxInputLength: 1000,
} as const;

// C0/C1 control characters except tab, newline and carriage return, and the Unicode bidirectional controls that
// can make text display differently from how it reads (the "Trojan Source" characters).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** Normalizes user text: NFC, no control or bidi-override characters, single spaces, trimmed. */
export function cleanInput(text: string): string {
  return text.normalize("NFC").replace(CONTROL, "").replace(BIDI, "").replace(/\s+/g, " ").trim();
}

/** Raw text longer than this is refused before it is cleaned, so huge input costs nothing. */
const MAX_RAW_LENGTH = LIMITS.maxInputLength * 4;

/** Cleans user text with `cleanInput`; `undefined` when it is over `LIMITS.maxInputLength`. */
export function readInput(text: string): string | undefined {
  if (text.length > MAX_RAW_LENGTH) return undefined;
  const clean = cleanInput(text);
  return clean.length > LIMITS.maxInputLength ? undefined : clean;
}
