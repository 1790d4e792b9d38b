import { z } from "zod";
import { BotError } from "../errors.js";
import type { Article } from "../types.js";
import type { AnswerType } from "./answer-type.js";
import type { ExampleQuestion, ExampleSet, ExampleTarget } from "./retrieve.js";

/**
 * The article's example questions as the engine reads them, saved beside the examples file
 * (`article.questions.compiled.json`, written by `npm run content:compile`), so that start-up does
 * not read and analyze thousands of questions again: each example's answer, kind of answer and
 * names, and the keys of its words (the arrays of `ExampleSet`). The loader takes it only when
 * its digest is that of the article and examples files as they are now; otherwise the examples
 * are read from their YAML file.
 */

/** Bumped whenever the compiled form, or how examples are read and analyzed, changes. */
export const COMPILED_FORMAT = 1;

/** One example: `[target, kind of answer, text, entities]`; the target is a sentence id, "fact:<key>" or "unanswered". */
type CompiledExample = [string, string, string, string[]];

const ints = z.array(z.number().int().nonnegative());
/**
 * The file's outline; its thousands of examples are checked one by one as they are read
 * (`exampleSetOf`), by hand: a schema for each would cost start-up tens of milliseconds.
 */
const CompiledSchema = z.object({
  format: z.literal(COMPILED_FORMAT),
  digest: z.string(),
  keys: z.array(z.string()),
  examples: z.array(z.unknown()),
  wordStart: ints,
  keyStart: ints,
  wordKeys: ints,
  /** The keys a word carries less than fully: `[place in wordKeys, strength]`. */
  weaker: z.array(z.tuple([z.number().int().nonnegative(), z.number()])),
});

/** The compiled examples file. */
export type CompiledExamples = Omit<z.infer<typeof CompiledSchema>, "examples"> & {
  examples: CompiledExample[];
};

function encodeTarget(target: ExampleTarget, article: Article): string {
  if (target.kind === "passage") return article.sentences[target.at]?.id ?? "";
  return target.kind === "fact" ? `fact:${target.key}` : "unanswered";
}

function decodeTarget(code: string, at: Map<string, number>): ExampleTarget | undefined {
  if (code === "unanswered") return { kind: "unanswered" };
  if (code.startsWith("fact:")) return { kind: "fact", key: code.slice("fact:".length) };
  const sentence = at.get(code);
  return sentence === undefined ? undefined : { kind: "passage", at: sentence };
}

/** The compiled form of analyzed examples, stamped with the digest of the files they came from. */
export function compileExamples(set: ExampleSet, article: Article, digest: string): CompiledExamples {
  const weaker: [number, number][] = [];
  set.keyStrength.forEach((strength, k) => {
    if (strength !== 1) weaker.push([k, strength]);
  });
  return {
    format: COMPILED_FORMAT,
    digest,
    keys: set.keys,
    examples: set.examples.map((e) => [encodeTarget(e.target, article), e.type, e.text, e.entities]),
    wordStart: [...set.wordStart],
    keyStart: [...set.keyStart],
    wordKeys: [...set.wordKeys],
    weaker,
  };
}

/** Reads a compiled examples file's JSON; a `BotError` naming the file when it is not one. */
export function parseCompiledExamples(json: string, file: string): CompiledExamples {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (err) {
    throw new BotError("content_invalid", `${file}: not valid JSON; run npm run content:compile`, {
      cause: err,
    });
  }
  const parsed = CompiledSchema.safeParse(data);
  const fail = () =>
    new BotError(
      "content_invalid",
      `${file}: not a compiled examples file of this version; run npm run content:compile`,
    );
  if (!parsed.success) throw fail();
  const c = parsed.data;
  // The arrays must point into each other: every word's keys and every example's words in range.
  const words = c.keyStart.length - 1;
  const consistent =
    c.examples.every(isExample) &&
    c.wordStart.length === c.examples.length + 1 &&
    c.wordStart.every((w) => w <= words) &&
    c.keyStart.every((k) => k <= c.wordKeys.length) &&
    c.wordKeys.every((id) => id < c.keys.length) &&
    c.weaker.every(([k]) => k < c.wordKeys.length);
  if (!consistent) throw fail();
  return c as CompiledExamples;
}

/** Whether a compiled example has its shape. */
function isExample(e: unknown): e is CompiledExample {
  if (!Array.isArray(e) || e.length !== 4) return false;
  const [code, type, text, entities] = e as unknown[];
  return (
    typeof code === "string" &&
    typeof type === "string" &&
    typeof text === "string" &&
    Array.isArray(entities) &&
    entities.every((s) => typeof s === "string")
  );
}

/** The analyzed examples of a compiled file, for the article it was compiled from. */
export function exampleSetOf(compiled: CompiledExamples, article: Article): ExampleSet {
  const at = new Map(article.sentences.map((s, i) => [s.id, i]));
  const keyStrength = new Float64Array(compiled.wordKeys.length).fill(1);
  for (const [k, strength] of compiled.weaker) keyStrength[k] = strength;
  const examples = compiled.examples.map(([code, type, text, entities]): ExampleQuestion => {
    const target = decodeTarget(code, at);
    if (!target)
      throw new BotError("content_invalid", `compiled examples: no sentence '${code}' in the article`);
    return { text, target, type: type as AnswerType, entities };
  });
  return {
    keys: compiled.keys,
    examples,
    wordStart: Int32Array.from(compiled.wordStart),
    keyStart: Int32Array.from(compiled.keyStart),
    wordKeys: Int32Array.from(compiled.wordKeys),
    keyStrength,
  };
}
