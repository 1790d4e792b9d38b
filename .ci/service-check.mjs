/**
 * The container's start, outside Docker: in a folder that holds the Dockerfile's runtime stage
 * (assembled by scripts/runtime-stage.js), runs the stage's CMD with plain node, in Slack HTTP mode
 * against a local stand-in for Slack's Web API, once with its state in SQLite (the image's default,
 * which loads better-sqlite3's binding) and once more in the PostgreSQL of DATABASE_URL when set.
 * Each time it checks /healthz and /readyz on PORT and HEALTH_PORT, asks a signed
 * `/letter demands`, then stops it with SIGTERM and expects a clean exit. Prints the folder's
 * size and one line per start; exits non-zero on any failure.
 *
 *   node .ci/service-check.mjs <runtime folder>
 */
import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readRuntimeStage, sizeOf } from "../scripts/runtime-stage.js";

const SIGNING_SECRET = "0123456789abcdef0123456789abcdef";

const fail = (message) => {
  console.error(`service check: ${message}`);
  process.exit(1);
};

const folder = process.argv[2]
  ? resolve(process.argv[2])
  : fail("usage: node .ci/service-check.mjs <runtime folder>");
const stage = readRuntimeStage(
  readFileSync(fileURLToPath(new URL("../Dockerfile", import.meta.url)), "utf8"),
);
const [program, ...args] = stage.cmd;
if (program !== "node") fail(`the image's CMD does not start with node: ${JSON.stringify(stage.cmd)}`);

const api = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ ok: true, team_id: "T0CI", user_id: "U0CIBOT", bot_id: "B0CIBOT" }));
  });
});
await new Promise((done) => api.listen(0, "127.0.0.1", done));

/** A signed `/letter demands`, as Slack sends it. */
function demands(port) {
  const body = new URLSearchParams({
    command: "/letter",
    text: "demands",
    team_id: "T0CI",
    user_id: "U0CIUSER",
    channel_id: "C0CI",
  }).toString();
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac("sha256", SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  return fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": timestamp,
      "x-slack-signature": signature,
    },
    body,
  });
}

/** Starts the stage's CMD in the folder on one store, checks it, stops it; resolves with a summary. */
async function check(databaseUrl) {
  const bot = spawn(process.execPath, args, {
    cwd: folder,
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "production",
      DATA_DIR: mkdtempSync(join(tmpdir(), "letterbot-ci-")),
      SLACK_BOT_TOKEN: "xoxb-0-0-serviceCheck",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: `http://127.0.0.1:${api.address().port}/api/`,
      PORT: "0",
      HEALTH_PORT: "0",
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
    stdio: ["ignore", "inherit", "pipe"],
  });
  let log = "";
  bot.stderr.on("data", (chunk) => {
    log += String(chunk);
  });
  const exited = new Promise((done) => bot.once("exit", (code) => done(code)));

  const started = Date.now();
  let ports;
  let store;
  while (!ports) {
    const line = log.split("\n").find((l) => l.includes('"letterbot started"'));
    if (line) ({ healthPorts: ports, store } = JSON.parse(line));
    else if (bot.exitCode !== null) fail(`the bot exited before starting:\n${log}`);
    else if (Date.now() - started > 30_000) fail(`the bot did not start within 30 s:\n${log}`);
    else await new Promise((done) => setTimeout(done, 50));
  }
  const startMs = Date.now() - started;
  if (ports.length !== 2) fail(`expected health on PORT and HEALTH_PORT, got ${JSON.stringify(ports)}`);
  const expectedStore = databaseUrl ? "postgres" : "sqlite";
  if (store !== expectedStore) fail(`expected the ${expectedStore} store, got ${store}`);
  for (const port of ports) {
    for (const path of ["/healthz", "/readyz"]) {
      const response = await fetch(`http://127.0.0.1:${port}${path}`);
      if (response.status !== 200)
        fail(`${path} on port ${port} answered ${response.status}: ${await response.text()}`);
    }
  }
  const answer = await demands(ports[0]);
  const text = await answer.text();
  if (answer.status !== 200 || !text.includes("Stop selling facial recognition"))
    fail(`a signed /letter demands got ${answer.status}: ${text.slice(0, 300)}`);
  bot.kill("SIGTERM");
  const code = await exited;
  if (code !== 0) fail(`exit code ${code} after SIGTERM:\n${log}`);
  if (!log.includes('"letterbot stopped"')) fail(`no "letterbot stopped" line:\n${log}`);
  return `\`${stage.cmd.join(" ")}\` started in ${startMs} ms, state in ${store}; /healthz and /readyz 200 on ports ${ports.join(" and ")}; /letter demands answered; SIGTERM exits 0`;
}

const { files, bytes } = sizeOf(folder);
console.log(`service check: the runtime stage holds ${files} files, ${(bytes / 1024 / 1024).toFixed(1)} MB`);
for (const databaseUrl of [undefined, ...(process.env.DATABASE_URL ? [process.env.DATABASE_URL] : [])]) {
  console.log(`service check: ${await check(databaseUrl)}`);
}
api.close();
