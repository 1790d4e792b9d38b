/**
 * Installing letterbot in many workspaces with Slack's OAuth flow (Bolt's `/slack/install` and
 * `/slack/oauth_redirect`): the scopes it asks for, the install states and installations kept in
 * letterbot's store (so any replica can serve any step), and the pages a person sees at the end.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type {
  Installation,
  InstallationQuery,
  InstallationStore,
  InstallURLOptions,
  StateStore,
} from "@slack/bolt";
import type { Installations, OAuthStates } from "../../core/index.js";

/** The bot scopes letterbot asks for; both manifests in slack/ list the same ones (a test checks). */
export const SLACK_BOT_SCOPES = [
  "app_mentions:read",
  "chat:write",
  "commands",
  "im:history",
  "channels:read",
  "groups:read",
] as const;
/** Where an install starts: Bolt's default path, which redirects to Slack's authorize page. */
export const INSTALL_PATH = "/slack/install";
/** Where Slack sends the person back with a code: Bolt's default; the manifest's redirect URL. */
export const REDIRECT_PATH = "/slack/oauth_redirect";
/** How long an install link stays usable: as long as the browser cookie Bolt sets beside it. */
export const STATE_TTL_SECONDS = 600;
/** Random bytes in a state: unguessable. */
const STATE_BYTES = 24;
/** Bolt's error code for a state that is not valid, which its callback reports to our failure page. */
const INVALID_STATE = "slack_oauth_invalid_state";

/** Slack's authorize page for an API base: `https://slack.com/api/` → `https://slack.com/oauth/v2/authorize`. */
export function authorizeUrlFor(apiUrl: string): string {
  return new URL("../oauth/v2/authorize", apiUrl).toString();
}

function invalidState(why: string): Error {
  return Object.assign(new Error(`The install link's state ${why}.`), { code: INVALID_STATE });
}

/**
 * Install states in the store: each is a random id signed with the state secret. A forged one fails
 * the signature before the store is asked; a real one is taken from the store as it is checked, so
 * it works once, on whichever replica Slack's redirect reaches, and never again.
 */
export function createStateStore(states: OAuthStates, secret: string): StateStore {
  const sign = (id: string) => createHmac("sha256", secret).update(id).digest("base64url");
  const signed = (id: string, signature: string) => {
    const expected = Buffer.from(sign(id));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  };
  return {
    async generateStateParam(installOptions: InstallURLOptions) {
      const id = randomBytes(STATE_BYTES).toString("base64url");
      await states.saveOAuthState(id, JSON.stringify(installOptions), STATE_TTL_SECONDS * 1000);
      return `${id}.${sign(id)}`;
    },
    async verifyStateParam(_now: Date, state: string) {
      const [id, signature, ...rest] = state.split(".");
      if (!id || !signature || rest.length > 0 || !signed(id, signature)) throw invalidState("is not ours");
      const data = await states.takeOAuthState(id);
      if (data === undefined) throw invalidState("has expired or was already used");
      return JSON.parse(data) as InstallURLOptions;
    },
  };
}

/** The key of an installation: the organization for an org-wide install, else the workspace. */
function installationId(query: {
  isEnterpriseInstall?: boolean | undefined;
  enterpriseId?: string | undefined;
  teamId?: string | undefined;
}): string | undefined {
  return query.isEnterpriseInstall ? query.enterpriseId : query.teamId;
}

/** The text Bolt logs when a request comes from a workspace with no installation. */
export function notInstalled(id: string | undefined): string {
  return `letterbot is not installed in Slack workspace ${id ?? "(none named)"}`;
}

/** Bolt's installation store over letterbot's store: one JSON record per workspace. */
export function createInstallationStore(installations: Installations): Required<InstallationStore> {
  return {
    async storeInstallation(installation) {
      const id = installationId({
        isEnterpriseInstall: installation.isEnterpriseInstall,
        enterpriseId: installation.enterprise?.id,
        teamId: installation.team?.id,
      });
      if (!id) throw new Error("Slack's installation names no workspace");
      await installations.saveInstallation({
        platform: "slack",
        id,
        data: JSON.stringify(installation),
        updatedAt: new Date().toISOString(),
      });
    },
    async fetchInstallation(query: InstallationQuery<boolean>) {
      const id = installationId(query);
      const found = id === undefined ? undefined : await installations.getInstallation("slack", id);
      if (!found) throw new Error(notInstalled(id));
      return JSON.parse(found.data) as Installation<"v1" | "v2", boolean>;
    },
    async deleteInstallation(query: InstallationQuery<boolean>) {
      const id = installationId(query);
      if (id !== undefined) await installations.deleteInstallation("slack", id);
    },
  };
}

/** The bot token installed in `workspace`, if letterbot is installed there. */
export async function botTokenIn(
  installations: Installations,
  workspace: string,
): Promise<string | undefined> {
  const found = await installations.getInstallation("slack", workspace);
  if (!found) return undefined;
  const token = (JSON.parse(found.data) as { bot?: { token?: unknown } }).bot?.token;
  return typeof token === "string" ? token : undefined;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(res: ServerResponse, status: number, title: string, body: string): void {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family: sans-serif; max-width: 36em; margin: 3em auto"><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(html);
}

/** What the person sees once the app is installed in their workspace. */
export function installedPage(
  installation: { team?: { name?: string | undefined } | undefined },
  _options: unknown,
  _req: IncomingMessage,
  res: ServerResponse,
): void {
  const team = installation.team?.name ? ` in ${escapeHtml(installation.team.name)}` : "";
  page(
    res,
    200,
    "letterbot is installed",
    `<p>letterbot is now installed${team}. Type <code>/letter help</code> in any channel to see what it can do, and <code>/invite @letterbot</code> where it should post daily quotes.</p>`,
  );
}

/** What the person sees when the install did not complete, and why; nothing was stored. */
export function installFailedPage(
  error: { code?: string | undefined },
  _options: unknown,
  _req: IncomingMessage,
  res: ServerResponse,
): void {
  const again = `<p>Nothing was installed. <a href="${INSTALL_PATH}">Start the installation again</a>.</p>`;
  switch (error.code) {
    case INVALID_STATE:
    case "slack_oauth_missing_state":
      page(
        res,
        400,
        "This install link is not valid",
        `<p>It has expired (links last ${STATE_TTL_SECONDS / 60} minutes), it was already used, or it was opened in another browser than the one that started the installation.</p>${again}`,
      );
      return;
    case "slack_oauth_missing_code":
      page(
        res,
        400,
        "Slack sent no authorization code",
        `<p>The link back from Slack is incomplete.</p>${again}`,
      );
      return;
    case "slack_oauth_installer_authorization_error":
      page(res, 400, "The installation was cancelled", again);
      return;
    default:
      page(
        res,
        500,
        "The installation did not complete",
        `<p>Slack or letterbot's database failed to finish it; the server's log says why.</p>${again}`,
      );
  }
}

/** What the person sees when an install cannot even start (the store did not answer). */
export function installUnavailablePage(res: ServerResponse): void {
  page(
    res,
    503,
    "letterbot cannot start an installation right now",
    `<p>Please try again in a minute.</p><p><a href="${INSTALL_PATH}">Try again</a></p>`,
  );
}
