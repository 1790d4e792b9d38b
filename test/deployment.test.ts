/** The deployment files a user starts from agree with the code: Slack manifests and docker-compose.yml. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { readRuntimeStage } from "../scripts/runtime-stage.js";
import { EVENTS_PATH, SLASH_COMMAND } from "../src/adapters/slack/app.js";
import { INSTALL_PATH, REDIRECT_PATH, SLACK_BOT_SCOPES } from "../src/adapters/slack/oauth.js";
import { CHECK_CALLBACK_ID } from "../src/adapters/slack/translate.js";
import { CHECK_LABEL } from "../src/core/index.js";

// Compose files use YAML merge keys (`<<: *letterbot`), as Docker Compose reads them.
const read = (path: string) =>
  parse(readFileSync(fileURLToPath(new URL(`../${path}`, import.meta.url)), "utf8"), { merge: true });

interface Manifest {
  features: {
    app_home: { home_tab_enabled: boolean };
    slash_commands: { command: string; url?: string }[];
    shortcuts?: { name: string; type: string; callback_id: string; description: string }[];
  };
  oauth_config: { redirect_urls?: string[]; scopes: { bot: string[] } };
  settings: {
    socket_mode_enabled: boolean;
    event_subscriptions: { request_url?: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url?: string };
  };
}

describe("the Slack manifests", () => {
  const single = read("slack/manifest.yml") as Manifest;
  const oauth = read("slack/manifest.oauth.yml") as Manifest;

  it("ask for exactly the scopes letterbot requests when it is installed", () => {
    expect(single.oauth_config.scopes.bot).toEqual([...SLACK_BOT_SCOPES]);
    expect(oauth.oauth_config.scopes.bot).toEqual([...SLACK_BOT_SCOPES]);
  });

  it("send the OAuth app's redirect, events and command to letterbot's own paths, over HTTP", () => {
    expect(oauth.settings.socket_mode_enabled).toBe(false);
    const [redirect] = oauth.oauth_config.redirect_urls ?? [];
    expect(new URL(redirect ?? "").pathname).toBe(REDIRECT_PATH);
    expect(new URL(oauth.settings.event_subscriptions.request_url ?? "").pathname).toBe(EVENTS_PATH);
    const command = oauth.features.slash_commands.find((c) => c.command === SLASH_COMMAND);
    expect(new URL(command?.url ?? "").pathname).toBe(EVENTS_PATH);
    expect(oauth.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining(["app_mention", "message.im", "app_uninstalled", "tokens_revoked"]),
    );
    expect(
      readFileSync(fileURLToPath(new URL("../slack/manifest.oauth.yml", import.meta.url)), "utf8"),
    ).toContain(INSTALL_PATH);
  });

  it("turn interactivity on, and register the Check in the letter shortcut and the Home tab, in both", () => {
    for (const manifest of [single, oauth]) {
      expect(manifest.settings.interactivity.is_enabled).toBe(true);
      expect(manifest.features.shortcuts).toEqual([
        expect.objectContaining({ name: CHECK_LABEL, type: "message", callback_id: CHECK_CALLBACK_ID }),
      ]);
      expect(manifest.features.shortcuts?.[0]?.description.length).toBeLessThanOrEqual(150);
      expect(manifest.features.app_home.home_tab_enabled).toBe(true);
      expect(manifest.settings.event_subscriptions.bot_events).toContain("app_home_opened");
    }
    // Over HTTP, button presses and shortcuts come to the events path too.
    expect(new URL(oauth.settings.interactivity.request_url ?? "").pathname).toBe(EVENTS_PATH);
  });

  it("keep the single-workspace app on Socket Mode", () => {
    expect(single.settings.socket_mode_enabled).toBe(true);
  });
});

describe("docker-compose.yml", () => {
  interface Service {
    build?: string;
    image?: string;
    pull_policy?: string;
    environment?: Record<string, string>;
    depends_on?: Record<string, { condition: string }>;
    volumes?: string[];
    ports?: string[];
  }
  const compose = read("docker-compose.yml") as {
    services: Record<string, Service>;
    volumes: Record<string, unknown>;
  };
  const replicas = Object.entries(compose.services).filter(([name]) => name !== "postgres");

  it("runs two replicas of the image on one PostgreSQL database, once it is healthy", () => {
    expect(replicas).toHaveLength(2);
    const urls = new Set(replicas.map(([, s]) => s.environment?.DATABASE_URL));
    expect(urls.size).toBe(1);
    expect([...urls][0]).toMatch(
      /^postgres:\/\/letterbot:\$\{POSTGRES_PASSWORD:\?[^}]+\}@postgres:5432\/letterbot$/,
    );
    for (const [, replica] of replicas)
      expect(replica.depends_on?.postgres?.condition).toBe("service_healthy");
    expect(new Set(replicas.flatMap(([, s]) => s.ports ?? [])).size).toBe(2);
  });

  it("builds the image once: one replica builds it, the other runs that same image", () => {
    const images = new Set(replicas.map(([, s]) => s.image));
    expect([...images]).toEqual(["letterbot"]);
    const builders = replicas.filter(([, s]) => s.build !== undefined);
    expect(builders.map(([, s]) => s.build)).toEqual(["."]);
    const others = replicas.filter(([, s]) => s.build === undefined);
    // Never looked for in a registry: a `letterbot` there would be someone else's.
    for (const [, other] of others) expect(other.pull_policy).toBe("never");
  });

  it("leaves no anonymous volume: every volume of the image is mounted by name", () => {
    const stage = readRuntimeStage(
      readFileSync(fileURLToPath(new URL("../Dockerfile", import.meta.url)), "utf8"),
    );
    for (const [, replica] of replicas) {
      const mounted = (replica.volumes ?? []).map((v) => v.split(":"));
      for (const path of stage.volumes) {
        const mount = mounted.find(([, target]) => target === path);
        expect(mount?.[0], `${path} in ${replica.image}`).toBeDefined();
        expect(Object.keys(compose.volumes)).toContain(mount?.[0]);
      }
    }
  });

  it("keeps PostgreSQL's data in a named volume", () => {
    const postgres = compose.services.postgres;
    expect(postgres?.image).toMatch(/^postgres:\d+/);
    const [volume] = (postgres?.volumes ?? [])[0]?.split(":") ?? [];
    expect(Object.keys(compose.volumes)).toContain(volume);
  });
});
