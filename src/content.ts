import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type Article,
  type ArticleExamples,
  BotError,
  COMPILED_FORMAT,
  examplesPathFor,
  type Lexicon,
  parseArticle,
  parseCompiledExamples,
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

/** The compiled form of an article's examples, beside them: `article.questions.compiled.json`. */
export function compiledPathFor(articleFile: string): string {
  return examplesPathFor(articleFile).replace(/\.yml$/, ".compiled.json");
}

/** What a compiled examples file must have been compiled from: these article and examples files, in this format. */
export function examplesDigest(articleSource: string, examplesSource: string): string {
  return createHash("sha256")
    .update(`letterbot examples ${COMPILED_FORMAT}\n`)
    .update(articleSource)
    .update("\0")
    .update(examplesSource)
    .digest("hex");
}

/**
 * Reads and validates the article file, with its example questions when the file beside it
 * (`article.questions.yml` for `article.md`) exists: compiled (`npm run content:compile`) when
 * the compiled file beside them was made from these very files, which spares start-up reading
 * them again; otherwise from the YAML. Throws a `BotError` naming the file and line on any
 * problem in either.
 */
export function loadArticle(path = articlePath()): Article {
  const source = readContent(path, "the article file");
  const article = parseArticle(source, path);
  const examples = examplesPathFor(path);
  if (!existsSync(examples)) return article;
  const examplesSource = readContent(examples, "the example questions");
  const compiledFile = compiledPathFor(path);
  if (existsSync(compiledFile)) {
    // A compiled file that cannot be read, or was made from other files, is passed over: the
    // examples are read from their YAML, which takes longer and gives the same answers.
    const compiled = (() => {
      try {
        return parseCompiledExamples(readContent(compiledFile, "the compiled examples"), compiledFile);
      } catch {
        return undefined;
      }
    })();
    if (compiled?.digest === examplesDigest(source, examplesSource))
      return { ...article, faqCompiled: compiled };
  }
  return { ...article, faq: parseExamples(examplesSource, article, examples) };
}

/** An article's example questions as written, from the YAML file beside it (none when there is none). */
export function loadExamples(path = articlePath()): ArticleExamples | undefined {
  const examples = examplesPathFor(path);
  if (!existsSync(examples)) return undefined;
  const article = parseArticle(readContent(path, "the article file"), path);
  return parseExamples(readContent(examples, "the example questions"), article, examples);
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
