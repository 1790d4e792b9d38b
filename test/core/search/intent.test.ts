import { describe, expect, it } from "vitest";
import { parseArticle } from "../../../src/core/index.js";
import { createAnalyzer } from "../../../src/core/search/analyze.js";
import { createIntentClassifier } from "../../../src/core/search/intent.js";
import { buildKnowledge } from "../../../src/core/search/knowledge.js";
import { buildIndex } from "../../../src/core/search/retrieve.js";
import { article, lexicon } from "../../helpers.js";

const analyzer = createAnalyzer(lexicon, buildKnowledge(article));
const classifier = createIntentClassifier(analyzer, buildIndex(article, analyzer), article.meta);
const intent = (text: string, claim = false) => classifier.classify(text, claim);

describe("createIntentClassifier", () => {
  it("recognises a request from phrasings none of its examples use", () => {
    expect(intent("what exactly are the employees requesting")).toEqual({ kind: "request", name: "demands" });
    expect(intent("can you give me a summary")).toEqual({ kind: "request", name: "summary" });
    expect(intent("who is the journalist behind this piece")).toEqual({ kind: "meta", slots: ["author"] });
    expect(intent("photographer?")).toEqual({ kind: "meta", slots: ["photo"] });
  });

  it("reads a request for something else as that request, even on the article's topic", () => {
    const elsewhere = { kind: "request", name: "elsewhere" };
    expect(intent("write a poem about facial recognition")).toEqual(elsewhere);
    expect(intent("tell me a joke about the police")).toEqual(elsewhere);
    expect(intent("what's the stock price today")).toEqual(elsewhere);
    // The article's words before the topic word make it a question about the article.
    expect(intent("what did the employees write about facial recognition").kind).not.toBe("request");
  });

  it("reads a number the article gives as what is asked about, not as part of a request", () => {
    expect(intent("what about the 150,000?")).toEqual({ kind: "question" });
    expect(intent("summarize this in one sentence")).toEqual({ kind: "request", name: "summary" });
  });

  it("knows a request for something else by its verb, whatever it asks for", () => {
    const elsewhere = { kind: "request", name: "elsewhere" };
    expect(intent("recommend a podcast for the train")).toEqual(elsewhere);
    expect(intent("translate the headline into german")).toEqual(elsewhere);
    // In an article that uses the verb, a question about what it says with it stays a question.
    const other = parseArticle(`---
title: Nurses question a scheduling tool
author: Ana Lima
outlet: Town Crier
---

## report

Managers accepted the software's recommendation most of the time.
`);
    const otherAnalyzer = createAnalyzer(lexicon, buildKnowledge(other));
    const otherIntent = createIntentClassifier(otherAnalyzer, buildIndex(other, otherAnalyzer), other.meta);
    expect(otherIntent.classify("what does the software recommend")).toEqual({ kind: "question" });
  });

  it("lets an everyday word go unexplained more easily than a telling one", () => {
    expect(intent("which paper ran this")).toEqual({ kind: "meta", slots: ["outlet"] });
    expect(intent("which newspaper criticized this article")).toEqual({ kind: "question" });
  });

  it("reads a request narrowed by a word of the article as a question, with the request as a hint", () => {
    expect(intent("what do they want amazon to disclose about palantir")).toEqual({
      kind: "question",
      hint: "demands",
    });
  });

  it("keeps questions about the letter apart from questions about the article", () => {
    expect(intent("who wrote the letter")).toEqual({ kind: "request", name: "sender" });
    expect(intent("who wrote the article")).toEqual({ kind: "meta", slots: ["author"] });
  });

  it("finds an item of the list by its place", () => {
    expect(intent("3rd demand")).toEqual({ kind: "demand", place: 3 });
    expect(intent("what was the last bullet")).toEqual({ kind: "demand", place: -1 });
  });

  it("reads requests with a topic, and a topic that is itself a request", () => {
    expect(intent("quote the part about shareholder value")).toEqual({
      kind: "quote",
      topic: "shareholder value",
    });
    expect(intent("find where it mentions asylum")).toEqual({ kind: "find", topic: "asylum" });
    expect(intent("test - show me the demands")).toEqual({ kind: "request", name: "demands" });
  });

  it("answers each part of a question of several requests", () => {
    const several = intent("who took the photo and who wrote it");
    expect(several.kind).toBe("several");
    if (several.kind === "several") {
      expect(several.parts.map((p) => p.intent)).toEqual([
        { kind: "meta", slots: ["photo"] },
        { kind: "meta", slots: ["author"] },
      ]);
    }
  });

  it("takes greetings as chat and other questions as questions", () => {
    expect(intent("hey there")).toEqual({ kind: "request", name: "chat" });
    expect(intent("what is palantir")).toEqual({ kind: "question" });
  });

  it("reads two questions asked in full as two, the later one told what its pronoun stands for", () => {
    expect(intent("what is palantir and who runs it")).toEqual({
      kind: "several",
      parts: [
        { intent: { kind: "question" }, text: "what is palantir" },
        { intent: { kind: "question" }, text: "who runs it (palantir)" },
      ],
    });
    // One question that names two things stays one.
    expect(intent("what did palantir and ice do")).toEqual({ kind: "question" });
  });

  it("reads a question about the present moment as a request for something else", () => {
    for (const q of [
      "what time is it in chicago",
      "what's the time",
      "what day is it",
      "what's the date today",
    ])
      expect(intent(q)).toEqual({ kind: "request", name: "elsewhere" });
    expect(intent("what time was the update posted")).toEqual({ kind: "question" });
    expect(intent("what day is the meeting")).toEqual({ kind: "question" });
  });

  it("reads advice for the asker as a request for something else, unless the bot gives it", () => {
    expect(intent("how do i become a nurse")).toEqual({ kind: "request", name: "elsewhere" });
    expect(intent("should i buy the stock")).toEqual({ kind: "request", name: "elsewhere" });
    expect(intent("how do i use you")).toEqual({ kind: "request", name: "help" });
  });

  it("takes no account of how the reply should read", () => {
    expect(intent("summarize this in one sentence")).toEqual({ kind: "request", name: "summary" });
    expect(intent("give me the demands in short")).toEqual({ kind: "request", name: "demands" });
  });

  it("never reads a claim as a request to the bot or for something else", () => {
    // Read as a question, "using" would be near the help request's "usage".
    expect(intent("it's about cops using face scan stuff", true)).toEqual({ kind: "question" });
    expect(intent("how do i use you")).toEqual({ kind: "request", name: "help" });
  });

  it("lets a claim name what the article never says without losing its request", () => {
    expect(intent("the new york times broke this story", true)).toEqual({
      kind: "meta",
      slots: ["firstReported"],
    });
  });
});
