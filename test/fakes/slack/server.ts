/**
 * A local fake of Slack for end-to-end tests, on one loopback port: the Web API methods letterbot
 * calls (`oauth.v2.access`, `auth.test`, `chat.postMessage`, `chat.postEphemeral`) and the OAuth
 * authorize page, which plays the person who approves the install and sends the browser back to
 * the app's redirect URL with a code; and response URLs, for replies to commands and buttons.
 * Every workspace has its own bot token; every call is recorded with the token it carried.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A workspace that can install the app. */
export interface FakeWorkspace {
  teamId: string;
  teamName: string;
  botToken: string;
  botUserId: string;
  botId: string;
}

/** One Web API call as the fake received it. */
export interface ApiCall {
  method: string;
  /** The bearer token it carried, if any. */
  token: string | undefined;
  params: Record<string, string>;
}

/** What the fake knows of the app. */
export interface FakeSlackOptions {
  clientId: string;
  clientSecret: string;
  workspaces: FakeWorkspace[];
}

/** A workspace whose own `xoxb-` token, bot user and bot are derived from its team id. */
export function workspace(teamId: string, teamName = `Team ${teamId}`): FakeWorkspace {
  return {
    teamId,
    teamName,
    botToken: `xoxb-${teamId}-1111-${randomBytes(8).toString("hex")}`,
    botUserId: `U${teamId}BOT`,
    botId: `B${teamId}BOT`,
  };
}

export class FakeSlack {
  readonly calls: ApiCall[] = [];
  /** Where the authorize page sends the browser back: the app's redirect URL. */
  redirectUrl = "";
  private readonly codes = new Map<string, FakeWorkspace>();
  private readonly revoked = new Set<string>();
  private readonly server = createServer((req, res) => void this.onRequest(req, res));
  private port = 0;

  private constructor(readonly options: FakeSlackOptions) {}

  static async start(options: FakeSlackOptions): Promise<FakeSlack> {
    const fake = new FakeSlack(options);
    await new Promise<void>((resolve) => fake.server.listen(0, "127.0.0.1", resolve));
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  /** The value for `SLACK_API_URL`. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  /** Slack's authorize page, as letterbot should derive it from the API URL. */
  get authorizeUrl(): string {
    return `http://127.0.0.1:${this.port}/oauth/v2/authorize`;
  }

  /** Calls to one Web API method so far. */
  callsTo(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** A response URL of this fake, as Slack sends one with a command or a button press. */
  responseUrl(name: string): string {
    return `http://127.0.0.1:${this.port}/respond/${name}`;
  }

  /** What was posted to a response URL of `responseUrl(name)`. */
  responsesTo(name: string): Record<string, unknown>[] {
    return this.callsTo(`/respond/${name}`).map((c) => c.params);
  }

  /** From now on, Slack refuses this workspace's token (the app was uninstalled there). */
  revoke(teamId: string): void {
    const found = this.options.workspaces.find((w) => w.teamId === teamId);
    if (found) this.revoked.add(found.botToken);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", `http://127.0.0.1:${this.port}`);
    if (req.method === "GET" && url.pathname === "/oauth/v2/authorize") {
      this.authorize(url, res);
      return;
    }
    const method = url.pathname.replace(/^\/api\//, "");
    const body = Buffer.concat(chunks).toString("utf8");
    const params = String(req.headers["content-type"]).includes("json")
      ? (JSON.parse(body || "{}") as Record<string, string>)
      : Object.fromEntries(new URLSearchParams(body));
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    this.calls.push({ method, token, params });
    if (url.pathname.startsWith("/respond/")) {
      // A response URL carries its own credential and answers as Slack's do.
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(this.answer(method, token, params)));
  }

  /** The person approves: back to the app with a one-time code for the workspace `team` names (or the first). */
  private authorize(url: URL, res: ServerResponse): void {
    const { workspaces, clientId } = this.options;
    const chosen = workspaces.find((w) => w.teamId === url.searchParams.get("team")) ?? workspaces[0];
    if (url.searchParams.get("client_id") !== clientId || !chosen || !this.redirectUrl) {
      res.writeHead(400).end("bad authorize request");
      return;
    }
    const code = `code-${randomBytes(6).toString("hex")}`;
    this.codes.set(code, chosen);
    const back = new URL(this.redirectUrl);
    back.searchParams.set("code", code);
    back.searchParams.set("state", url.searchParams.get("state") ?? "");
    res.writeHead(302, { location: back.toString() }).end();
  }

  private answer(method: string, token: string | undefined, params: Record<string, string>): unknown {
    const { workspaces, clientId, clientSecret } = this.options;
    if (method === "oauth.v2.access") {
      const installing = this.codes.get(params.code ?? "");
      this.codes.delete(params.code ?? "");
      if (params.client_id !== clientId || params.client_secret !== clientSecret)
        return { ok: false, error: "invalid_client" };
      if (!installing) return { ok: false, error: "invalid_code" };
      return {
        ok: true,
        app_id: "A0LETTERBOT",
        authed_user: { id: "U0INSTALLER" },
        scope: "app_mentions:read,chat:write,commands,im:history",
        token_type: "bot",
        access_token: installing.botToken,
        bot_user_id: installing.botUserId,
        team: { id: installing.teamId, name: installing.teamName },
        enterprise: null,
        is_enterprise_install: false,
      };
    }
    const owner = workspaces.find((w) => w.botToken === token);
    if (!owner) return { ok: false, error: "invalid_auth" };
    if (this.revoked.has(owner.botToken)) return { ok: false, error: "token_revoked" };
    switch (method) {
      case "auth.test":
        return {
          ok: true,
          url: `https://${owner.teamId.toLowerCase()}.slack.test/`,
          team: owner.teamName,
          team_id: owner.teamId,
          user_id: owner.botUserId,
          bot_id: owner.botId,
        };
      case "chat.postMessage":
        return {
          ok: true,
          channel: params.channel,
          ts: `1718000000.${String(this.calls.length).padStart(6, "0")}`,
        };
      case "chat.postEphemeral":
        return { ok: true, message_ts: "1718000000.000001" };
      default:
        return { ok: false, error: "unknown_method" };
    }
  }
}
