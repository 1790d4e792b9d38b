/**
 * The Dockerfile's start, outside Docker: runs `node dist/main.js` as the runtime stage does
 * (production dependencies only, Slack in HTTP mode against a local stand-in for Slack's Web API,
 * its state in the PostgreSQL of DATABASE_URL when set, else in SQLite), checks /healthz and
 * /readyz on PORT and HEALTH_PORT, then stops it with SIGTERM and expects a clean exit. Prints one
 * line; exits non-zero on any failure.
 */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";

const fail = (message) => {
  console.error(`service check: ${message}`);
  process.exit(1);
};

const api = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ ok: true, team_id: "T0CI", user_id: "U0CIBOT", bot_id: "B0CIBOT" }));
  });
});
await new Promise((resolve) => api.listen(0, "127.0.0.1", resolve));

const bot = spawn(process.execPath, ["dist/main.js"], {
  env: {
    PATH: process.env.PATH ?? "",
    NODE_ENV: "production",
    DATA_DIR: mkdtempSync(join(tmpdir(), "letterbot-ci-")),
    SLACK_BOT_TOKEN: "xoxb-0-0-serviceCheck",
    SLACK_SIGNING_SECRET: "0123456789abcdef0123456789abcdef",
    SLACK_API_URL: `http://127.0.0.1:${api.address().port}/api/`,
    PORT: "0",
    HEALTH_PORT: "0",
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
  },
  stdio: ["ignore", "inherit", "pipe"],
});
let log = "";
bot.stderr.on("data", (chunk) => {
  log += String(chunk);
});
const exited = new Promise((resolve) => bot.once("exit", (code) => resolve(code)));

const started = Date.now();
let ports;
let store;
while (!ports) {
  const line = log.split("\n").find((l) => l.includes('"letterbot started"'));
  if (line) ({ healthPorts: ports, store } = JSON.parse(line));
  else if (bot.exitCode !== null) fail(`the bot exited before starting:\n${log}`);
  else if (Date.now() - started > 30_000) fail(`the bot did not start within 30 s:\n${log}`);
  else await new Promise((resolve) => setTimeout(resolve, 50));
}
if (ports.length !== 2) fail(`expected health on PORT and HEALTH_PORT, got ${JSON.stringify(ports)}`);
const expectedStore = process.env.DATABASE_URL ? "postgres" : "sqlite";
if (store !== expectedStore) fail(`expected the ${expectedStore} store, got ${store}`);
for (const port of ports) {
  for (const path of ["/healthz", "/readyz"]) {
    const response = await fetch(`http://127.0.0.1:${port}${path}`);
    if (response.status !== 200)
      fail(`${path} on port ${port} answered ${response.status}: ${await response.text()}`);
  }
}
bot.kill("SIGTERM");
const code = await exited;
api.close();
if (code !== 0) fail(`exit code ${code} after SIGTERM:\n${log}`);
if (!log.includes('"letterbot stopped"')) fail(`no "letterbot stopped" line:\n${log}`);
console.log(
  `service check: started in ${Date.now() - started} ms with production dependencies only, state in ${store}; /healthz and /readyz 200 on ports ${ports.join(" and ")}; SIGTERM exits 0`,
);
