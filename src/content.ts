import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type Article,
  BotError,
  examplesPathFor,
  type Lexicon,
  parseArticle,
  parseExamples,
  parseLexicon,
} from "./core/index.js";

/** The article letterbot discusses unless `ARTICLE_PATH` names another. */
export const DEFAULT_ARTICLE_PATH = fileURLToPath(new URL("../content/article.md", import.meta.url));

/** The article file to load: `ARTICLE_PATH` (relative to the working folder) or the default. */
export function articlePath(env: NodeJS.ProcessEnv = process.env): string {
  const set = env.ARTICLE_PATH?.trim();
  return set ? resolve(set) : DEFAULT_ARTICLE_PATH;
}

/** A file's text; a `BotError` naming it when it cannot be read. */
function readContent(path: string, what: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    throw new BotError("content_invalid", `${path}: cannot read ${what}`, { cause: err });
  }
}

/**
 * Reads and validates the article file, with its example questions when the file beside it
 * (`article.questions.yml` for `article.md`) exists; throws a `BotError` naming the file and line
 * on any problem in either.
 */
export function loadArticle(path = articlePath()): Article {
  const article = parseArticle(readContent(path, "the article file"), path);
  const examples = examplesPathFor(path);
  if (!existsSync(examples)) return article;
  return {
    ...article,
    faq: parseExamples(readContent(examples, "the example questions"), article, examples),
  };
}

/** The general English lexicon the answer engine reads (see `scripts/build-lexicon.ts`). */
export const DEFAULT_LEXICON_PATH = fileURLToPath(new URL("../lexicon/english.txt", import.meta.url));

/** Reads the lexicon with the word vectors and the word index beside it (`vectors.bin`, `index.bin`); throws a `BotError` naming the file at fault. */
export function loadLexicon(path = DEFAULT_LEXICON_PATH): Lexicon {
  const beside = (name: string) => {
    // A view of the file's bytes, not a copy of them.
    const bytes = readFileSync(join(dirname(path), name));
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
  try {
    // The lexicon is ASCII, which reads faster as Latin-1 than as UTF-8.
    return parseLexicon(readFileSync(path, "latin1"), beside("vectors.bin"), beside("index.bin"));
  } catch (err) {
    throw new BotError("content_invalid", `${path}: cannot read the lexicon, its vectors or its word index`, {
      cause: err,
    });
  }
}
