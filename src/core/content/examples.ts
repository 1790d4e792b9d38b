import {
  type Document,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  stringify,
} from "yaml";
import { z } from "zod";
import { BotError } from "../errors.js";
import type { Article, ArticleMeta, Passage } from "../types.js";

/**
 * The article's FAQ: example questions, each filed under the sentence or the front-matter fact
 * that answers it, and on-topic questions the article does not answer. It lives beside the
 * article, with the same name and `.questions.yml` (`content/article.questions.yml`), and is
 * optional. Every problem is reported as `file:line: what is wrong`, like the article's.
 *
 *   answers:
 *     - passage: "words copied verbatim from one sentence"   # or its id: p11.s2
 *       questions: ["who signed it", "how many signed"]
 *     - fact: image.credit                                   # a front-matter key
 *       questions: ["who took the photo"]
 *   unanswered: ["how many employees signed the letter"]
 */

/** One example question and the line it is on. */
export interface ExampleQuestion {
  text: string;
  line: number;
}

/** What an entry's questions are answered by: a sentence of the article, or a front-matter value. */
export type ExampleTarget = { kind: "passage"; id: string } | { kind: "fact"; key: string };

export interface ExampleAnswer {
  target: ExampleTarget;
  questions: ExampleQuestion[];
  /** The line of the entry's `passage:` or `fact:`. */
  line: number;
}

export interface ArticleExamples {
  /** The file they were read from, for messages. */
  file: string;
  answers: ExampleAnswer[];
  unanswered: ExampleQuestion[];
}

/** The examples file of an article file: `article.md` → `article.questions.yml`. */
export function examplesPathFor(articleFile: string): string {
  return `${articleFile.replace(/\.[^./\\]+$/, "")}.questions.yml`;
}

const question = z.string().trim().min(1, "an example question must not be empty");
const EntrySchema = z
  .strictObject({
    passage: z.union([z.string().min(1), z.number()]).optional(),
    fact: z.string().min(1).optional(),
    questions: z.array(question).min(1, "an entry needs at least one question"),
  })
  .refine((e) => (e.passage === undefined) !== (e.fact === undefined), {
    message: "an entry names either a passage or a fact, not both and not neither",
  });
const ExamplesSchema = z.strictObject({
  answers: z.array(EntrySchema).default([]),
  unanswered: z.array(question).default([]),
});

/** A sentence id such as `p11.s2`. */
const SENTENCE_ID = /^p\d+\.s\d+$/;

/** A front-matter value by its dotted key, when it is one a reader can be told: text, a number, or a list of them. */
export function factValue(meta: ArticleMeta, key: string): string | undefined {
  let value: unknown = meta;
  for (const part of key.split(".")) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  if (typeof value === "string" || typeof value === "number") return String(value);
  if (Array.isArray(value) && value.length && value.every((v) => typeof v === "string"))
    return value.join(", ");
  return undefined;
}

/** The sentence a passage names: by id, or the one sentence holding its words verbatim. */
function findSentence(passage: string, article: Article): { found?: Passage; problem?: string } {
  if (SENTENCE_ID.test(passage)) {
    const found = article.sentences.find((s) => s.id === passage);
    return found ? { found } : { problem: `no sentence '${passage}' in the article` };
  }
  const holding = article.sentences.filter((s) => s.text.includes(passage));
  if (holding.length === 1) return { found: holding[0] as Passage };
  if (holding.length > 1)
    return {
      problem: `the passage is in ${holding.length} sentences (${holding.map((s) => s.id).join(", ")}); quote more words to pick one: "${passage}"`,
    };
  if (/^p\d+$/.test(passage))
    return { problem: `'${passage}' is a paragraph; name one of its sentences (${passage}.s1)` };
  return article.text.includes(passage)
    ? { problem: `the passage runs over more than one sentence; quote words of one: "${passage}"` }
    : { problem: `the passage is not in the article, word for word: "${passage}"` };
}

/**
 * Parses an examples file against its article. Throws a `BotError` (`content_invalid`) naming the
 * file and line of the first problem: invalid YAML, an unknown key, a passage that is not one
 * sentence's words, a fact the front matter does not have.
 */
