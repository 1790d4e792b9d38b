import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { NO_LEXICON, parseLexicon } from "../../../src/core/index.js";
import { indexLexicon, similarity } from "../../../src/core/search/lexicon.js";
import { lexicon } from "../../helpers.js";

const small = `# a lexicon in the builder's format
@exceptions
children child
@words
child n 10 0 skid Syoungster
fear nv 20 1 dafraid hemotion
kid nv 30 - schild
off ar 5 - saway
offer nv 40 - sprovide
`;
/** Two unit vectors of two dimensions: "child" along x, "fear" at 60 degrees from it. */
const vectors = new Uint8Array([
  ..."LBV1".split("").map((c) => c.charCodeAt(0)),
  2,
  0,
  2,
  0,
  0,
  0,
  127,
  0,
  64,
  110,
]);

describe("parseLexicon", () => {
  const lex = parseLexicon(small, vectors);

  it("finds base forms: irregular ones, and regular ones of the right part of speech", () => {
    expect(lex.lemmas("children")).toEqual(["child"]);
    expect(lex.lemmas("fears")).toEqual(["fear"]);
    expect(lex.lemmas("kids")).toEqual(["kid"]);
    // A listed word is its own base: "offer" is not a comparative of "off".
    expect(lex.lemmas("offer")).toEqual(["offer"]);
    expect(lex.lemmas("zzz")).toEqual(["zzz"]);
  });

  it("reads relations, marking those of a less common sense", () => {
    expect(lex.related("child")).toEqual([
      { word: "kid", relation: "synonym", minor: false },
      { word: "youngster", relation: "synonym", minor: true },
    ]);
    expect(lex.related("fear").map((r) => r.relation)).toEqual(["derived", "broader"]);
    expect(lex.related("nothing")).toEqual([]);
  });

  it("knows words by any of their forms, and how common each base form is", () => {
    expect(lex.knows("children")).toBe(true);
    expect(lex.knows("fearing")).toBe(true);
    expect(lex.knows("qwerty")).toBe(false);
    expect(lex.rank("off")).toBe(5);
    expect(lex.rank("offers")).toBeUndefined();
  });

  it("gives a word's vector through its base form, and measures similarity", () => {
    const child = lex.vector("children");
    const fear = lex.vector("fears");
    expect(child && fear && similarity(child, fear)).toBeCloseTo(0.5, 1);
    expect(lex.vector("kid")).toBeUndefined();
  });

  it("refuses text that is not a lexicon, and a vector table of the wrong size", () => {
    expect(() => parseLexicon("hello")).toThrow(/no @exceptions and @words sections/);
    expect(() => parseLexicon(small, vectors.subarray(0, 12))).toThrow(/wrong size/);
  });

  it("finds words through a word index made from its text, and refuses one made from another", () => {
    const index = indexLexicon(small);
    expect(parseLexicon(small, vectors, index).lemmas("kids")).toEqual(["kid"]);
    const other = indexLexicon(small.replace("kid nv 30", "kid nv 300"));
    expect(() => parseLexicon(small, vectors, other)).toThrow(/another lexicon text/);
    expect(() => parseLexicon(small, vectors, index.subarray(0, 20))).toThrow(/wrong size/);
    expect(() => parseLexicon(small, vectors, new Uint8Array(16))).toThrow(/bad magic/);
  });

  it("finds every listed word, and no word it does not list, however the index probes collide", () => {
    const many = Array.from({ length: 3000 }, (_, i) => `w${i.toString(36)} n ${i} -`).sort();
    const lex = parseLexicon(`# made up\n@exceptions\n@words\n${many.join("\n")}\n`);
    for (const line of many) expect(lex.rank(line.split(" ")[0] as string)).toBe(Number(line.split(" ")[2]));
    expect(lex.rank("w")).toBeUndefined();
    expect(lex.rank("w0x")).toBeUndefined();
  });

  it("tells the adjectives among its base forms", () => {
    const lex = parseLexicon("# made up\n@exceptions\n@words\nsafe an 1 -\ninform v 2 -\nunsafe a 3 -\n");
    expect(lex.isAdjective("safe")).toBe(true);
    expect(lex.isAdjective("unsafe")).toBe(true);
    expect(lex.isAdjective("inform")).toBe(false);
    expect(lex.isAdjective("unknown")).toBe(false);
  });

  it("finds the verbs a word is a form of, even a word listed as something else", () => {
    const lex = parseLexicon(
      "# made up\n@exceptions\ngave give\nstepped step\n@words\ngive v 1 -\nstep nv 2 -\nturn nv 3 -\nturned a 4 -\n",
    );
    expect(lex.verbs("turned")).toEqual(["turn"]);
    expect(lex.verbs("turns")).toEqual(["turn"]);
    expect(lex.verbs("stepped")).toEqual(["step"]);
    expect(lex.verbs("gave")).toEqual(["give"]);
    expect(lex.verbs("turn")).toEqual(["turn"]);
    expect(lex.verbs("turnedness")).toEqual([]);
  });

  it("has an empty lexicon that knows nothing", () => {
    expect(NO_LEXICON.lemmas("children")).toEqual(["children"]);
    expect(NO_LEXICON.related("child")).toEqual([]);
    expect(NO_LEXICON.isAdjective("safe")).toBe(false);
    expect(NO_LEXICON.verbs("turned")).toEqual([]);
  });
});

