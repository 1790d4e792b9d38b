import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadArticle } from "../../../src/content.js";
import {
  examplesPathFor,
  examplesProblems,
  factValue,
  isBotError,
  parseArticle,
  parseExamples,
} from "../../../src/core/index.js";

const article = parseArticle(`---
title: Bakers ask mayor to keep the night market open
author: Ana Lima
outlet: Town Crier
image:
  credit: Jo Park, Town Crier
expertise: [Food, Cities]
---

## report

Bakers wrote to Mayor Tom Reyes on Friday. The market draws about 3,000 visitors a night.

The market has run every Thursday since 2009.
`);

/** The message of the error parsing `source` throws. */
const failure = (source: string) => {
  try {
    parseExamples(source, article, "faq.yml");
  } catch (err) {
    if (isBotError(err, "content_invalid")) return err.message;
    throw err;
  }
  throw new Error("expected the examples to be refused");
};

describe("parseExamples", () => {
  it("files each question under the sentence holding the passage's words, by id, or under a fact", () => {
    const faq = parseExamples(
      `answers:
  - passage: "draws about 3,000 visitors"
    questions:
      - how busy is it
      - "how many people come?"
  - passage: p2.s1
    questions: [since when]
  - fact: image.credit
    questions: [who took the photo]
unanswered:
  - how much does a stall cost
`,
      article,
      "faq.yml",
    );
    expect(faq.answers.map((a) => a.target)).toEqual([
      { kind: "passage", id: "p1.s2" },
      { kind: "passage", id: "p2.s1" },
      { kind: "fact", key: "image.credit" },
    ]);
    expect(faq.answers[0]?.questions).toEqual([
      { text: "how busy is it", line: 4 },
      { text: "how many people come?", line: 5 },
    ]);
    expect(faq.unanswered).toEqual([{ text: "how much does a stall cost", line: 11 }]);
  });

  it("reads an empty file as no examples", () => {
    expect(parseExamples("", article)).toMatchObject({ answers: [], unanswered: [] });
  });

  it("stops at the first problem with the file and line", () => {
    expect(failure(`answers:\n  - passage: "draws about 4,000 visitors"\n    questions: [how busy]\n`)).toBe(
      'faq.yml:2: the passage is not in the article, word for word: "draws about 4,000 visitors"',
    );
    expect(failure(`answers:\n  - passage: "The market"\n    questions: [what market]\n`)).toMatch(
      /^faq\.yml:2: the passage is in 2 sentences \(p1\.s2, p2\.s1\); quote more words/,
    );
    expect(failure(`answers:\n  - passage: "on Friday. The market"\n    questions: [when]\n`)).toMatch(
      /^faq\.yml:2: the passage runs over more than one sentence/,
    );
    expect(failure(`answers:\n  - passage: p9.s1\n    questions: [when]\n`)).toBe(
      "faq.yml:2: no sentence 'p9.s1' in the article",
    );
    expect(failure(`answers:\n  - fact: image.caption\n    questions: [what is in the photo]\n`)).toMatch(
      /^faq\.yml:2: the front matter has no fact 'image\.caption'/,
    );
    expect(failure(`answers:\n  - passage: p1.s1\n    question: [who wrote]\n`)).toMatch(
      /^faq\.yml:3: .*unknown key 'question'/,
    );
    expect(failure(`answers:\n  - passage: p1.s1\n    fact: author\n    questions: [who]\n`)).toMatch(
      /^faq\.yml:2: .*either a passage or a fact/,
    );
    expect(failure(`answers:\n  - passage: p1.s1\n    questions: []\n`)).toMatch(
      /^faq\.yml:3: .*at least one/,
    );
    expect(failure(`answers: [\n`)).toMatch(/^faq\.yml:\d+: not valid YAML/);
  });

  it("names front-matter facts by dotted keys, lists included", () => {
    expect(factValue(article.meta, "image.credit")).toBe("Jo Park, Town Crier");
    expect(factValue(article.meta, "expertise")).toBe("Food, Cities");
    expect(factValue(article.meta, "image")).toBeUndefined();
    expect(factValue(article.meta, "title.length")).toBeUndefined();
  });
});

describe("examplesProblems", () => {
  it("finds a question filed under two answers, or answered and unanswered, and one listed twice", () => {
    const faq = parseExamples(
      `answers:
  - passage: p1.s1
    questions: [Who did they write to?, who did they  write to]
  - passage: p1.s2
    questions: [who did they write to]
unanswered: [WHO did they write to]
`,
      article,
    );
    expect(examplesProblems(faq)).toEqual([
      { line: 3, severity: "warning", message: '"who did they  write to" is listed already, on line 3' },
      {
        line: 5,
        severity: "error",
        message: '"who did they write to" is filed under p1.s2 here and under p1.s1 on line 3; keep one',
      },
      {
        line: 6,
        severity: "error",
        message: '"WHO did they write to" is filed under unanswered here and under p1.s1 on line 3; keep one',
      },
    ]);
  });
});

describe("loadArticle", () => {
  it("reads the examples beside the article, with the same name and .questions.yml", () => {
    const dir = mkdtempSync(join(tmpdir(), "letterbot-faq-"));
    const file = join(dir, "story.md");
    writeFileSync(
      file,
      article.text ? `---\ntitle: T\nauthor: A\noutlet: O\n---\n\n## report\n\nOne sentence here.\n` : "",
    );
    expect(loadArticle(file).faq).toBeUndefined();
    expect(examplesPathFor(file)).toBe(join(dir, "story.questions.yml"));
    writeFileSync(
      join(dir, "story.questions.yml"),
      "answers:\n  - passage: One sentence\n    questions: [what]\n",
    );
    expect(loadArticle(file).faq?.answers[0]?.target).toEqual({ kind: "passage", id: "p1.s1" });
    writeFileSync(
      join(dir, "story.questions.yml"),
      "answers:\n  - passage: Two sentences\n    questions: [what]\n",
    );
    expect(() => loadArticle(file)).toThrow(/story\.questions\.yml:2: the passage is not in the article/);
  });
});
