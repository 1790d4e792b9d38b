import { describe, expect, it } from "vitest";
import { isBotError } from "../../src/core/index.js";
import { loadLearnConfig } from "../../src/runtime/learn-config.js";

describe("learning settings", () => {
  it("learn by default, at three readers, keeping 90 days", () => {
    expect(loadLearnConfig({})).toEqual({ minUsers: 3, keepDays: 90 });
    expect(loadLearnConfig({ LEARN: "", LEARN_MIN_USERS: " " })).toEqual({ minUsers: 3, keepDays: 90 });
  });

  it("read LEARN=off, LEARN_MIN_USERS and LEARN_KEEP_DAYS", () => {
    expect(loadLearnConfig({ LEARN: "OFF" })).toBeUndefined();
    expect(loadLearnConfig({ LEARN: "on", LEARN_MIN_USERS: "5", LEARN_KEEP_DAYS: "30" })).toEqual({
      minUsers: 5,
      keepDays: 30,
    });
  });

  it("refuse a bad value, naming the variable and the fix, never the value", () => {
    for (const [name, value] of [
      ["LEARN", "maybe"],
      ["LEARN_MIN_USERS", "9999"],
      ["LEARN_MIN_USERS", "three"],
      ["LEARN_KEEP_DAYS", "99999"],
    ] as const) {
      let thrown: unknown;
      try {
        loadLearnConfig({ [name]: value });
      } catch (err) {
        thrown = err;
      }
      expect(isBotError(thrown) && thrown.code).toBe("config_invalid");
      expect((thrown as Error).message).toMatch(new RegExp(`^${name} `));
      expect((thrown as Error).message).not.toContain(value);
    }
  });
});
