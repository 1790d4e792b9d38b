/**
 * Socket Mode's connection, watched: whether it is up, and when it cannot be opened, why, in one
 * log line naming the cause and what to check. The SDK reports a WebSocket that failed to open
 * with an empty error (undici's WebSocket keeps the reason to itself), so the cause is read from
 * undici's diagnostics channels for the address Slack handed out, and from the error of
 * `apps.connections.open` itself. The SDK reconnects on its own; asking for a connection URL is
 * wrapped here so that a failure of that call is retried too, instead of ending the reconnections.
 */
import { channel } from "node:diagnostics_channel";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger as BoltLogger, SocketModeReceiver } from "@slack/bolt";
import type { Logger } from "../../core/index.js";

/** Where a connection failed: asking the Web API for a connection, or opening the WebSocket. */
export type Stage = "api" | "websocket";

/** Why a connection could not be made, for a person. */
export interface ConnectFailure {
  /** A few words for readiness: "connection refused", "HTTP 404". */
  short: string;
  /** What happened, naming the host: "connection refused by wss.example.com:443". */
  cause: string;
  /** What to check. */
  check: string;
}

/** Error codes, from an error and the errors it wraps (the Web API client's `original`, `cause`). */
function codesOf(err: unknown): { codes: string[]; status?: number; slack?: string; timedOut: boolean } {
  const codes: string[] = [];
  let status: number | undefined;
  let slack: string | undefined;
  let timedOut = false;
  let current: unknown = err;
  for (let depth = 0; depth < 6 && typeof current === "object" && current !== null; depth++) {
    const e = current as {
      code?: unknown;
      statusCode?: unknown;
      name?: unknown;
      data?: { error?: unknown };
      original?: unknown;
      cause?: unknown;
    };
    // System and undici codes are upper case; the SDK's own (`slack_webapi_request_error`) say nothing more.
    if (typeof e.code === "string" && /^[A-Z][A-Z0-9_]*$/.test(e.code)) codes.push(e.code);
    if (typeof e.statusCode === "number") status ??= e.statusCode;
    if (typeof e.data?.error === "string") slack ??= e.data.error;
    if (e.name === "TimeoutError") timedOut = true;
    current = e.original ?? e.cause;
  }
  return {
    codes,
    ...(status === undefined ? {} : { status }),
    ...(slack === undefined ? {} : { slack }),
    timedOut,
  };
}

const DNS = /^(ENOTFOUND|EAI_AGAIN|EAI_FAIL|EAI_NONAME|EAI_NODATA)$/;
const TLS =
  /^(ERR_SSL_|ERR_TLS_|ERR_OSSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|EPROTO$)/;
const TIMEOUT = /^(ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT|UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT)$/;
const UNREACHABLE = /^(EHOSTUNREACH|ENETUNREACH|ENETDOWN|EHOSTDOWN)$/;
const RESET = /^(ECONNRESET|EPIPE|UND_ERR_SOCKET|UND_ERR_CLOSED|ECONNABORTED)$/;

const TLS_CHECK =
  "Check for a proxy that intercepts TLS (its certificate authority goes in NODE_EXTRA_CA_CERTS) and that this host's clock is right.";

/** Describes a failed connection to `host` at `stage`, from the error or the HTTP status it ended with. */
export function describeFailure(stage: Stage, host: string, failure: unknown): ConnectFailure {
  const { codes, status, slack, timedOut } =
    typeof failure === "number" ? { codes: [], status: failure, timedOut: false } : codesOf(failure);
  const reach =
    stage === "api"
      ? `Check that this host can reach the Slack Web API at ${host} (network, firewall, proxy), or SLACK_API_URL if it is set.`
      : `Check that this host may open outgoing WebSocket connections (wss://) to ${host}: a firewall or proxy may block them.`;
  const code = codes.find(
    (c) =>
      DNS.test(c) ||
      TLS.test(c) ||
      TIMEOUT.test(c) ||
      UNREACHABLE.test(c) ||
      RESET.test(c) ||
      c === "ECONNREFUSED",
  );
  if (slack !== undefined)
    return {
      short: `Slack answered ${slack}`,
      cause: `Slack answered apps.connections.open with ${slack}`,
      check: "Check SLACK_APP_TOKEN, and that Socket Mode is on in the app's settings.",
    };
  if (status !== undefined) {
    const check =
      status >= 500
        ? "Slack may be having an outage (status.slack.com); letterbot keeps trying."
        : stage === "api"
          ? "Check SLACK_API_URL if it is set: Slack's Web API answers 200."
          : "Check for a proxy between letterbot and Slack that refuses WebSocket upgrades, or SLACK_API_URL if it is set.";
    return { short: `HTTP ${status}`, cause: `${host} answered HTTP ${status}`, check };
  }
  if (code === "ECONNREFUSED")
    return {
      short: "connection refused",
      cause: `connection refused by ${host} (nothing accepts connections there)`,
      check: reach,
    };
  if (code && DNS.test(code))
    return {
      short: "DNS lookup failed",
      cause: `the name ${host} could not be resolved (${code})`,
      check: `Check this host's DNS settings and network. ${reach}`,
    };
  if (code && TLS.test(code))
    return {
      short: "TLS handshake failed",
      cause: `the TLS handshake with ${host} failed (${code})`,
      check: TLS_CHECK,
    };
  if ((code && TIMEOUT.test(code)) || timedOut)
    return {
      short: "timed out",
      cause: `${host} did not answer in time${code ? ` (${code})` : ""}`,
      check: reach,
    };
  if (code && UNREACHABLE.test(code))
    return { short: "network unreachable", cause: `${host} is unreachable (${code})`, check: reach };
  if (code && RESET.test(code))
    return { short: "connection reset", cause: `${host} closed the connection (${code})`, check: reach };
  const what = codes[0] ?? (failure instanceof Error ? failure.name : "no reason given");
  return { short: "failed", cause: `the connection to ${host} failed (${what})`, check: reach };
}

