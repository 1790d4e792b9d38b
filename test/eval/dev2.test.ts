import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { norm, readCases, score } from "../../scripts/score.js";
import { answerJson } from "../../src/cli/answer-json.js";
import { makeBot, seedText } from "../helpers.js";

/**
 * The development set written from the article alone by someone who never saw the engine.
 * The engine reached these figures on it; a change that loses more than three points of
 * top-1 accuracy, answers an off-topic question, or quotes anything but the article, fails here.
 */
const REACHED_TOP1 = 96.6;
const ALLOWED_DROP = 3;

describe("eval/dev2.jsonl", () => {
  const cases = readCases(fileURLToPath(new URL("../../eval/dev2.jsonl", import.meta.url)));
  const bot = makeBot();
  const s = score(cases, (q) => answerJson(bot, q), norm(seedText));

  it(`keeps top-1 accuracy within ${ALLOWED_DROP} points of ${REACHED_TOP1}%`, () => {
    expect((100 * s.top1) / s.answerable).toBeGreaterThanOrEqual(REACHED_TOP1 - ALLOWED_DROP);
  });

  it("declines every off-topic question and quotes only the article's own words", () => {
    expect(s.easy[0]).toBe(s.easy[1]);
    expect(s.verbatim[0]).toBe(s.verbatim[1]);
  });
});
