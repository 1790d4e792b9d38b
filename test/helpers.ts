import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DEFAULT_ARTICLE_PATH, loadArticle, loadLexicon } from "../src/content.js";
import { type Article, type BotReply, type BotRequest, createBot, type Quote } from "../src/core/index.js";

/** The article as the bot loads it, parsed once for all tests. */
export const article: Article = loadArticle(DEFAULT_ARTICLE_PATH);

/** The article alone, without its example questions. */
export const articleAlone: Article = { ...article, faq: undefined, faqCompiled: undefined };

/** The general English lexicon, loaded once for all tests. */
export const lexicon = loadLexicon();

/** The article as published, byte for byte: every quote must occur in it. */
export const seedText: string = readFileSync(
  fileURLToPath(new URL("../content/article.txt", import.meta.url)),
  "utf8",
);

/** A bot over the real article with a fixed random source. */
export const makeBot = (options: Partial<Parameters<typeof createBot>[0]> = {}) =>
  createBot({ article, lexicon, random: () => 0.5, ...options });

/** A request from a test channel; override any field. */
export const request = (text: string, overrides: Partial<BotRequest> = {}): BotRequest => ({
  where: { platform: "console", workspace: "test", channel: "general" },
  user: "tester",
  source: "command",
  text,
  ...overrides,
});

/** Every quote a reply shows, in order, including a list's introduction. */
export const quotesOf = (reply: BotReply): Quote[] =>
  reply.blocks.flatMap((b) =>
    b.type === "quote"
      ? [b.quote]
      : b.type === "quote-list"
        ? [...(b.intro ? [b.intro] : []), ...b.items]
        : [],
  );
