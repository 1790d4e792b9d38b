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

/** An array, its elements unchecked here. */
const list = z.custom<unknown[]>((v) => Array.isArray(v), "an array");

/**
 * The file's outline. Its large arrays (thousands of examples, tens of thousands of numbers) are
 * checked by hand (`parseCompiledExamples`): a schema walking each element would cost start-up
 * tens of milliseconds.
 */
const CompiledSchema = z.object({
  format: z.literal(COMPILED_FORMAT),
  digest: z.string(),
  keys: z.array(z.string()),
  examples: list,
  wordStart: list,
  keyStart: list,
  wordKeys: list,
  /** The keys a word carries less than fully: `[place in wordKeys, strength]`. */
  weaker: z.array(z.tuple([z.number().int().nonnegative(), z.number()])),
});

/** The compiled examples file. */
export type CompiledExamples = Omit<
  z.infer<typeof CompiledSchema>,
  "examples" | "wordStart" | "keyStart" | "wordKeys"
> & {
  examples: CompiledExample[];
  wordStart: number[];
  keyStart: number[];
  wordKeys: number[];
};

/** Whether every element is a whole number from 0 to below `limit`. */
function indices(list: unknown[], limit: number): list is number[] {
  for (const x of list) if (!Number.isInteger(x) || (x as number) < 0 || (x as number) >= limit) return false;
  return true;
}

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
  // The arrays must point into each other: every example's words, and every word's keys, in range.
  const consistent =
    c.examples.every(isExample) &&
    c.wordStart.length === c.examples.length + 1 &&
    indices(c.keyStart, c.wordKeys.length + 1) &&
    indices(c.wordStart, c.keyStart.length) &&
    indices(c.wordKeys, c.keys.length) &&
    c.weaker.every(([k]) => k < c.wordKeys.length);
  if (!consistent) throw fail();
  return c as unknown as CompiledExamples;
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
