import { describe, expect, it } from "vitest";
import { channelKey, cycleOrder, passageAt } from "../../../src/core/daily/rotation.js";
import { quotablePassages } from "../../../src/core/index.js";
import { channel, fixtureArticle } from "./fixture.js";

const passages = quotablePassages(fixtureArticle());
const n = passages.length;

describe("the rotation of daily quotes", () => {
  it("posts every passage once before any repeats", () => {
    const key = channelKey(channel("C1"));
    for (let cycle = 0; cycle < 5; cycle++) {
      const ids = Array.from({ length: n }, (_, i) => passageAt(key, cycle * n + i, passages)?.id);
      expect(new Set(ids).size).toBe(n);
    }
  });

  it("never starts a cycle with the passage that ended the previous one", () => {
    for (let c = 0; c < 50; c++) {
      const key = `slack:T1:C${c}`;
      for (let cycle = 1; cycle < 20; cycle++) {
        expect(cycleOrder(key, cycle, n)[0]).not.toBe(cycleOrder(key, cycle - 1, n)[n - 1]);
      }
    }
  });

  it("is the same order every time for a channel, and differs between channels", () => {
    expect(cycleOrder("slack:T1:C1", 0, n)).toEqual(cycleOrder("slack:T1:C1", 0, n));
    const orders = new Set(Array.from({ length: 20 }, (_, c) => cycleOrder(`slack:T1:C${c}`, 0, n).join()));
    expect(orders.size).toBeGreaterThan(10);
  });

  it("has nothing to give when there are no passages", () => {
    expect(passageAt("k", 0, [])).toBeUndefined();
  });
});