/**
 * The SDK's own lines about a failed connection carry no cause (an empty WebSocket error, "fetch
 * failed"); the watcher's line replaces them, so they are dropped.
 */
const REPLACED = [
  /^WebSocket error/,
  /^http request failed/,
  /^Failed to retrieve a new WSS URL \(error: Error: A (request|n HTTP protocol) error/,
];

/** `sdk` without the SDK's cause-less lines about failed connections. */
export function socketModeLogger(sdk: BoltLogger): BoltLogger {
  const keep = (parts: unknown[]) => !REPLACED.some((pattern) => pattern.test(String(parts[0] ?? "")));
  return {
    ...sdk,
    warn: (...parts: unknown[]) => (keep(parts) ? sdk.warn(...parts) : undefined),
    error: (...parts: unknown[]) => (keep(parts) ? sdk.error(...parts) : undefined),
  };
}

/** Readiness while Socket Mode has neither connected nor failed yet. */
export const SOCKET_CONNECTING = "Socket Mode connecting";

/** How Socket Mode is doing, for readiness. */
export type SocketState = { up: true } | { up: false; reason: string };

/** A watched Socket Mode connection. */
export interface SocketWatch {
  state(): SocketState;
  /**
   * Resolves once the connection is up or has failed once, after `ms` at most, or when `signal`
   * aborts: how long start-up waits for Socket Mode before going on.
   */
  settled(ms: number, signal?: AbortSignal): Promise<void>;
  /** Stops watching: no more lines, retries of `apps.connections.open` end. */
  close(): void;
}

export interface WatchOptions {
  receiver: SocketModeReceiver;
  logger: Logger;
  /** The Web API base `apps.connections.open` is called at. */
  apiUrl: string;
  /** Before start-up completes, a refused app token is start-up's own error; after, a report. */
  isStarted: () => boolean;
  onRefused: (code: string) => void;
  /** Whether a Slack error code means the token is no longer accepted at all. */
  isFatal: (code: string) => boolean;
  /** Wait before asking for a connection URL again after `failures` failures in a row. */
  retryDelayMs: (failures: number) => number;
}

/** A failure is logged again at most this often while it goes on unchanged. */
export const REPEAT_LOG_MS = 5 * 60_000;

interface DiagnosticRequest {
  origin?: unknown;
  upgrade?: unknown;
}
const requestErrors = channel("undici:request:error");
const requestHeaders = channel("undici:request:headers");

/**
 * Watches `receiver`'s Socket Mode client: its state, the cause of each failure to connect (logged
 * when it changes, and every five minutes while it lasts), and retries of `apps.connections.open`.
 */
export function watchSocketMode(options: WatchOptions): SocketWatch {
  const { receiver, logger, isStarted, onRefused, isFatal, retryDelayMs } = options;
  const client = receiver.client as unknown as {
    start: () => Promise<unknown>;
    retrieveWSSURL: () => Promise<string>;
    on(event: string, listener: (...args: unknown[]) => void): unknown;
  };
  const apiHost = new URL(options.apiUrl).host;
  const closing = new AbortController();
  let connected = false;
  /** The WebSocket being opened: where to, what went wrong so far, and whether it came up. */
  let attempt: { origin: string; host: string; problem?: ConnectFailure; wasUp: boolean } | undefined;
  let failures = 0;
  let lastFailure: ConnectFailure | undefined;
  let dropped = false;
  let logged: { line: string; at: number } | undefined;
  let outcome = false;
  const waiters = new Set<() => void>();
  const settle = () => {
    outcome = true;
    for (const wake of waiters) wake();
    waiters.clear();
  };

  const failed = (stage: Stage, failure: ConnectFailure) => {
    if (closing.signal.aborted) return;
    failures++;
    lastFailure = failure;
    const line = `Slack Socket Mode cannot connect: ${failure.cause}. ${failure.check} Retrying.`;
    const now = Date.now();
    if (logged?.line !== line || now - logged.at >= REPEAT_LOG_MS) {
      logger.error(line, { stage, failures });
      logged = { line, at: now };
    }
    settle();
  };

  // undici publishes every request's failure and response status; those of the WebSocket being
  // opened (an upgrade to the URL Slack handed out) say why it did not open.
  const opening = (request: DiagnosticRequest | undefined) =>
    attempt !== undefined && request?.upgrade === "websocket" && request.origin === attempt.origin;
  const onRequestError = (message: unknown) => {
    const { request, error } = message as { request?: DiagnosticRequest; error?: unknown };
    if (attempt && opening(request)) attempt.problem = describeFailure("websocket", attempt.host, error);
  };
  const onResponse = (message: unknown) => {
    const { request, response } = message as {
      request?: DiagnosticRequest;
      response?: { statusCode?: unknown };
    };
    const status = response?.statusCode;
    if (attempt && opening(request) && typeof status === "number" && status !== 101)
      attempt.problem = describeFailure("websocket", attempt.host, status);
  };
  requestErrors.subscribe(onRequestError);
  requestHeaders.subscribe(onResponse);

  client.on("connected", () => {
    connected = true;
    dropped = false;
    if (attempt) attempt.wasUp = true;
    if (failures > 0 && !closing.signal.aborted)
      logger.info("Slack Socket Mode connected", { afterFailures: failures });
    failures = 0;
    lastFailure = undefined;
    logged = undefined;
    settle();
  });
  // "close" is the moment the socket drops; "reconnecting" only comes after a back-off.
  for (const state of ["close", "disconnected", "reconnecting"]) {
    client.on(state, () => {
      if (connected) dropped = true;
      connected = false;
    });
  }
  client.on("error", () => {
    if (!attempt || closing.signal.aborted) return;
    if (attempt.wasUp) {
      logger.warn("Slack Socket Mode connection lost; reconnecting", {
        ...(attempt.problem ? { cause: attempt.problem.cause } : {}),
      });
      return;
    }
    failed("websocket", attempt.problem ?? describeFailure("websocket", attempt.host, undefined));
  });

  // The first `start` is start-up's, which awaits it. Each reconnection calls `start` again and
  // drops its promise, which rejects when the client is stopped: those rejections are nobody's.
  const start = client.start.bind(client);
  let calls = 0;
  client.start = () => {
    const starting = start();
    return ++calls === 1 ? starting : starting.catch(() => new Promise(() => {}));
  };

  const retrieve = client.retrieveWSSURL.bind(client);
  const never = () => new Promise<string>(() => {});
  client.retrieveWSSURL = async () => {
    for (let inARow = 1; ; inARow++) {
      try {
        const url = await retrieve();
        // Stopped while asking: no new connection.
        if (closing.signal.aborted) return never();
        const { origin, host } = new URL(url);
        // undici reports wss:// requests under their https:// origin.
        attempt = { origin: origin.replace(/^ws/, "http"), host, wasUp: false };
        return url;
      } catch (err) {
        const code = (err as { data?: { error?: unknown } } | null)?.data?.error;
        if (typeof code === "string") {
          // A refusal while starting is start-up's own error; later, a token refused for good is
          // reported and the reconnection waits for the stop that brings.
          if (!isStarted()) throw err;
          if (isFatal(code)) {
            onRefused(code);
            return never();
          }
        }
        failed("api", describeFailure("api", apiHost, err));
        try {
          await sleep(retryDelayMs(inARow), undefined, { signal: closing.signal });
        } catch {
          return never();
        }
      }
    }
  };

  return {
    state() {
      if (connected) return { up: true };
      if (lastFailure) return { up: false, reason: `Socket Mode not connected: ${lastFailure.short}` };
      return { up: false, reason: dropped ? "Socket Mode disconnected" : SOCKET_CONNECTING };
    },
    settled(ms, signal) {
      if (outcome || signal?.aborted) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal?.removeEventListener("abort", done);
          waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        signal?.addEventListener("abort", done);
        waiters.add(done);
      });
    },
    close() {
      closing.abort();
      requestErrors.unsubscribe(onRequestError);
      requestHeaders.unsubscribe(onResponse);
      settle();
    },
  };
}
