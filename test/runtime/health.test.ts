import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  type ComponentState,
  createHealth,
  type HealthServer,
  startHealthServer,
} from "../../src/runtime/health.js";

function call(port: number, path: string, method = "GET"): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request({ host: "127.0.0.1", port, path, method, agent: false }, (res) => {
      let body = "";
      res.on("data", (c) => {
        body += String(c);
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on("error", reject)
      .end();
  });
}

let server: HealthServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("the health endpoints", () => {
  it("answers liveness, and readiness 200 while every component is up", async () => {
    const health = createHealth([
      { name: "store", state: () => ({ up: true }) },
      { name: "discord", state: async () => ({ up: true }) },
    ]);
    server = await startHealthServer(health, 0);
    expect(await call(server.port, "/healthz")).toEqual({ status: 200, body: '{"status":"ok"}' });
    const ready = await call(server.port, "/readyz");
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toEqual({ status: "ready", checks: { store: "up", discord: "up" } });
  });

  it("answers readiness 503 naming what is down, and recovers when it is back", async () => {
    let discord: ComponentState = { up: false, reason: "reconnecting to the gateway" };
    const health = createHealth([
      { name: "store", state: () => ({ up: true }) },
      { name: "discord", state: () => discord },
    ]);
    server = await startHealthServer(health, 0);
    const down = await call(server.port, "/readyz");
    expect(down.status).toBe(503);
    expect(JSON.parse(down.body)).toMatchObject({
      status: "not ready",
      down: { discord: "reconnecting to the gateway" },
    });
    expect((await call(server.port, "/healthz")).status).toBe(200);
    discord = { up: true };
    expect((await call(server.port, "/readyz")).status).toBe(200);
  });

  it("counts a failing or silent check as down", async () => {
    const health = createHealth([
      {
        name: "store",
        state: () => {
          throw new Error("SQLITE_BUSY");
        },
      },
      { name: "slack", state: () => new Promise<ComponentState>(() => {}) },
    ]);
    const readiness = await health.readiness();
    expect(readiness).toEqual({ ready: false, checks: { store: "check failed", slack: "no answer" } });
  });

  it("says it is shutting down once stopping starts", async () => {
    const health = createHealth([{ name: "store", state: () => ({ up: true }) }]);
    health.markStopping();
    expect(await health.readiness()).toEqual({
      ready: false,
      checks: { letterbot: "shutting down", store: "up" },
    });
  });

  it("refuses other methods and paths, and never shows a secret", async () => {
    const health = createHealth([{ name: "store", state: () => ({ up: true }) }]);
    server = await startHealthServer(health, 0);
    expect((await call(server.port, "/readyz", "POST")).status).toBe(405);
    expect((await call(server.port, "/slack/events")).status).toBe(404);
    expect((await call(server.port, "/healthz?verbose=1")).status).toBe(200);
  });

  it("says which port is taken when it cannot listen", async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, resolve));
    const port = (holder.address() as AddressInfo).port;
    const health = createHealth([]);
    await expect(startHealthServer(health, port)).rejects.toThrow(`HEALTH_PORT ${port} is already in use`);
    holder.close();
  });
});
