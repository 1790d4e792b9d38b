import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Article, BotError, parseArticle } from "./core/index.js";

/** Where the article lives, relative to the project root. */
export const DEFAULT_ARTICLE_PATH = fileURLToPath(new URL("../content/article.md", import.meta.url));

/** Reads and validates the article file; throws a `BotError` naming the file and line on any problem. */
export function loadArticle(path = DEFAULT_ARTICLE_PATH): Article {
  let source: string;
  try {
    source = readFileSync(path, "utf8");
  } catch (err) {
    throw new BotError("content_invalid", `${path}: cannot read the article file`, { cause: err });
  }
  return parseArticle(source, path);
}
