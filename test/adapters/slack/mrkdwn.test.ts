import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chunkText, chunkWordByWord } from "../../../src/adapters/slack/chunk.js";
import { createSeenSet } from "../../../src/adapters/slack/dedup.js";
import { escapeControl, inert, inertWithin } from "../../../src/adapters/slack/mrkdwn.js";

/** What Slack shows for inert mrkdwn: entities decoded, invisible separators gone. */
const shown = (text: string) =>
  text
    .replace(/[\u200B\u2060]/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

describe("inert", () => {
  it("escapes Slack's three control characters", () => {
    expect(escapeControl("<!channel> & <@U1>")).toBe("&lt;!channel&gt; &amp; &lt;@U1&gt;");
  });

  it("breaks broadcasts and formatting without changing what is shown", () => {
    const text = "@channel @Here *b* _i_ ~s~ `c` a&b";
    expect(inert(text)).not.toMatch(/@(channel|here)|\*b\*|_i_|~s~|`c`/i);
    expect(shown(inert(text))).toBe(text);
  });

  it("never leaves a raw < or a bare & in any text", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const out = inert(text);
        expect(out).not.toMatch(/[<>]|&(?!amp;|lt;|gt;)/);
        expect(shown(out)).toBe(text);
      }),
    );
  });

  it("cuts before escaping so that the result fits and no entity is split", () => {
    const out = inertWithin("&".repeat(100), 42);
    expect(out.length).toBeLessThanOrEqual(42);
    expect(out).toMatch(/^(&amp;)+…$/);
  });
});

describe("chunkText", () => {
  it("keeps every word, in order, within the limit", () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z&<*]{1,30}$/), { minLength: 1, maxLength: 200 }),
        (words) => {
          const text = words.join(" ");
          const chunks = chunkText(text, 120, { prefix: ">" });
          for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(120);
          expect(chunks.map((c) => shown(c.slice(1))).join(" ")).toBe(text);
        },
      ),
    );
  });

  it("bolds whole-word matches only, in any case", () => {
    expect(
      chunkText("ICE relies on Palantir; nice, Palantir's", 3000, { matched: ["palantir", "ice"] }),
    ).toEqual(["*ICE* relies on *Palantir*; nice, *Palantir*'s"]);
  });

  it("starts every line of a quote with the quote marker", () => {
    expect(chunkText("one\ntwo", 3000, { prefix: ">" })).toEqual([">one\n>two"]);
  });
});

describe("createSeenSet", () => {
  it("reports the first sighting of an id only, forgetting the oldest beyond its capacity", () => {
    const seen = createSeenSet(2);
    expect([seen.firstSighting("a"), seen.firstSighting("a"), seen.firstSighting("b")]).toEqual([
      true,
      false,
      true,
    ]);
    seen.firstSighting("c");
    expect(seen.size).toBe(2);
    expect(seen.firstSighting("b")).toBe(false);
    expect(seen.firstSighting("a")).toBe(true);
  });
});

describe("chunkText's one-section shortcut", () => {
  it("lays out any text exactly as placing it word by word does", () => {
    const pieces = fc.constantFrom(
      "a",
      "word",
      " ",
      "  ",
      "\n",
      "\t",
      "&",
      "<",
      ">",
      "*",
      "_",
      "~",
      "`",
      "@channel",
      "@here,",
      "é",
      "\u00a0",
    );
    fc.assert(
      fc.property(
        fc.array(pieces, { maxLength: 60 }),
        fc.constantFrom("", ">"),
        fc.integer({ min: 5, max: 200 }),
        (parts, prefix, limit) => {
          const text = parts.join("");
          expect(chunkText(text, limit, { prefix })).toEqual(
            text.trim() ? chunkWordByWord(text, limit, prefix, []) : [prefix || " "],
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});
