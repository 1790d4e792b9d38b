import { describe, expect, it } from "vitest";
import { parseArticle } from "../../../src/core/index.js";
import { buildKnowledge, spelledOutAcronyms } from "../../../src/core/search/knowledge.js";
import { tokenize } from "../../../src/core/search/normalize.js";
import { article } from "../../helpers.js";

describe("spelledOutAcronyms", () => {
  it("finds the capitalized words an acronym's letters stand for, skipping small words", () => {
    const found = spelledOutAcronyms(
      "The National Labor Relations Board received a charge. The NLRB said the Department of Labor (DOL) would look.",
    );
    expect(found.get("NLRB")).toBe("National Labor Relations Board");
    expect(found.get("DOL")).toBe("Department of Labor");
  });
});

describe("buildKnowledge", () => {
  const knowledge = buildKnowledge(article);
  const mentioned = (text: string) => knowledge.mentions(tokenize(text)).map((m) => m.entity.name);

  it("finds entities by name, alias and expansion, longest name first", () => {
    expect(mentioned("Jeff wrote to the Department of Homeland Security and ICE")).toEqual([
      "Jeff Bezos",
      "DHS",
      "ICE",
    ]);
    expect(mentioned("Amazon workers and Amazon")).toEqual(["Amazon employees", "Amazon"]);
  });

  it("knows what each entity is, and what a kind is said of", () => {
    expect(knowledge.ofKind("agenc").map((k) => k.entity.name)).toEqual(
      expect.arrayContaining(["ICE", "DHS"]),
    );
    const ceo = knowledge.ofKind("ceo").find((k) => k.entity.name === "Jeff Bezos");
    expect(ceo?.of.has("amazon")).toBe(true);
  });

  it("reads the letter's voices from the front matter", () => {
    expect(knowledge.voices.you).toContain("@jeff-bezo");
    expect(knowledge.voices.company).toContain("@amazon");
  });

  it("infers the voices of a letter whose front matter does not name them", () => {
    const other = parseArticle(`---
title: T
author: A
outlet: O
---

## report

Nurses at the city hospital wrote to the director on Monday.

## letter

Dear Ms. Brandt,

We ask for more staff.
`);
    const inferred = buildKnowledge(other).voices;
    expect(inferred.we).toEqual(["nurs"]);
    expect(inferred.you).toEqual(["brandt"]);
  });
});
