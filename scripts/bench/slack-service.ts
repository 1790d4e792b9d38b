/**
 * What the service benchmarks share: a stand-in for Slack's Web API and response URLs on a local
 * port, signed requests as Slack sends them, and a process's memory read from /proc.
 */
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { type Agent, createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** The signing secret and bot token every benchmarked app is started with. */
export const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
export const BOT_TOKEN = "xoxb-1111-2222-benchBotTokenValue";
/** The bench workspace and its bot, as the fake Web API describes them. */
export const TEAM_ID = "T0BENCH";
export const BOT_USER_ID = "U0BENCHBOT";

/**
 * A fake Slack Web API that answers every method with success (`auth.test` with the bench's
 * workspace, a `ts` for posts), and takes any other POST as a response URL would.
 */
export async function fakeWebApi(): Promise<{
  url: string;
  origin: string;
  server: Server;
  calls: () => number;
}> {
  let calls = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      calls++;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          ok: true,
          team_id: TEAM_ID,
          user_id: BOT_USER_ID,
          bot_id: "B0BENCHBOT",
          ts: "1718000000.000100",
          message_ts: "1718000000.000100",
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: `${origin}/api/`, origin, server, calls: () => calls };
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The headers Slack signs `body` with. */
export function signedHeaders(body: string, contentType: string): Record<string, string> {
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac("sha256", SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  return {
    "content-type": contentType,
    "content-length": String(Buffer.byteLength(body)),
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": signature,
  };
}

/** POSTs a signed body to `/slack/events`; resolves with the status and the response's text. */
export function post(
  port: number,
  agent: Agent | false,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, path: "/slack/events", method: "POST", headers, agent },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** Resident and peak memory of a process, in MB, from /proc. */
export function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
  return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
