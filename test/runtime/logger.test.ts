import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, prettyLine, redact } from "../../src/runtime/logger.js";

function capture() {
  let output = "";
  const stream = new Writable({
    write(chunk, _encoding, done) {
      output += String(chunk);
      done();
    },
  });
  return { stream, output: () => output };
}

const BOT_TOKEN = "xoxb-1234567890-0987654321-abcdefABCDEF";
const SIGNING_SECRET = "0123456789abcdef0123456789abcdef";

describe("the logger", () => {
  it("writes one JSON line per event with time, level, message and fields", () => {
    const out = capture();
    const logger = createLogger({ stream: out.stream });
    logger.info("letterbot started", { adapters: ["slack"] });
    logger.warn("careful", { count: 2 });
    const lines = out
      .output()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ level: "info", message: "letterbot started", adapters: ["slack"] });
    expect(String(lines[0]?.time)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(lines[1]).toMatchObject({ level: "warn", message: "careful", count: 2 });
  });

  it("masks configured secrets and token-shaped strings in messages, fields and errors", () => {
    const out = capture();
    const logger = createLogger({ stream: out.stream, secrets: [BOT_TOKEN] });
    logger.addSecrets([SIGNING_SECRET]);
    logger.error(`auth failed for ${BOT_TOKEN}`, {
      err: new Error(`bad secret ${SIGNING_SECRET}`),
      header: "Bearer xapp-1-A0-1111-abcdef",
      discord: "MTMwMDAwMDAwMDAwMDAwMDAx.Gabcde.abcdefghijklmnopqrstuvwxyz0123",
    });
    const text = out.output();
    for (const secret of [BOT_TOKEN, SIGNING_SECRET, "xapp-1-A0-1111-abcdef", "Gabcde.abcdefghijklmn"]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain("[redacted]");
    expect(JSON.parse(text)).toMatchObject({ err: { name: "Error" } });
  });

  it("keeps an error's name, message and code, and no stack", () => {
    const out = capture();
    const err = Object.assign(new Error("boom"), { code: "ECONNRESET" });
    createLogger({ stream: out.stream }).error("failed", { err });
    const line = JSON.parse(out.output()) as { err: Record<string, unknown> };
    expect(line.err).toEqual({ name: "Error", message: "boom", code: "ECONNRESET" });
  });

  it("drops events below its level", () => {
    const out = capture();
    const logger = createLogger({ stream: out.stream, level: "warn" });
    logger.info("routine");
    logger.debug("detail");
    logger.warn("kept");
    expect(out.output().trim().split("\n")).toHaveLength(1);
  });

  it("writes readable lines for a terminal, masked too", () => {
    const out = capture();
    const logger = createLogger({ stream: out.stream, format: "pretty", secrets: [BOT_TOKEN] });
    logger.warn("posting failed", { channel: "C1", token: BOT_TOKEN });
    expect(out.output()).toMatch(/^\d\d:\d\d:\d\d WARN {2}posting failed channel=C1 token=\[redacted\]\n$/);
  });

  it("formats any line it cannot parse as it is", () => {
    expect(prettyLine("not json")).toBe("not json\n");
    expect(redact(`x ${BOT_TOKEN} y`)).toBe("x [redacted] y");
    expect(redact("connecting to postgres://letterbot:pw@db:5432/letterbot failed")).toBe(
      "connecting to postgres://letterbot:[redacted]@db:5432/letterbot failed",
    );
    expect(redact("see https://example.com:443/a@b")).toBe("see https://example.com:443/a@b");
  });
});
