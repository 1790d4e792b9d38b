/**
 * A local fake of Discord for end-to-end tests: a REST API and a WebSocket gateway on one loopback
 * port. The real discord.js client reaches it through `DISCORD_API_URL`; the test dispatches
 * gateway events and reads back every REST request the bot made.
 */
import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import { guildCreate, readyPayload } from "./payloads.js";

/** One REST request the bot made. */
export interface RecordedRequest {
  method: string;
  /** Path after the API version, e.g. `/channels/123/messages`. */
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  body: unknown;
}

/** A gateway payload, as sent or received. */
export interface GatewayPayload {
  op: number;
  d?: unknown;
  s?: number | null;
  t?: string | null;
}

/** What the fake pretends Discord knows. */
export interface FakeDiscordOptions {
  token: string;
  applicationId: string;
  botUserId: string;
  guilds: { id: string; channels: string[] }[];
}

/** A REST failure the fake returns for every post to one channel. */
interface Failure {
  status: number;
  code: number;
  message: string;
}

/** The heartbeat interval the fake announces; long, so tests never depend on heartbeats. */
const HEARTBEAT_INTERVAL_MS = 45_000;
/** How long a `waitFor…` helper waits before failing the test. */
const WAIT_TIMEOUT_MS = 5_000;
/** Close code for a bad token on the gateway. */
const AUTHENTICATION_FAILED = 4004;

let nextId = 1_300_000_000_000_000_000n;
/** A fresh snowflake-shaped id. */
export const snowflake = (): string => String(nextId++);

/** A running fake Discord. */
export class FakeDiscord {
  readonly requests: RecordedRequest[] = [];
  readonly received: GatewayPayload[] = [];
  /** Query strings of every gateway connection, in order. */
  readonly connections: URLSearchParams[] = [];
  /** Messages posted per channel. */
  readonly posted = new Map<string, Record<string, unknown>[]>();
  private readonly failures = new Map<string, Failure>();
  /** Channels whose message posts are never answered. */
  private readonly hung = new Set<string>();
  /** Close code for the next IDENTIFY instead of READY, if set. */
  private identifyCloseCode: number | undefined;
  /** DM channels opened with users, by user id. */
  readonly dmChannels = new Map<string, string>();
  private readonly events = new EventEmitter();
  private readonly http = createServer((req, res) => void this.onRequest(req, res));
  private readonly wss = new WebSocketServer({ noServer: true });
  private socket: WebSocket | undefined;
  private sessionId = "";
  private sequence = 0;
  private port = 0;

