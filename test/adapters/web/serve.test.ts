import { afterEach, describe, expect, it } from "vitest";
import { createArticlePages } from "../../../src/adapters/web/serve.js";
import { createHealth, type HealthServer, startHealthServer } from "../../../src/runtime/health.js";
import { article } from "../../helpers.js";
import { call } from "./http.js";

let server: HealthServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const start = async () => {
  const health = createHealth([{ name: "store", state: () => ({ up: true }) }]);
  server = await startHealthServer(health, 0, "HEALTH_PORT", [createArticlePages(article)]);
  return server.port;
};

describe("the article page on the health server", () => {
  it("serves GET /article as an HTML page that loads nothing else", async () => {
    const port = await start();
    const res = await call(port, "/article");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(Number(res.headers["content-length"])).toBe(Buffer.byteLength(res.body));
    expect(res.headers["content-security-policy"]).toContain("default-src 'none'");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.body).toMatch(/^<!doctype html>/);
    expect(res.body).toContain(`<h1 id="headline">`);
    expect(res.body).toContain('id="p11"');
    expect(res.body).not.toContain("<mark");
  });

  it("marks the passage a citation link names, and highlights its words", async () => {
    const port = await start();
    const res = await call(port, "/article?q=p11.s2&w=nonsense#p11");
    expect(res.status).toBe(200);
    expect(res.body).toContain('<mark id="quoted">');
    const quoted = article.sentences.find((s) => s.id === "p11.s2");
    expect(quoted).toBeDefined();
    expect(res.body).toMatch(/<span id="p11\.s2"><mark id="quoted">/);
  });

  it("answers HEAD with the same headers and no body", async () => {
    const port = await start();
    const get = await call(port, "/article?q=p9");
    const head = await call(port, "/article?q=p9", "HEAD");
    expect(head.status).toBe(200);
    expect(head.body).toBe("");
    expect(head.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(head.headers["content-length"]).toBe(get.headers["content-length"]);
  });

  it("refuses other methods and overlong addresses, and leaves every other path as it was", async () => {
    const port = await start();
    const post = await call(port, "/article", "POST");
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe("GET, HEAD");
    expect((await call(port, `/article?w=${"x".repeat(3000)}`)).status).toBe(414);
    expect(await call(port, "/healthz")).toMatchObject({ status: 200, body: '{"status":"ok"}' });
    expect((await call(port, "/readyz")).status).toBe(200);
    expect((await call(port, "/article/extra")).status).toBe(404);
    expect((await call(port, "/articles")).status).toBe(404);
    expect((await call(port, "/")).status).toBe(404);
  });

  it("escapes what a link asks to show, and names a passage it does not have", async () => {
    const port = await start();
    const res = await call(port, `/article?q=${encodeURIComponent("<script>alert(1)</script>")}`);
    expect(res.status).toBe(200);
    expect(res.body).not.toContain("<script>");
    expect(res.body).toContain("&lt;script&gt;");
  });
});
