import { describe, expect, it } from "vitest";
import type { BotRequest, Platform } from "../../src/core/index.js";
import { createRateLimiter, RATE_LIMIT, SLOW_DOWN_MESSAGE } from "../../src/runtime/rate-limit.js";

function clock(start = Date.parse("2026-11-26T09:00:00Z")) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

const request = (
  user: string,
  platform: Platform = "slack",
  source: BotRequest["source"] = "command",
): BotRequest => ({
  where: { platform, workspace: "W1", channel: "C1" },
  user,
  source,
  text: "demands",
});

describe("per-user rate limits", () => {
  it(`answers a burst of ${RATE_LIMIT.burst}, then one private notice, then drops the rest of the window`, () => {
    const time = clock();
    const limiter = createRateLimiter({ clock: time });
    const verdicts = Array.from({ length: 30 }, () => limiter.admit(request("U1")).verdict);
    expect(verdicts.slice(0, 5)).toEqual(Array(5).fill("answer"));
    expect(verdicts[5]).toBe("notice");
    expect(verdicts.slice(6)).toEqual(Array(24).fill("drop"));
    const notice = limiter.admit(request("U1"));
    expect(notice.verdict).toBe("drop");
  });

  it("gives the notice as a private reply that says how fast is allowed", () => {
    const limiter = createRateLimiter({ clock: clock() });
    for (let i = 0; i < 5; i++) limiter.admit(request("U1"));
    const notice = limiter.admit(request("U1"));
    expect(notice).toMatchObject({ verdict: "notice", reply: { visibility: "private", kind: "error" } });
    expect(SLOW_DOWN_MESSAGE).toContain("at most 5 every 10 seconds");
  });

  it("refills at 5 per 10 seconds, and notices again in the next window", () => {
    const time = clock();
    const limiter = createRateLimiter({ clock: time });
    for (let i = 0; i < 6; i++) limiter.admit(request("U1"));
    time.advance(2_000);
    expect(limiter.admit(request("U1")).verdict).toBe("answer");
    expect(limiter.admit(request("U1")).verdict).toBe("drop");
    time.advance(10_000);
    const after = Array.from({ length: 7 }, () => limiter.admit(request("U1")).verdict);
    expect(after).toEqual(["answer", "answer", "answer", "answer", "answer", "notice", "drop"]);
  });

  it("limits each user on each platform separately, and mentions count like commands", () => {
    const limiter = createRateLimiter({ clock: clock() });
    for (let i = 0; i < 3; i++) limiter.admit(request("U1", "slack", "command"));
    for (let i = 0; i < 2; i++) limiter.admit(request("U1", "slack", "mention"));
    expect(limiter.admit(request("U1", "slack", "dm")).verdict).toBe("notice");
    expect(limiter.admit(request("U2", "slack")).verdict).toBe("answer");
    expect(limiter.admit(request("U1", "discord")).verdict).toBe("answer");
  });

  it("forgets idle users, so memory stays bounded however many users come", () => {
    const time = clock();
    const limiter = createRateLimiter({ clock: time, maxTrackedUsers: 100 });
    for (let i = 0; i < 1_000; i++) limiter.admit(request(`U${i}`));
    expect(limiter.tracked).toBeLessThanOrEqual(100);
    time.advance(60_000);
    for (let i = 0; i < 1_000; i++) expect(limiter.admit(request(`V${i}`)).verdict).toBe("answer");
    expect(limiter.tracked).toBeLessThanOrEqual(100);
  });
});

describe("per-user rate limits under a flood of new users", () => {
  it("sweeps rarely: one full pass per hundred new users at most, not one per user", () => {
    const limiter = createRateLimiter({ clock: clock(), maxTrackedUsers: 1_000 });
    for (let i = 0; i < 50_000; i++) limiter.admit(request(`U${i}`));
    expect(limiter.sweeps).toBeLessThanOrEqual(50_000 / 100);
    expect(limiter.sweeps).toBeGreaterThan(0);
    expect(limiter.tracked).toBeLessThanOrEqual(1_000);
  });
});
