/**
 * Reading a chat message as a claim to check against the article: the message shortcut and the
 * context-menu command hand over any message as written, with its platform's markup, quoted
 * replies and code. What remains is the text a reader sees, which the engine reads as a claim.
 */
import { cleanInput, LIMITS } from "./input.js";

/** Longest message read as one claim; a longer one is refused with a hint to pick one claim. */
export const MAX_CLAIM_LENGTH = LIMITS.maxInputLength;

/** Raw text longer than this is refused before it is cleaned, so a huge message costs nothing. */
const MAX_RAW_CLAIM_LENGTH = MAX_CLAIM_LENGTH * 4;

// Slack: `<@U1>`, `<@U1|name>`, `<#C1|general>`, `<!here>`, `<!date^…|fallback>`, `<https://x|label>`.
// Discord: `<@123>`, `<@!123>`, `<@&123>`, `<#123>`, `<:name:123>`, `<a:name:123>`, `<t:123:R>`, `</cmd:123>`.
const ANGLE = /<([@#!/]?)([^<>|\s]*)(?:\|([^<>]*))?>/g;
const CUSTOM_EMOJI = /^a?:([\w~-]+):\d+$/;
const FENCED_CODE = /```[\s\S]*?```/g;
// Emphasis markers in either syntax, kept only when they wrap words: *b* **b** _i_ __u__ ~s~ ~~s~~ ||spoiler|| `code`.
const EMPHASIS = /(?<![\p{L}\p{N}])(\*{1,2}|_{1,2}|~{1,2}|\|\||`)(?=\S)([^\n]*?\S)\1(?![\p{L}\p{N}])/gu;
const LINE_MARKUP = /^[ \t]*(?:>+|#{1,3}|[-*•]|\d+\.)[ \t]+/gm;
const SHORTCODE = /:[a-z0-9_+-]+:/gi;
const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">" };

/** One piece of `<…>` markup as the text a reader sees in its place. */
function shown(sigil: string, target: string, label: string | undefined): string {
  const emoji = CUSTOM_EMOJI.exec(target);
  if (emoji) return "";
  if (label) return sigil === "@" || sigil === "#" ? `${sigil}${label.replace(/^[@#]/, "")}` : label;
  if (sigil === "@" || sigil === "#") return "";
  if (sigil === "!" || sigil === "/" || /^t:\d+/.test(target)) return "";
  return /^https?:\/\//i.test(target) ? target : "";
}

/** The text of a chat message as a reader sees it: no mentions, markup, code or emoji codes. */
export function stripChatMarkup(text: string): string {
  let plain = text.replace(FENCED_CODE, " ");
  plain = plain.replace(ANGLE, (_all, sigil: string, target: string, label?: string) =>
    shown(sigil, target, label),
  );
  plain = plain.replace(LINE_MARKUP, "");
  for (let i = 0; i < 3; i++) plain = plain.replace(EMPHASIS, "$2");
  plain = plain.replace(SHORTCODE, " ").replace(/&(?:amp|lt|gt);/g, (e) => ENTITIES[e] ?? e);
  return cleanInput(plain);
}

/** A message read as a claim: the text to check, or why it cannot be checked. */
export type ClaimReading =
  | { ok: true; claim: string; question: string }
  | { ok: false; problem: "empty" | "too-long"; length: number };

/**
 * Reads a message as a claim. A question is asked as it is; a statement is put to the engine the
 * way a reader would relay it ("someone said …, true?"), which it reads as a claim to check.
 */
export function readClaim(text: string): ClaimReading {
  if (text.length > MAX_RAW_CLAIM_LENGTH) return { ok: false, problem: "too-long", length: text.length };
  const claim = stripChatMarkup(text).replace(/^[\s"“”'‘’]+|[\s"“”'‘’]+$/g, "");
  if (!/[\p{L}\p{N}]/u.test(claim)) return { ok: false, problem: "empty", length: 0 };
  if (claim.length > MAX_CLAIM_LENGTH) return { ok: false, problem: "too-long", length: claim.length };
  const question = /\?\s*$/.test(claim) ? claim : `someone said ${claim.replace(/[.!;:,\s]+$/, "")}, true?`;
  return { ok: true, claim, question };
}