describe("the English lexicon file", () => {
  const text = readFileSync(new URL("../../../lexicon/english.txt", import.meta.url), "latin1");
  const words = text
    .slice(text.indexOf("\n@words\n") + 8)
    .split("\n")
    .filter(Boolean)
    .map((line) => line.split(" "));

  it("is ASCII, so it reads the same as Latin-1, and lists each word once, in sorted order", () => {
    expect([...text].every((c) => c.charCodeAt(0) < 128)).toBe(true);
    const heads = words.map((w) => w[0] as string);
    expect(heads.every((w, i) => i === 0 || (heads[i - 1] as string) < w)).toBe(true);
    expect(heads.length).toBeGreaterThan(20_000);
  });

  it("lists each irregular form once, sorted, as the lexicon's binary search over them needs", () => {
    const forms = text
      .slice(text.indexOf("\n@exceptions\n") + 13, text.indexOf("\n@words\n"))
      .split("\n")
      .map((line) => line.split(" ")[0] as string);
    expect(forms.length).toBeGreaterThan(1_000);
    expect(forms.every((f, i) => i === 0 || (forms[i - 1] as string) < f)).toBe(true);
  });

  it("comes with the word index made from it (lexicon/index.bin)", () => {
    const index = readFileSync(new URL("../../../lexicon/index.bin", import.meta.url));
    expect(Buffer.compare(index, indexLexicon(text))).toBe(0);
  });

  it("lists phrasal verbs with what they mean, and relates no word to one", () => {
    const line = (word: string) => words.find((w) => w[0] === word) ?? [];
    expect(line("turn_down")).toContain("srefuse");
    expect(line("step_down")).toContain("sresign");
    const phrases = new Set(words.map((w) => w[0] as string).filter((w) => w.includes("_")));
    expect(phrases.size).toBeGreaterThan(1_000);
    expect(words.every((w) => w.slice(4).every((r) => !phrases.has(r.slice(1))))).toBe(true);
  });

  it("points only at rows the vector file has", () => {
    const vectors = readFileSync(new URL("../../../lexicon/vectors.bin", import.meta.url));
    const count = vectors.readUInt32LE(6);
    const rows = words
      .map((w) => w[3])
      .filter((r) => r !== "-")
      .map(Number);
    expect(Math.max(...rows)).toBe(count - 1);
  });
});

describe("the English lexicon", () => {
  it("relates words the way WordNet and word vectors do", () => {
    expect(lexicon.lemmas("children")).toContain("child");
    expect(lexicon.related("kid").some((r) => r.word === "child" && r.relation === "synonym")).toBe(true);
    expect(lexicon.related("afraid").some((r) => r.word === "fear")).toBe(true);
    const [investor, shareholder] = [lexicon.vector("investor"), lexicon.vector("shareholder")];
    expect(investor && shareholder && similarity(investor, shareholder)).toBeGreaterThan(0.6);
  });
});
