/**
 * The time letterbot's HTTP servers give a request to arrive. A client that trickles its headers or
 * body (a slow-loris) would otherwise hold its connection, and the memory behind it, for the five
 * minutes of Node's default; Slack sends a few kilobytes at once.
 */
import type { ServerOptions } from "node:http";

/** Longest a request's headers and body may take to arrive before its connection is dropped. */
export const REQUEST_TIMEOUT_MS = 10_000;

/** How often a server looks for requests past their deadline (Node's default is every 30 s). */
const CHECK_EVERY_MS = 250;

/**
 * Server options that drop a request not received within `timeoutMs`: Node answers 408 when it
 * can and closes the connection, at most a few hundred milliseconds after the deadline.
 */
export function requestDeadline(timeoutMs = REQUEST_TIMEOUT_MS): ServerOptions {
  return {
    requestTimeout: timeoutMs,
    headersTimeout: timeoutMs,
    connectionsCheckingInterval: Math.min(CHECK_EVERY_MS, Math.max(10, Math.floor(timeoutMs / 4))),
  };
}
