/**
 * Health endpoints for load balancers and orchestrators. `GET /healthz` says the process answers;
 * `GET /readyz` says whether the store answers and every configured platform is connected. Both
 * are cheap, unauthenticated, and say nothing but component names and states.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { requestDeadline } from "../adapters/web/limits.js";
import { BotError } from "../core/index.js";

/** Liveness: the process is up and its event loop turns. */
export const LIVENESS_PATH = "/healthz";
/** Readiness: the process can do its work now. */
export const READINESS_PATH = "/readyz";

/**
 * The state of one component: up (with a word on how, such as "standby", when "up" alone would
 * mislead), or down with a short reason.
 */
export type ComponentState = { up: true; detail?: string } | { up: false; reason: string };

/** A named component whose state readiness reports (the store, each platform). */
export interface HealthCheck {
  name: string;
  state(): ComponentState | Promise<ComponentState>;
}

/** What `/readyz` answers. */
export interface Readiness {
  ready: boolean;
  /** Each component's state: "up" or why it is down. */
  checks: Record<string, string>;
}

/** The health of a running letterbot. */
export interface Health {
  readiness(): Promise<Readiness>;
  /** From now on readiness is 503 "shutting down", so traffic moves elsewhere during the drain. */
  markStopping(): void;
  /** Answers `GET /healthz` and `GET /readyz`; false for any other path, left to the caller. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
  });
  res.end(text);
}

/** Longest a component's check may take before it counts as down. */
export const CHECK_TIMEOUT_MS = 1_000;

async function stateOf(check: HealthCheck): Promise<ComponentState> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<ComponentState>((resolve) => {
    timer = setTimeout(() => resolve({ up: false, reason: "no answer" }), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([Promise.resolve().then(() => check.state()), late]);
  } catch {
    return { up: false, reason: "check failed" };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Creates the health of a bot from its components' checks. `checks` may grow after creation: a
 * platform joins it once it is started, and until then readiness says it is starting.
 */
export function createHealth(checks: readonly HealthCheck[]): Health {
  let stopping = false;
  const readiness = async (): Promise<Readiness> => {
    const states: Record<string, string> = {};
    let ready = !stopping;
    if (stopping) states.letterbot = "shutting down";
    const results = await Promise.all(checks.map(stateOf));
    checks.forEach((check, i) => {
      const state = results[i] ?? { up: false, reason: "check failed" };
      states[check.name] = state.up ? (state.detail ?? "up") : state.reason;
      if (!state.up) ready = false;
    });
    return { ready, checks: states };
  };
  return {
    readiness,
    markStopping() {
      stopping = true;
    },
    handle(req, res) {
      const path = (req.url ?? "/").split("?")[0];
      if (path !== LIVENESS_PATH && path !== READINESS_PATH) return false;
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.setHeader("allow", "GET, HEAD");
        reply(res, 405, { status: "method not allowed" });
        return true;
      }
      if (path === LIVENESS_PATH) {
        reply(res, 200, { status: "ok" });
        return true;
      }
      readiness().then((state) => {
        const down = Object.fromEntries(Object.entries(state.checks).filter(([, s]) => s !== "up"));
        const body = state.ready
          ? { status: "ready", checks: state.checks }
          : { status: "not ready", down, checks: state.checks };
        reply(res, state.ready ? 200 : 503, body);
      });
      return true;
    },
  };
}

/** The error for a port another process holds, naming the setting to change. */
export function portInUse(setting: string, port: number, cause?: unknown): BotError {
  return new BotError(
    "config_invalid",
    `${setting} ${port} is already in use: stop whatever listens there, or set ${setting} to a free port.`,
    { cause },
  );
}

/** A health server of its own, for modes where no Slack HTTP server carries the endpoints. */
export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/** Answers the requests it serves and returns true; false for any other, left to the caller. */
export type PageHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * Listens on `port` (0 for any free port) and serves the health endpoints, and the pages of
 * `pages` (the article page); any other path gets 404.
 */
export function startHealthServer(
  health: Health,
  port: number,
  setting = "HEALTH_PORT",
  pages: readonly PageHandler[] = [],
): Promise<HealthServer> {
  // A request that has not all arrived within the deadline is dropped, as on Slack's HTTP server.
  const server: Server = createServer(requestDeadline(), (req, res) => {
    if (health.handle(req, res)) return;
    if (pages.some((page) => page(req, res))) return;
    reply(res, 404, { status: "not found" });
  });
  // Probes open a connection per check; nothing is worth keeping a socket for.
  server.keepAliveTimeout = 1_000;
  return new Promise((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) => {
      reject(err.code === "EADDRINUSE" ? portInUse(setting, port, err) : err);
    });
    server.listen(port, () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
