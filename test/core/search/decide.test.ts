import { describe, expect, it } from "vitest";
import { decide } from "../../../src/core/search/decide.js";
import type { Scored } from "../../../src/core/search/rerank.js";
import type { Doc } from "../../../src/core/search/retrieve.js";
import type { QueryTerm } from "../../../src/core/search/terms.js";
import type { Query } from "../../../src/core/search/understand.js";
import { article } from "../../helpers.js";

const term = (text: string, weight: number, extra: Partial<QueryTerm> = {}): QueryTerm => ({
  text,
  position: 0,
  keys: new Map([[text, 1]]),
  weight,
  known: true,
  english: true,
  number: false,
  ...extra,
});
const query = (terms: QueryTerm[], claim = false): Query => ({
  text: "",
  intent: { kind: "question" },
  expect: { type: "any", focus: [], yesNo: claim, claim, text: "", asked: "" },
  terms,
  tokens: [],
  wording: [],
  head: new Set(),
  nearIntents: () => [],
});
const passage = (i: number) => article.sentences[i] as Doc["passage"];
const scored = (at: number, quality: number[], extra: Partial<Scored> = {}): Scored => {
  const coverage = quality.reduce((a, b) => a + b, 0) / quality.length;
  return {
    doc: { at, passage: passage(at), stems: new Set([`s${at}`]) } as unknown as Doc,
    coverage,
    quality,
    reach: quality,
    typed: true,
    example: 0,
    support: 0,
    score: coverage,
    ...extra,
  };
};

describe("decide", () => {
  const terms = [term("a", 1), term("b", 1)];

  it("answers with a passage that holds the question, and adds others close behind", () => {
    const d = decide(query(terms), [scored(0, [1, 1]), scored(3, [1, 0.8])], 3);
    expect(d.outcome).toBe("answer");
    expect(d.chosen.map((s) => s.doc.at)).toEqual([0, 3]);
  });

  it("does not answer without the kind of answer asked for, but offers the passage as closest", () => {
    const d = decide(query(terms), [scored(0, [1, 1], { typed: false })], 3);
    expect(d).toMatchObject({ outcome: "closest", reason: "wrong-kind" });
  });

  it("does not answer with a passage missing a word that carries much of the question", () => {
    const d = decide(query(terms), [scored(0, [1, 0.2])], 3);
    expect(d.outcome).toBe("closest");
  });

  it("lets a claim's passage answer though it lacks what the claim gets wrong", () => {
    const d = decide(query(terms, true), [scored(0, [1, 0.2])], 3);
    expect(d.outcome).toBe("answer");
  });

  it("quotes nothing when the question is about what the article never mentions", () => {
    const unknown = [term("a", 1), term("css", 2, { known: false, english: false })];
    expect(decide(query(unknown), [scored(0, [1, 0])], 3)).toMatchObject({ outcome: "decline", chosen: [] });
    expect(decide(query([]), [], 3)).toMatchObject({ outcome: "decline", reason: "no-topic" });
  });
});
