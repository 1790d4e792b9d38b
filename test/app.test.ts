import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { startLetterbot } from "../src/app.js";

function streams() {
  const input = new PassThrough();
  const output = new PassThrough();
  const logStream = new PassThrough();
  let printed = "";
  let logged = "";
  output.on("data", (c) => {
    printed += String(c);
  });
  logStream.on("data", (c) => {
    logged += String(c);
  });
  return { input, output, logStream, printed: () => printed, logged: () => logged };
}

describe("letterbot start-up", () => {
  it("starts the console when no platform is configured, and stops at end of input", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "letterbot-"));
    const io = streams();
    const bot = await startLetterbot({ env: { DATA_DIR: dataDir }, ...io });
    expect(bot.adapters).toEqual(["console"]);
    io.input.end("/letter demands 3\n");
    await bot.done;
    await bot.stop();
    expect(io.printed()).toContain("3. Implement strong transparency and accountability measures");
    expect(readdirSync(dataDir)).toContain("letterbot.sqlite");
  });

  it("refuses to start with a half-configured platform, naming the variable and not the secret", async () => {
    const io = streams();
    const secret = "xoxb-1111111111-2222222222-abcdefghijklmnopqrstuvwx";
    const start = startLetterbot({
      env: { SLACK_BOT_TOKEN: secret, DATA_DIR: mkdtempSync(join(tmpdir(), "lb-")) },
      ...io,
    });
    await expect(start).rejects.toThrow(/SLACK_APP_TOKEN|SLACK_SIGNING_SECRET/);
    await start.catch((err: Error) => expect(err.message).not.toContain(secret));
  });

  it("refuses an unknown default time zone, naming DEFAULT_TIMEZONE", async () => {
    const io = streams();
    await expect(startLetterbot({ env: { DEFAULT_TIMEZONE: "Mars/Olympus" }, ...io })).rejects.toThrow(
      /DEFAULT_TIMEZONE/,
    );
  });
});
