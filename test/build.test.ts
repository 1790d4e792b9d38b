import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DIST, latin1Source } from "../scripts/build.js";

/** A character that Latin-1 lacks. */
const BEYOND_LATIN1 = /[\u0100-\u{10ffff}]/u;

describe("latin1Source", () => {
  it("escapes what Latin-1 lacks, in comments, strings and regular expressions alike", () => {
    const source = 'const quotes = /[“”‘’]/g; // a dash — here\nconst s = "é—😀";';
    const escaped = latin1Source(source);
    expect(escaped).not.toMatch(BEYOND_LATIN1);
    expect(escaped).toContain("é");
    const run = (code: string) =>
      new Function(`${code}; return [quotes.source, s, "“x’".replace(quotes, "")];`)();
    const [, s, stripped] = run(escaped);
    expect(s).toBe("é—😀");
    expect(stripped).toBe("x");
  });

  it("keeps an escaped character escaped once, and a backslash before it that is escaped itself", () => {
    const escaped = latin1Source("const a = /\\’/; const b = '\\\\’';");
    expect(escaped).toBe("const a = /\\u2019/; const b = '\\\\\\u2019';");
    const [a, b] = new Function(`${escaped}; return [a, b];`)();
    expect(a.test("’")).toBe(true);
    expect(b).toBe("\\’");
  });

  it("matches astral characters as before in a Unicode regular expression", () => {
    const escaped = latin1Source("const r = /^[😀]$/u;");
    const r = new Function(`${escaped}; return r;`)();
    expect(r.test("😀")).toBe(true);
  });

  it("leaves the Unicode line terminators alone", () => {
    expect(latin1Source("// x\u2028y")).toBe("// x\u2028y");
  });
});

describe("the bundle", () => {
  it("holds no character beyond Latin-1, so Node keeps its sources at one byte a character", () => {
    const files = readdirSync(DIST, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".js"));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      expect(readFileSync(join(DIST, file), "utf8"), file).not.toMatch(BEYOND_LATIN1);
    }
  });
});
