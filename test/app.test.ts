import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { startLetterbot } from "../src/app.js";
import { DATABASE_URL } from "./postgres.js";

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

  it("refuses a DATABASE_URL that is not a PostgreSQL URL, naming the variable and not the value", async () => {
    const start = startLetterbot({
      env: { DATABASE_URL: "mysql://app:hunter2hunter2@db/app" },
      ...streams(),
    });
    await expect(start).rejects.toThrow(/^DATABASE_URL is not a PostgreSQL URL/);
    await start.catch((err: Error) => expect(err.message).not.toContain("hunter2"));
  });

  it.skipIf(!DATABASE_URL)(
    "stops at start-up when PostgreSQL refuses the login, naming the database and never the password",
    async () => {
      const url = new URL(DATABASE_URL as string);
      url.password = "wrong-password-0123";
      const io = streams();
      const start = startLetterbot({ env: { DATABASE_URL: url.toString() }, ...io });
      await expect(start).rejects.toThrow(
        `Cannot use the PostgreSQL database ${url.username}@${url.hostname}:${url.port}${url.pathname}`,
      );
      await start.catch((err: Error) => expect(err.message).not.toContain("wrong-password"));
      expect(io.logged()).not.toContain("wrong-password");
    },
  );

  it("refuses an unknown default time zone, naming DEFAULT_TIMEZONE", async () => {
    const io = streams();
    await expect(startLetterbot({ env: { DEFAULT_TIMEZONE: "Mars/Olympus" }, ...io })).rejects.toThrow(
      /DEFAULT_TIMEZONE/,
    );
  });
});

describe("letterbot's health endpoints in a console session", () => {
  it("serves them only when HEALTH_PORT is set, turning readiness to 503 while stopping", async () => {
    const io = streams();
    const dataDir = mkdtempSync(join(tmpdir(), "letterbot-"));
    const plain = await startLetterbot({ env: { DATA_DIR: dataDir }, ...io });
    expect(plain.healthPorts).toEqual([]);
    await plain.stop();

    const bot = await startLetterbot({ env: { DATA_DIR: dataDir, HEALTH_PORT: "0" }, ...streams() });
    const [port] = bot.healthPorts;
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", checks: { store: "up" } });
    // The article page is served on the same port.
    const page = await fetch(`http://127.0.0.1:${port}/article?q=p11.s2#p11`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await page.text()).toContain('<mark id="quoted">');
    expect((await fetch(`http://127.0.0.1:${port}/nowhere`)).status).toBe(404);
    bot.health.markStopping();
    const stopping = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(stopping.status).toBe(503);
    expect(await stopping.json()).toMatchObject({ down: { letterbot: "shutting down" } });
    expect(await bot.stop()).toEqual({ exitCode: 0 });
    expect(await bot.done).toEqual({ exitCode: 0 });
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});
