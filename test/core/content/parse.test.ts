import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseArticle } from "../../../src/core/index.js";
import { article, seedText } from "../../helpers.js";

const source = readFileSync(new URL("../../../content/article.md", import.meta.url), "utf8");
const lineOf = (needle: string) => source.split("\n").findIndex((l) => l.includes(needle)) + 1;

describe("article content", () => {
  it("reads the metadata from the front matter", () => {
    expect(article.meta).toMatchObject({ author: "Sean Keane", outlet: "CNET", year: 2018 });
    expect(article.meta.updated).toBe("June 22 at 7:20 a.m. PT");
  });

  it("numbers paragraphs from the report through the letter, the demands and the update", () => {
    expect(article.paragraphs).toHaveLength(20);
    expect(article.paragraphs[8]).toMatchObject({
      paragraph: 9,
      section: "letter",
      speaker: "employees",
      text: "Dear Jeff,",
    });
    expect(article.paragraphs[0]).toMatchObject({ section: "report", speaker: "reporter" });
    expect(article.paragraphs.at(-1)).toMatchObject({ section: "update", paragraph: 20 });
  });

  it("keeps the three demands in order, introduced by the letter's own words", () => {
    expect(article.demandsIntro?.text).toBe("We call on you to:");
    expect(article.demands.map((d) => d.demand)).toEqual([1, 2, 3]);
    expect(article.demands[0]?.text).toBe("Stop selling facial recognition services to law enforcement");
  });

  it("gives every paragraph and sentence exact offsets into the text", () => {
    for (const p of [...article.paragraphs, ...article.sentences]) {
      expect(article.text.slice(p.start, p.end)).toBe(p.text);
    }
  });

  it("quotes only what the original article says, word for word", () => {
    for (const s of article.sentences) expect(seedText).toContain(s.text);
  });

  it("does not split sentences at abbreviations such as U.N. and a.m.", () => {
    const texts = article.sentences.map((s) => s.text);
    expect(texts).toContain(
      "This treatment goes against U.N. Refugee Agency guidelines that say children have the right to remain united with their parents, and that asylum-seekers have a legal right to claim asylum.",
    );
    expect(texts).toContain("Updated June 22 at 7:20 a.m. PT: Adds that Amazon declined to comment.");
  });

  it("gives sentences stable ids made of paragraph and sentence numbers", () => {
    const ids = article.sentences.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(article.sentences.find((s) => s.text.startsWith("Since April 19, 2018"))?.id).toBe("p11.s4");
  });

  it("leaves page chrome out of the quotable text", () => {
    for (const chrome of ["3 min read", "Expertise", "Getty Images", "Sean knows far too much"]) {
      expect(article.text).not.toContain(chrome);
    }
  });
});

describe("malformed article files", () => {
  const broken = (from: string, to: string) => () => parseArticle(source.replace(from, to), "article.md");

  it("names the file, the line and the field when metadata is wrong", () => {
    expect(broken("year: 2018", "year: last year")).toThrow(`article.md:${lineOf("year: 2018")}: 'year'`);
  });

  it("names a missing metadata field", () => {
    expect(broken("outlet: CNET\n", "")).toThrow(/article\.md:\d+: 'outlet': .*/);
  });

  it("takes sourceUrl as an http(s) address only, naming its line otherwise", () => {
    const withSource = (url: string) => () =>
      parseArticle(source.replace("outlet: CNET\n", `outlet: CNET\nsourceUrl: ${url}\n`), "article.md");
    expect(withSource("https://www.example.com/original")().meta.sourceUrl).toBe(
      "https://www.example.com/original",
    );
    for (const bad of ["javascript:alert(1)", "ftp://files.example.com/a", "not a link"]) {
      expect(withSource(bad)).toThrow(/article\.md:\d+: 'sourceUrl': /);
    }
  });

  it("reports YAML that does not parse", () => {
    expect(broken("outlet: CNET", "outlet: [CNET")).toThrow(
      /article\.md:\d+: front matter is not valid YAML/,
    );
  });

  it("rejects an unknown section heading with its line", () => {
    expect(broken("## update", "## epilogue")).toThrow(
      `article.md:${lineOf("## update")}: unknown section 'epilogue'; use one of: report, letter, demands, update`,
    );
  });

  it("rejects a file without front matter", () => {
    expect(() => parseArticle("## report\n\nText.\n", "a.md")).toThrow("a.md:1: expected front matter");
  });

  it("rejects list items outside the demands section", () => {
    expect(broken("Dear Jeff,", "- Dear Jeff,")).toThrow(/a '- ' list item outside the demands section/);
  });
});
