import { describe, expect, it } from "vitest";
import { cleanChat } from "../../../src/core/search/chat.js";

describe("cleanChat", () => {
  it("drops mentions, channel links and URLs", () => {
    expect(cleanChat("<@U04LTRBOT> what's new in <#C123|general>?")).toBe("what's new in ?");
    expect(cleanChat("@letterbot demands https://example.com/x")).toBe("demands");
  });

  it("reads texting shorthand as the words it stands for", () => {
    expect(cleanChat("wat r u saying abt the govt")).toBe("what are you saying about the government");
    expect(cleanChat("they wanna know smth, dunno what")).toBe(
      "they want to know something, do not know what",
    );
    expect(cleanChat("whos the ceo")).toBe("who is the ceo");
  });

  it("keeps tl;dr as one word and leaves other text as it is", () => {
    expect(cleanChat("tl;dr?")).toBe("tldr?");
    expect(cleanChat("Who is the author?")).toBe("Who is the author?");
  });
});
