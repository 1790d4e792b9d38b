/**
 * Making text inert in Slack's mrkdwn: whatever the article or a user wrote is shown as written and
 * can never ping, link or change the formatting around it.
 */

/** Zero-width space: placed around formatting characters, it stops them from pairing up. */
const ZWSP = "\u200B";
/** Word joiner: placed after `@`, it keeps `@channel` from being read as a broadcast. */
const WORD_JOINER = "\u2060";

// Slack's control characters: `<…>` starts a link or mention, `&` an entity.
const CONTROL = /[&<>]/g;
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };
// *bold* _italic_ ~strike~ `code`: none of these may pair up across user or article text.
const FORMATTING = /[*_~`]/g;
const BROADCAST = /@(channel|here|everyone)\b/gi;

/** Escapes `&`, `<` and `>` as Slack requires, so no link, mention or broadcast can be formed. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => ENTITIES[c] ?? c);
}

/**
 * Makes `text` inert inside mrkdwn: control characters escaped, formatting characters unable to
 * pair up, and `@channel`-style words broken so that no client setting turns them into a ping.
 */
export function inert(text: string): string {
  return escapeControl(text)
    .replace(FORMATTING, (c) => `${ZWSP}${c}${ZWSP}`)
    .replace(BROADCAST, (_, word: string) => `@${WORD_JOINER}${word}`);
}

/** `text` made inert and shown in bold. */
export function bold(text: string): string {
  return `*${inert(text)}*`;
}

/** Cuts `text` to at most `max` characters, marking a cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}

/** `text` made inert and cut (before escaping, so no entity is split) to fit in `max` characters. */
export function inertWithin(text: string, max: number): string {
  let rendered = inert(text);
  for (let keep = text.length; rendered.length > max && keep > 0; ) {
    keep = Math.min(keep - 1, Math.floor((keep * max) / rendered.length));
    rendered = inert(truncate(text, Math.max(keep, 1)));
  }
  return rendered;
}
