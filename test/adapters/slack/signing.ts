/** Slack's request signing, as Slack does it, for tests that send real signed requests. */
import { createHmac } from "node:crypto";

/** The signing secret the tests' Slack apps are configured with. */
export const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

/** Slack's request signature over `v0:{timestamp}:{body}`. */
export function sign(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

/** Now, in Slack's whole seconds. */
export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Headers of a correctly signed request. */
export function signedHeaders(body: string, contentType: string, timestamp = nowSeconds()) {
  return {
    "content-type": contentType,
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": sign(body, timestamp),
  };
}
