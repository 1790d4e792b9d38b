/**
 * How people write in chat, as general English: mentions and channel links to drop, filler
 * words that carry no question ("lol", "pls"), and the shorthand of texting ("u", "abt",
 * "govt"), read as the words they stand for. Applied to questions before anything else.
 */

/** Platform mentions and links: `<@U123>`, `<@!123>`, `<#C1|general>`, `@letterbot`, URLs. */
const MARKUP = /<[@#!][^>\s]*>|(?:^|\s)@[\w.-]+|https?:\/\/\S+|\b(?:bit\.ly|t\.co)\/\S+/g;

/** Words that add nothing to what is asked. */
export const FILLERS: ReadonlySet<string> = new Set(
  `lol lmao haha hah hey hi hello yo ok okay um uh hmm hm pls plz please thx thanks ty btw fyi
  bot guys folks basically apparently anyway oh ah test testing idk imo tbh ngl nah yeah yea yep nope
  wow whoa omg damn dang ugh huh geez jeez`
    .split(/\s+/)
    .filter(Boolean),
);

/** Texting shorthand and the words it stands for. */
const SHORTHAND: ReadonlyMap<string, string> = new Map(
  Object.entries({
    u: "you",
    ur: "your",
    r: "are",
    y: "why",
    n: "and",
    abt: "about",
    bout: "about",
    w: "with",
    wat: "what",
    wut: "what",
    wot: "what",
    whats: "what is",
    whos: "who is",
    hows: "how is",
    wheres: "where is",
    whens: "when is",
    wich: "which",
    ppl: "people",
    govt: "government",
    gov: "government",
    dept: "department",
    org: "organization",
    orgs: "organizations",
    info: "information",
    pic: "picture",
    pics: "pictures",
    bc: "because",
    cuz: "because",
    coz: "because",
    b4: "before",
    tho: "though",
    thru: "through",
    rn: "right now",
    msg: "message",
    num: "number",
    nums: "numbers",
    pct: "percent",
    approx: "approximately",
    mins: "minutes",
    min: "minutes",
    dev: "development",
    devs: "developers",
    smth: "something",
    sth: "something",
    wanna: "want to",
    gonna: "going to",
    gotta: "got to",
    kinda: "kind of",
    sorta: "sort of",
    dunno: "do not know",
    lemme: "let me",
    gimme: "give me",
    ya: "you",
  }),
);

/** Drops mentions, links and markup characters, and reads shorthand as full words. */
export function cleanChat(text: string): string {
  const plain = text
    .replace(MARKUP, " ")
    .replace(/\btl\s*;?\s*dr\b/gi, "tldr")
    .replace(/[*_~`>|]+/g, " ");
  return plain
    .split(/(\s+)/)
    .map((part) => {
      const m = /^([("'“‘]*)([A-Za-z0-9;]+)([)"'”’?!.,:]*)$/.exec(part);
      if (!m) return part;
      const full = SHORTHAND.get((m[2] as string).toLowerCase());
      return full ? `${m[1]}${full}${m[3]}` : part;
    })
    .join("")
    .replace(/\s+/g, " ")
    .trim();
}