export function parseExamples(
  source: string,
  article: Article,
  file = "article.questions.yml",
): ArticleExamples {
  const counter = new LineCounter();
  const doc = parseDocument(source, { lineCounter: counter, prettyErrors: false });
  const lineAt = (offset: number | undefined) => (offset === undefined ? 1 : counter.linePos(offset).line);
  const fail = (line: number, what: string): never => {
    throw new BotError("content_invalid", `${file}:${line}: ${what}`);
  };
  const yamlError = doc.errors[0];
  if (yamlError) fail(lineAt(yamlError.pos[0]), `not valid YAML: ${yamlError.code}`);
  if (doc.contents === null) return { file, answers: [], unanswered: [] };
  /** The line of the node at a path, or of the nearest node above it when it is missing. */
  const lineOf = (path: (string | number)[]): number => {
    for (let n = path.length; n >= 0; n--) {
      const node = nodeAt(doc, path.slice(0, n));
      if (node?.range) return lineAt(node.range[0]);
    }
    return 1;
  };

  const parsed = ExamplesSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    // A misspelt key is what to report, not the key it leaves missing.
    const issues = parsed.error.issues;
    const issue = (issues.find((i) => i.code === "unrecognized_keys") ?? issues[0]) as z.core.$ZodIssue;
    const path = issue.path.filter((k): k is string | number => typeof k !== "symbol");
    // A key that should not be there is reported at that key.
    const unknown = issue.code === "unrecognized_keys" ? issue.keys[0] : undefined;
    const where = unknown !== undefined ? [...path, unknown] : path;
    const what =
      unknown !== undefined
        ? `unknown key '${unknown}'; an entry has 'passage' or 'fact', and 'questions'`
        : issue.message;
    return fail(lineOf(where), `${path.length ? `'${path.join(".")}': ` : ""}${what}`);
  }

  const answers = parsed.data.answers.map((entry, i): ExampleAnswer => {
    const named = entry.passage !== undefined ? "passage" : "fact";
    const line = lineOf(["answers", i, named]);
    const questions = entry.questions.map((text, j) => ({
      text,
      line: lineOf(["answers", i, "questions", j]),
    }));
    if (entry.fact !== undefined) {
      if (factValue(article.meta, entry.fact) === undefined)
        fail(
          line,
          `the front matter has no fact '${entry.fact}' (a key such as author, outlet, image.credit)`,
        );
      return { target: { kind: "fact", key: entry.fact }, questions, line };
    }
    const { found, problem } = findSentence(String(entry.passage), article);
    if (!found) return fail(line, problem as string);
    return { target: { kind: "passage", id: found.id }, questions, line };
  });
  const unanswered = parsed.data.unanswered.map((text, j) => ({ text, line: lineOf(["unanswered", j]) }));
  return { file, answers, unanswered };
}

/** The node at a path of keys and positions, for its line. */
function nodeAt(doc: Document, path: (string | number)[]): Node | undefined {
  let node: unknown = doc.contents;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
      // A key's own position, when it is the last step: the value may be missing.
      node = pair && key === path.at(-1) && !pair.value ? pair.key : pair?.value;
    } else if (isSeq(node) && typeof key === "number") node = node.items[key];
    else return undefined;
  }
  return (node ?? undefined) as Node | undefined;
}

/** A problem an author should fix in an examples file: an error, or a warning. */
export interface ExamplesProblem {
  line: number;
  severity: "error" | "warning";
  message: string;
}

/** An example question as duplicates are found: by its letters and digits alone, in lower case. */
export const exampleKey = (question: string) =>
  question
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();

const describeTarget = (target: ExampleTarget | undefined) =>
  !target ? "unanswered" : target.kind === "fact" ? `fact ${target.key}` : target.id;

/**
 * What a parsed examples file still gets wrong: one question filed under two answers, or as both
 * answered and unanswered (errors: the engine cannot honour both), and one question listed twice
 * under the same answer (a warning).
 */
export function examplesProblems(examples: ArticleExamples): ExamplesProblem[] {
  const problems: ExamplesProblem[] = [];
  const seen = new Map<string, { target: ExampleTarget | undefined; line: number }>();
  const file = (text: string, line: number, target: ExampleTarget | undefined) => {
    const key = exampleKey(text);
    const first = seen.get(key);
    if (!first) {
      seen.set(key, { target, line });
      return;
    }
    const same = describeTarget(first.target) === describeTarget(target);
    problems.push(
      same
        ? { line, severity: "warning", message: `"${text}" is listed already, on line ${first.line}` }
        : {
            line,
            severity: "error",
            message: `"${text}" is filed under ${describeTarget(target)} here and under ${describeTarget(first.target)} on line ${first.line}; keep one`,
          },
    );
  };
  for (const answer of examples.answers)
    for (const q of answer.questions) file(q.text, q.line, answer.target);
  for (const q of examples.unanswered) file(q.text, q.line, undefined);
  return problems.sort((a, b) => a.line - b.line);
}

/**
 * Questions and the sentences (by id) that answer them, as an examples file: one entry per
 * sentence, in the article's order, its questions once each, ready to merge into `content/`.
 */
export function formatExamples(
  pairs: readonly { question: string; passage: string }[],
  article: Article,
): string {
  const bySentence = new Map<string, Set<string>>();
  for (const { question, passage } of pairs) {
    const sentence = article.sentences.find((s) => s.id === passage || s.id.startsWith(`${passage}.`));
    if (!sentence) continue;
    const questions = bySentence.get(sentence.id) ?? new Set<string>();
    questions.add(question.replace(/\s+/g, " ").trim());
    bySentence.set(sentence.id, questions);
  }
  const answers = article.sentences
    .filter((s) => bySentence.has(s.id))
    .map((s) => ({ passage: s.id, questions: [...(bySentence.get(s.id) ?? [])] }));
  return stringify({ answers, unanswered: [] });
}
