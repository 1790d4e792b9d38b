import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type BotReply,
  type BotRequest,
  dailyPostReply,
  encodeAction,
  INVALID_ACTION_MESSAGE,
  parseAction,
  questionKey,
  type ReplyAction,
} from "../../src/core/index.js";
import { article, makeBot, quotesOf, request } from "../helpers.js";

/** Discord's limit on a custom id, and Slack's on a button value. */
const DISCORD = 100;
const SLACK = 2000;

const bot = makeBot();
const kinds = (reply: BotReply) =>
  (reply.actions ?? []).map((a) => (a.kind === "vote" ? `vote.${a.vote}` : a.kind));
const check = (text: string): BotRequest => request(text, { source: "check" });

describe("the actions a reply offers", () => {
  it("offers context and votes on a public answer, and records the request and the quoted passages", async () => {
    const reply = await bot.handle(request("who is palantir?"));
    expect(reply).toMatchObject({ kind: "answer", visibility: "public", request: "who is palantir?" });
    expect(reply.passages).toEqual(quotesOf(reply).map((q) => q.id));
    expect(reply.passages?.length).toBeGreaterThan(0);
    expect(kinds(reply)).toEqual(["context", "vote.up", "vote.down"]);
    const [context, up] = reply.actions ?? [];
    expect(context).toEqual({ kind: "context", paragraph: quotesOf(reply)[0]?.paragraph });
    expect(up).toEqual({
      kind: "vote",
      vote: "up",
      passages: reply.passages,
      question: questionKey("who is palantir?"),
      text: "who is palantir?",
    });
  });

  it("offers share first on a private answer, which re-makes it from its request", async () => {
    const reply = await bot.handle(check("IBM helped Hitler"));
    expect(reply.visibility).toBe("private");
    expect(kinds(reply)).toEqual(["share", "context", "vote.up", "vote.down"]);
    expect(reply.actions?.[0]).toEqual({ kind: "share", text: "check IBM helped Hitler" });
  });

  it("offers the closest match privately with share, context and votes", async () => {
    const reply = await bot.handle(request("ask what does the letter say about privacy laws in europe"));
    expect(reply).toMatchObject({ kind: "closest", visibility: "private" });
    expect(kinds(reply).slice(0, 4)).toEqual(["share", "context", "vote.up", "vote.down"]);
  });

  it("turns each suggestion into a button, an example question by its index", async () => {
    const reply = await bot.handle(request("ask what's the airspeed velocity of an unladen swallow"));
    expect(reply.kind).toBe("not-found");
    expect(reply.actions).toEqual([
      { kind: "suggest", command: "/letter demands" },
      { kind: "suggest", command: `/letter ask ${article.meta.examples[0]}`, example: 0 },
      { kind: "suggest", command: `/letter ask ${article.meta.examples[1]}`, example: 1 },
      { kind: "suggest", command: "/letter about" },
    ]);
  });

  it("offers nothing to share on public replies, and nothing to vote on outside answers", async () => {
    for (const text of ["demands", "about", "search palantir", "context 3", "quote"]) {
      const actions = kinds(await bot.handle(request(text)));
      expect(actions).not.toContain("share");
      expect(actions).not.toContain("vote.up");
    }
  });

  it("shows a daily post's paragraph in context, without also suggesting it", () => {
    const passage = article.paragraphs[10];
    if (!passage) throw new Error("no paragraph 11");
    const reply = dailyPostReply(passage);
    expect(reply.actions).toEqual([
      { kind: "context", paragraph: 11 },
      { kind: "suggest", command: "/letter demands" },
    ]);
  });
});