  private constructor(readonly options: FakeDiscordOptions) {
    this.http.on("upgrade", (req, socket, head) => {
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, req));
    });
  }

  /** Starts a fake on an ephemeral loopback port. */
  static async start(options: FakeDiscordOptions): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    await new Promise<void>((resolve) => fake.http.listen(0, "127.0.0.1", resolve));
    fake.port = (fake.http.address() as AddressInfo).port;
    return fake;
  }

  /** The value for `DISCORD_API_URL`. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  /** The gateway's URL, as `GET /gateway/bot` and READY's `resume_gateway_url` give it. */
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Makes every post to `channel` fail with a Discord error. */
  failChannel(channel: string, failure: Failure): void {
    this.failures.set(channel, failure);
  }

  /** Never answers posts to `channel`, like a platform call that hangs. */
  hangChannel(channel: string): void {
    this.hung.add(channel);
  }

  /** Closes the gateway connection with `code`, as Discord does when it ends a session. */
  closeGateway(code: number, reason = "closed by the fake"): void {
    this.socket?.close(code, reason);
  }

  /** Answers the next IDENTIFY by closing the gateway with `code` (e.g. 4014, disallowed intents). */
  refuseIdentify(code: number): void {
    this.identifyCloseCode = code;
  }

  /** Sends a dispatch event (INTERACTION_CREATE, MESSAGE_CREATE, …) to the connected client. */
  dispatch(type: string, data: unknown): void {
    this.send({ op: 0, t: type, s: ++this.sequence, d: data });
  }

  /** Asks the client to reconnect (opcode 7), as Discord does before moving a session. */
  requestReconnect(): void {
    this.send({ op: 7, d: null });
  }

  /** Resolves with the first recorded REST request matching `test`, waiting for it if needed. */
  waitForRequest(test: (r: RecordedRequest) => boolean): Promise<RecordedRequest> {
    return this.waitFor("request", () => this.requests.find(test));
  }

  /** Resolves with the first gateway payload from the client matching `test`. */
  waitForGateway(test: (p: GatewayPayload) => boolean): Promise<GatewayPayload> {
    return this.waitFor("gateway", () => this.received.find(test));
  }

  /** Requests the bot made to `path` (exact) so far. */
  requestsTo(method: string, path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  /** Closes every connection and the server. */
  async close(): Promise<void> {
    this.hung.clear();
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private waitFor<T>(event: string, find: () => T | undefined): Promise<T> {
    const found = find();
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = find();
        if (hit === undefined) return;
        cleanup();
        resolve(hit);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`fake Discord: no matching ${event} within ${WAIT_TIMEOUT_MS} ms`));
      }, WAIT_TIMEOUT_MS);
      const cleanup = () => {
        clearTimeout(timer);
        this.events.off(event, check);
      };
      this.events.on(event, check);
    });
  }

  private send(payload: GatewayPayload): void {
    if (!this.socket || this.socket.readyState !== this.socket.OPEN) {
      throw new Error("fake Discord: no gateway connection");
    }
    this.socket.send(JSON.stringify({ s: null, t: null, ...payload }));
  }

  private onConnection(ws: WebSocket, req: IncomingMessage): void {
    this.connections.push(new URL(req.url ?? "/", this.gatewayUrl).searchParams);
    this.socket = ws;
    ws.on("message", (raw) => {
      const payload = JSON.parse(String(raw)) as GatewayPayload;
      if (ws !== this.socket) return;
      this.onGateway(ws, payload);
      this.received.push(payload);
      this.events.emit("gateway");
    });
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: HEARTBEAT_INTERVAL_MS }, s: null, t: null }));
  }

  private onGateway(ws: WebSocket, payload: GatewayPayload): void {
    const data = (payload.d ?? {}) as Record<string, unknown>;
    switch (payload.op) {
      case 1:
        ws.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
        return;
      case 2: {
        if (data.token !== this.options.token) {
          ws.close(AUTHENTICATION_FAILED, "Authentication failed.");
          return;
        }
        if (this.identifyCloseCode !== undefined) {
          ws.close(this.identifyCloseCode, "Refused by the fake.");
          return;
        }
        this.sessionId = `session-${snowflake()}`;
        this.sequence = 0;
        const { botUserId, applicationId, guilds } = this.options;
        this.dispatch(
          "READY",
          readyPayload({
            botUserId,
            applicationId,
            guilds,
            sessionId: this.sessionId,
            resumeUrl: this.gatewayUrl,
          }),
        );
        for (const guild of guilds) this.dispatch("GUILD_CREATE", guildCreate(guild, botUserId));
        return;
      }
      case 6:
        if (data.token !== this.options.token || data.session_id !== this.sessionId) {
          ws.send(JSON.stringify({ op: 9, d: false, s: null, t: null }));
          return;
        }
        this.dispatch("RESUMED", {});
        return;
    }
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", this.apiUrl);
    const record: RecordedRequest = {
      method: req.method ?? "GET",
      // Decoded as Discord reads it: "@original" may come as "%40original".
      path: decodeURIComponent(url.pathname.replace(/^\/api\/v\d+/, "")),
      query: url.searchParams,
      authorization: req.headers.authorization,
      body: text ? JSON.parse(text) : undefined,
    };
    this.requests.push(record);
    const target = /^\/channels\/(\d+)\/messages$/.exec(record.path)?.[1];
    if (record.method === "POST" && target && this.hung.has(target)) {
      this.events.emit("request");
      return;
    }
    const [status, body] = this.route(record);
    res.writeHead(status, body === undefined ? {} : { "content-type": "application/json" });
    res.end(body === undefined ? undefined : JSON.stringify(body));
    this.events.emit("request");
  }

  private route(r: RecordedRequest): [number, unknown] {
    const { token, applicationId } = this.options;
    const callback = /^\/interactions\/\d+\/[^/]+\/callback$/.test(r.path);
    // An interaction's answer is edited through its webhook, with the interaction's token, not the bot's.
    const original = /^\/webhooks\/(\d+)\/[^/]+\/messages\/@original$/.exec(r.path);
    if (original && r.method === "PATCH") {
      if (original[1] !== applicationId) return [404, { message: "Unknown Webhook", code: 10015 }];
      return [200, { id: snowflake(), channel_id: snowflake(), ...(r.body as Record<string, unknown>) }];
    }
    if (!callback && r.authorization !== `Bot ${token}`)
      return [401, { message: "401: Unauthorized", code: 0 }];
    if (r.method === "GET" && r.path === "/gateway/bot") {
      return [
        200,
        {
          url: this.gatewayUrl,
          shards: 1,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
        },
      ];
    }
    if (r.method === "POST" && callback) return [204, undefined];
    if (r.method === "POST" && r.path === "/users/@me/channels") {
      const recipient = String((r.body as { recipient_id?: unknown }).recipient_id ?? "");
      const id = this.dmChannels.get(recipient) ?? snowflake();
      this.dmChannels.set(recipient, id);
      return [200, { id, type: 1, recipients: [{ id: recipient, username: "someone" }] }];
    }
    const messages = /^\/channels\/(\d+)\/messages$/.exec(r.path);
    if (r.method === "POST" && messages?.[1])
      return this.postMessage(messages[1], r.body as Record<string, unknown>);
    const commands = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(r.path);
    if (r.method === "PUT" && commands && commands[1] === applicationId) {
      const guild = commands[2];
      if (guild && !this.options.guilds.some((g) => g.id === guild)) {
        return [403, { message: "Missing Access", code: 50001 }];
      }
      const list = (r.body as Record<string, unknown>[]).map((c) => ({
        ...c,
        id: snowflake(),
        application_id: applicationId,
        version: snowflake(),
      }));
      return [200, list];
    }
    return [404, { message: "404: Not Found", code: 0 }];
  }

  private postMessage(channel: string, body: Record<string, unknown>): [number, unknown] {
    const failure = this.failures.get(channel);
    if (failure) return [failure.status, { message: failure.message, code: failure.code }];
    const list = this.posted.get(channel) ?? [];
    this.posted.set(channel, list);
    // With enforce_nonce, Discord answers a repeated nonce with the message it already created.
    const earlier = body.enforce_nonce ? list.find((m) => m.nonce === body.nonce) : undefined;
    if (earlier) return [200, earlier];
    const message = {
      ...body,
      id: snowflake(),
      channel_id: channel,
      author: { id: this.options.botUserId, username: "letterbot", bot: true },
      timestamp: new Date(0).toISOString(),
    };
    list.push(message);
    return [200, message];
  }
}
