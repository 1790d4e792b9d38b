import { PassThrough, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { CONSOLE_CHANNEL, startConsole } from "../../../src/adapters/console/console.js";
import type { BotReply } from "../../../src/core/index.js";
import { makeBot } from "../../helpers.js";

function session() {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = "";
  output.on("data", (chunk) => {
    printed += String(chunk);
  });
  const console = startConsole({ bot: makeBot(), input, output });
  return { input, console, printed: () => printed };
}

describe("console adapter", () => {
  it("answers /letter commands typed at the prompt and exits at end of input", async () => {
    const { input, console, printed } = session();
    input.end("/letter demands\n");
    await console.closed;
    expect(printed()).toContain("We call on you to:");
    expect(printed()).toContain("1. Stop selling facial recognition services to law enforcement");
    expect(printed()).toContain("3. Implement strong transparency and accountability measures");
  });

  it("runs a @letterbot line as a mention and marks private replies", async () => {
    const { input, console, printed } = session();
    input.end("@letterbot about\n/letter demands 9\n");
    await console.closed;
    expect(printed()).toContain("Sean Keane");
    expect(printed()).toContain("(only you can see this)");
    expect(printed()).toContain("There are 3 demands");
  });

  it("answers lines in the order they were typed", async () => {
    const { input, console, printed } = session();
    input.end("/letter demands 1\n/letter demands 3\n");
    await console.closed;
    const out = printed();
    expect(out.indexOf("Stop selling facial")).toBeLessThan(out.indexOf("Implement strong"));
  });

  it("prints daily posts it is asked to publish", async () => {
    const { input, console, printed } = session();
    const reply: BotReply = {
      kind: "daily-post",
      visibility: "public",
      summary: "s",
      suggestions: [],
      blocks: [{ type: "text", text: "Quote of the day" }],
    };
    const result = await console.publisher.publish(CONSOLE_CHANNEL, reply, { idempotencyKey: "k1" });
    input.end();
    await console.closed;
    expect(result.messageId).toBe("k1");
    expect(printed()).toContain("[daily post to #terminal]");
    expect(printed()).toContain("Quote of the day");
  });
});

describe("console adapter with output that goes away", () => {
  it("ends the session quietly when writing fails (a closed pipe), instead of throwing", async () => {
    const input = new PassThrough();
    const output = new Writable({
      write(_chunk, _encoding, done) {
        done(Object.assign(new Error("write EPIPE"), { code: "EPIPE" }));
      },
    });
    const console = startConsole({ bot: makeBot(), input, output });
    input.write("/letter demands\n");
    input.write("/letter about\n");
    await console.closed;
    expect(console.linesRead).toBeGreaterThanOrEqual(1);
  });
});