describe("button values", () => {
  const requests = [
    "who is palantir?",
    "what does the letter ask for?",
    "demands",
    "search children detention",
    "quote surveillance",
    "context 20",
    "ask what's the airspeed velocity of an unladen swallow",
    "help",
    "about",
  ];

  it("round-trips every action of real replies, within Discord's 100 characters and Slack's 2,000", async () => {
    const replies = [
      ...(await Promise.all(requests.map((t) => bot.handle(request(t))))),
      await bot.handle(check("IBM helped Hitler")),
    ];
    let seen = 0;
    for (const action of replies.flatMap((r) => r.actions ?? [])) {
      for (const limit of [DISCORD, SLACK]) {
        const value = encodeAction(action, limit);
        expect(value, JSON.stringify(action)).toBeDefined();
        expect(value?.length).toBeLessThanOrEqual(limit);
        const parsed = parseAction(value, article);
        expect(parsed.ok, `${value}: ${parsed.ok ? "" : parsed.reason}`).toBe(true);
        if (parsed.ok && limit === SLACK) expect(parsed.action).toEqual(action);
        seen++;
      }
    }
    expect(seen).toBeGreaterThan(20);
  });

  it("leaves out of a short value only what a short value can do without", () => {
    const longQuestion = `who is palantir and ${"why ".repeat(40)}?`.trim();
    const share: ReplyAction = { kind: "share", text: `ask ${longQuestion}` };
    expect(encodeAction(share, DISCORD)).toBe("lb1:s");
    expect(encodeAction(share, SLACK)).toBe(`lb1:s:ask ${longQuestion}`);
    const vote: ReplyAction = {
      kind: "vote",
      vote: "down",
      passages: ["p11.s1", "p11.s2"],
      question: questionKey(longQuestion),
      text: longQuestion,
    };
    expect(encodeAction(vote, DISCORD)).toBe(`lb1:v:d:p11.s1,p11.s2:${questionKey(longQuestion)}`);
    expect(parseAction(encodeAction(vote, DISCORD), article)).toEqual({
      ok: true,
      action: {
        kind: "vote",
        vote: "down",
        passages: ["p11.s1", "p11.s2"],
        question: questionKey(longQuestion),
      },
    });
    const example = `${"a long example question ".repeat(5)}?`;
    const suggestion: ReplyAction = { kind: "suggest", command: `/letter ask ${example}`, example: 1 };
    expect(encodeAction(suggestion, DISCORD)).toBe("lb1:e:1");
    expect(encodeAction({ kind: "suggest", command: `/letter ask ${example}` }, DISCORD)).toBeUndefined();
  });

  it("reads a suggestion by example index back as its question", () => {
    expect(parseAction("lb1:e:1", article)).toEqual({
      ok: true,
      action: { kind: "suggest", command: `/letter ask ${article.meta.examples[1]}`, example: 1 },
    });
  });

  it("carries an offer and a place in it, for a confirmation, a share of it and a vote, within Discord's 100", () => {
    const offer = "AbC_12-xyz09";
    const actions: ReplyAction[] = [
      { kind: "confirm", pick: { offer, index: 2 } },
      { kind: "share", pick: { offer, index: 0 } },
      { kind: "vote", vote: "up", passages: ["p11.s1"], question: questionKey("who"), offer },
    ];
    for (const action of actions) {
      const value = encodeAction(action, DISCORD);
      expect(value?.length).toBeLessThanOrEqual(DISCORD);
      expect(parseAction(value, article)).toEqual({ ok: true, action });
    }
    expect(encodeAction(actions[0] as ReplyAction, DISCORD)).toBe(`lb1:k:${offer}:2`);
  });

  it("keeps colons in free text", () => {
    const action: ReplyAction = { kind: "share", text: "check they said: stop it: now" };
    expect(parseAction(encodeAction(action, SLACK), article)).toEqual({ ok: true, action });
  });
});

