import { describe, expect, it } from "vitest";
import { renderPlainText } from "../../src/adapters/text.js";
import { makeBot, request } from "../helpers.js";

describe("plain-text rendering", () => {
  const bot = makeBot();

  it("numbers the demands after their introduction and cites the paragraphs once", async () => {
    const text = renderPlainText(await bot.handle(request("demands")));
    expect(text).toContain(
      [
        "> We call on you to:",
        "  1. Stop selling facial recognition services to law enforcement",
        "  2. Stop providing infrastructure to Palantir and any other Amazon partners who enable ICE.",
      ].join("\n"),
    );
    expect(text).toContain("— the employees' letter, ¶15–18");
  });

  it("starts a single demand at its own number", async () => {
    expect(renderPlainText(await bot.handle(request("demands 3")))).toContain(
      "  3. Implement strong transparency",
    );
  });

  it("writes headings as they are, or in capitals for a terminal", async () => {
    const reply = await bot.handle(request("context 2"));
    expect(renderPlainText(reply)).toContain("¶2 in context");
    expect(renderPlainText(reply, { loudHeadings: true })).toContain("¶2 IN CONTEXT");
  });

  it("puts each quote's citation under it", async () => {
    const text = renderPlainText(await bot.handle(request("context 9")));
    expect(text).toContain("> Dear Jeff,\n  — the employees' letter, ¶9");
  });
});
