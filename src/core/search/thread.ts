import { ORDINALS } from "./intents.js";
import type { QueryTerm } from "./terms.js";
import type { Query } from "./understand.js";

/**
 * Reading a follow-up in a thread: "who sells it?" after "what's Acme?". A follow-up that
 * stands on its own is read alone. One that refers back (a pronoun, a bare question word, "and
 * NASA?") is read with the thread's earlier questions, their words weighing less than its own
 * and the older ones less again (the way the best automatic runs at TREC CAsT read a
 * conversation). "What else", "more" and "the second one" continue the thread's last answer.
 */

/** One earlier exchange in a thread: the question asked, and the passages quoted in answer (ids, in order). */
export interface ThreadTurn {
  question: string;
  quoted: string[];
}

/** How a follow-up is read. */
export type FollowUp =
  /** On its own. */
  | { kind: "alone" }
  /**
   * Continuing the last answer: what the article says next ("go on"), or other passages on the
   * same question not yet shown ("what else").
   */
  | { kind: "more"; next: boolean }
  /** One passage of the last answer by its place (negative from the end). */
  | { kind: "item"; place: number }
  /** With the thread's earlier words. */
  | { kind: "with" };

/** What an earlier question's words weigh in a follow-up, the last one first: older ones weigh less. */
export const HISTORY_WEIGHTS = [0.5, 0.25];

/** "What else", "more", "go on": the whole follow-up asks to continue. */
const MORE =
  /^(?:(?:and|so|ok|okay|also|alright)\s+)*(?:what else|anything else|anything more|what more|(?:tell me |say |show me |give me |any )?more|go on|keep going|continue|is there more|is that all|else)(?:\s+(?:please|pls|on (?:that|this|it)|about (?:that|this|it)|there|do they say|does it say|is there|they say|after that))*\s*[?.!]*$/;
/** A request to go on reading where the last answer stopped, not for other answers: "go on", "tell me more", "what comes after that". */
const NEXT =
  /\b(?:go on|keep going|continue|after that|tell me more|say more)\b|^(?:(?:and|so|ok|okay)\s+)?more\s*[?.!]*$/;
/** Words that point back at something said before. */
const POINTING =
  /\b(?:it|its|they|them|their|theirs|he|him|his|she|her|hers|that|those|this|these|there|then|the same|such)\b/;
/** A question word. */
const ASKS = /\b(?:who|whom|whose|what|which|when|where|why|how)\b/;
/** A follow-up that names only something new, asking what was asked before of it: "and NASA?", "what about the union?". */
const ALSO = /^(?:(?:and|but|so)\s+)?(?:what about|how about|what of|and)\s+(.+?)\s*[?.!]*$/;
/** Words an ordinal may come with when it picks an item of the last answer: "the second one", "tell me more about the last". */
const ITEM =
  /^(?:(?:and|ok|okay|so)\s+)?(?:(?:tell me|say|show me|give me|read|quote)\s+)?(?:(?:more\s+)?about\s+)?(?:what about\s+)?(?:what(?:'s| is)\s+)?(?:the\s+)?(\w+)(?:\s+(?:one|item|point|bullet|part|demand|thing|quote|passage))?\s*[?.!]*$/;

/** How to read a follow-up in a thread, from its own reading. */
export function followUpOf(query: Query, thread: readonly ThreadTurn[]): FollowUp {
  if (!thread.length) return { kind: "alone" };
  const { text } = query;
  if (MORE.test(text)) return { kind: "more", next: NEXT.test(text) };
  const ordinal = ITEM.exec(text)?.[1];
  const place = ordinal === undefined ? undefined : ORDINALS.get(ordinal);
  const last = thread.at(-1);
  if (place !== undefined && ordinal !== "one" && last?.quoted.length) return { kind: "item", place };
  // "By who?", "for what?": only small words, which alone read as chat or a plea for help, but ask
  // about what came before.
  const fallback =
    query.intent.kind === "request" && (query.intent.name === "chat" || query.intent.name === "help");
  if (fallback && !query.terms.length && ASKS.test(text)) return { kind: "with" };
  // A request the bot answers from the article's structure asks for itself, not about what came before.
  if (query.intent.kind !== "question" && query.intent.kind !== "several") return { kind: "alone" };
  // "Opposing what?": one word of its own, naming nobody, leaves its subject to the thread.
  const fragment = query.terms.length <= 1 && !query.terms.some((t) => t.entity);
  if (fragment || POINTING.test(query.expect.asked) || ALSO.test(text)) return { kind: "with" };
  return { kind: "alone" };
}

/** The new words of "and NASA?", "what about the union": what the follow-up puts in place of the earlier subject. */
export function alsoOf(text: string): string | undefined {
  return ALSO.exec(text)?.[1];
}

/**
 * A follow-up's terms with those of the thread's earlier questions (last first) it does not have,
 * each weighing `HISTORY_WEIGHTS` of what it weighed in its own question.
 */
export function withHistory(terms: QueryTerm[], earlier: readonly QueryTerm[][]): QueryTerm[] {
  const out = [...terms];
  const have = new Set(terms.map((t) => t.entity ?? t.text));
  earlier.forEach((previous, i) => {
    const scale = HISTORY_WEIGHTS[i];
    if (scale === undefined) return;
    for (const t of previous) {
      const key = t.entity ?? t.text;
      if (have.has(key) || t.number) continue;
      have.add(key);
      out.push({ ...t, weight: t.weight * scale, scale: (t.scale ?? 1) * scale });
    }
  });
  return out;
}