describe("forged and broken button values", () => {
  const refusals: [string, unknown, RegExp][] = [
    ["not a string", { kind: "share" }, /not a button value/],
    ["a number", 42, /not a button value/],
    ["empty", "", /not a button value/],
    ["too long", `lb1:g:ask ${"x".repeat(3000)}`, /not a button value/],
    ["another version", "lb2:c:11", /unknown version "lb2"/],
    ["no version", "c:11", /unknown version/],
    ["an unknown kind", "lb1:x:11", /unknown kind "x"/],
    ["JSON", '{"kind":"context","paragraph":11}', /unknown version/],
    ["a paragraph that does not exist", "lb1:c:99", /no paragraph 99/],
    ["paragraph zero", "lb1:c:0", /context: .*a number/],
    ["a paragraph that is not a number", "lb1:c:eleven", /context: .*a number/],
    ["a huge paragraph", "lb1:c:99999999999", /context/],
    ["extra fields", "lb1:c:11:12", /context/],
    ["a vote on a passage that does not exist", "lb1:v:u:p11.s1,p99.s9:abc", /no passage p99\.s9/],
    ["a vote on something that is not a passage", "lb1:v:u:DROP TABLE:abc", /a passage id/],
    ["a vote neither up nor down", "lb1:v:x:p11.s1:abc", /vote/],
    ["a vote with a bad key", "lb1:v:u:p11.s1:AB-CD", /a question key/],
    [
      "a vote whose text does not match its key",
      `lb1:v:u:p11.s1:${questionKey("a")}:something else`,
      /does not match/,
    ],
    ["a vote with no key", "lb1:v:u:p11.s1", /vote/],
    ["a vote with a short offer", "lb1:v:u:p11.s1:abc.short", /a question key, and an offer/],
    ["a confirmation of no offer", "lb1:k::0", /an offer id/],
    ["a confirmation of an offer id with a colon in it", "lb1:k:AbC_12:xyz09:0", /offer/],
    ["a confirmation of no place", "lb1:k:AbC_12-xyz09", /offer/],
    [
      "a confirmation of a place that is not a number",
      "lb1:k:AbC_12-xyz09:first",
      /a place among the offered/,
    ],
    ["a confirmation of a far place", "lb1:k:AbC_12-xyz09:100", /a place among the offered/],
    ["a share of a pick with SQL for an offer", "lb1:p:' OR 1=1 --:0", /an offer id/],
    ["a suggestion that is not a command", "lb1:g:rm -rf /", /not a \/letter command/],
    ["a suggestion with control characters", "lb1:g:demands\u0000 2", /not clean/],
    ["an empty suggestion", "lb1:g:", /suggestion/],
    ["an example that does not exist", "lb1:e:7", /no example 7/],
    ["a share of a command that changes settings", "lb1:s:daily off", /cannot be shared|can be shared/],
    ["a share of a random quote, which would not be the same quote", "lb1:s:quote", /can be shared/],
    ["a share of help", "lb1:s:help", /can be shared/],
    ["a share of over-long text", `lb1:s:ask ${"why ".repeat(300)}`, /share/],
  ];

  it.each(refusals)("refuses %s with a clear message, without throwing", (_name, value, reason) => {
    const parsed = parseAction(value, article);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.message).toBe(INVALID_ACTION_MESSAGE);
    expect(parsed.reason).toMatch(reason);
  });

  it("never throws, whatever the value", () => {
    const value = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.string({ unit: "grapheme", maxLength: 100 }).map((s) => `lb1:${s}`),
      fc
        .tuple(
          fc.constantFrom("s", "c", "v", "g", "e", "k", "p"),
          fc.array(fc.string({ maxLength: 20 }), { maxLength: 5 }),
        )
        .map(([kind, parts]) => ["lb1", kind, ...parts].join(":")),
      fc.anything(),
    );
    fc.assert(
      fc.property(value, (v) => {
        const parsed = parseAction(v, article);
        expect(typeof parsed.ok).toBe("boolean");
        if (parsed.ok) expect(encodeAction(parsed.action, SLACK)).toBeDefined();
      }),
      { numRuns: 500 },
    );
  });
});

describe("doing what a button asks", () => {
  const slack: Partial<BotRequest> = {
    where: { platform: "slack", workspace: "T1", channel: "C1" },
    user: "U2",
  };

  it("shares a private answer publicly, marked with who shared it, without a second share button", async () => {
    const reply = await bot.act({ kind: "share", text: "check IBM helped Hitler" }, request("", slack), {
      sharedBy: "ana",
    });
    expect(reply).toMatchObject({ kind: "answer", visibility: "public", sharedBy: "ana" });
    expect(quotesOf(reply)[0]?.text).toContain("IBM's systems were employed");
    expect(kinds(reply)).toEqual(["context", "vote.up", "vote.down"]);
  });

  it("does not publish a share whose answer has nothing to show", async () => {
    const reply = await bot.act(
      { kind: "share", text: "ask what's the airspeed of a swallow" },
      request("", slack),
    );
    expect(reply.visibility).toBe("private");
  });

  it("refuses a share without its text, which only its own message can share", async () => {
    const reply = await bot.act({ kind: "share" }, request("", slack));
    expect(reply).toMatchObject({ kind: "error", visibility: "private" });
  });

  it("shows context privately, marking the paragraph asked for", async () => {
    const reply = await bot.act({ kind: "context", paragraph: 11 }, request("", slack));
    expect(reply).toMatchObject({ kind: "context", visibility: "private" });
    expect(reply.blocks.filter((b) => b.type === "quote" && b.focus)).toHaveLength(1);
  });

  it("runs a suggestion as the person who pressed it", async () => {
    const reply = await bot.act({ kind: "suggest", command: "/letter demands" }, request("", slack));
    expect(reply.kind).toBe("demands");
  });

  it("thanks a vote privately", async () => {
    const reply = await bot.act(
      { kind: "vote", vote: "up", passages: ["p11.s1"], question: questionKey("x") },
      request("", slack),
    );
    expect(reply).toMatchObject({ kind: "feedback", visibility: "private" });
  });
});

describe("a claim as long as a claim may be", () => {
  it("offers only buttons whose values read back", async () => {
    const claim = `they wrote to the CEO ${"and said so again ".repeat(60)}`.slice(0, 998);
    const reply = await bot.handle(check(claim));
    expect(reply.request?.length).toBeGreaterThan(1000);
    expect(kinds(reply)).toEqual(expect.arrayContaining(["context", "vote.up", "vote.down"]));
    expect(kinds(reply)).not.toContain("share");
    for (const action of reply.actions ?? []) {
      expect(parseAction(encodeAction(action, SLACK), article).ok).toBe(true);
    }
  });
});
