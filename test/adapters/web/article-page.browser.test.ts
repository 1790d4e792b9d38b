/**
 * The article page in a real browser: Debian's Chromium, driven by playwright-core, loads the page
 * from the bot's own health server (as on HEALTH_PORT) the way a reader follows a citation link,
 * and a screenshot is written for the README. Skipped, with a notice, where Chromium is not installed.
 */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createArticlePages } from "../../../src/adapters/web/serve.js";
import { createHealth, type HealthServer, startHealthServer } from "../../../src/runtime/health.js";
import { article } from "../../helpers.js";

const CHROMIUM = "/usr/bin/chromium";
const SCREENSHOT = fileURLToPath(new URL("../../../docs/article-page.png", import.meta.url));
const available = existsSync(CHROMIUM);
if (!available) {
  console.warn(
    `article page browser test skipped: ${CHROMIUM} is missing (install it with: apt-get install -y chromium)`,
  );
}

/** The bot's own health server, serving the article page as it does on HEALTH_PORT. */
function serve(): Promise<HealthServer> {
  const health = createHealth([]);
  return startHealthServer(health, 0, "HEALTH_PORT", [createArticlePages(article)]);
}

describe.skipIf(!available)("the article page in Chromium", () => {
  let server: HealthServer;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    server = await serve();
    base = `http://127.0.0.1:${server.port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("opens a citation link at the quoted paragraph, with the quote highlighted, and writes a screenshot", async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
    const requests: string[] = [];
    const errors: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });

    const response = await page.goto(`${base}/article?q=p11.s2#p11`, { waitUntil: "load" });
    expect(response?.status()).toBe(200);
    expect(await page.title()).toBe(`${article.meta.title} — ${article.meta.outlet}`);

    // The browser scrolled to the quoted paragraph, and it is in view.
    // Scripts run in the page are given as text: the tests are type-checked without the DOM's types.
    const inView = (await page.evaluate(`(() => {
        const box = document.getElementById("p11").getBoundingClientRect();
        return { scrolled: window.scrollY, top: box.top, height: window.innerHeight };
      })()`)) as { scrolled: number; top: number; height: number };
    expect(inView.scrolled).toBeGreaterThan(0);
    expect(inView.top).toBeGreaterThanOrEqual(0);
    expect(inView.top).toBeLessThan(inView.height);

    // The quoted sentence is marked, visibly, and is on screen.
    const mark = page.locator("mark#quoted");
    expect(await mark.count()).toBe(1);
    const quoted = article.sentences.find((s) => s.id === "p11.s2")?.text ?? "";
    expect(await page.locator("#p11 mark").textContent()).toContain(quoted);
    const background = await page.evaluate(
      'getComputedStyle(document.getElementById("quoted")).backgroundColor',
    );
    expect(background).not.toMatch(/^rgba\(0, 0, 0, 0\)$|^transparent$/);
    const markBox = await mark.boundingBox();
    expect(markBox && markBox.y >= 0 && markBox.y < 700).toBe(true);

    // Nothing but the page itself was loaded, and nothing failed.
    expect(requests.every((url) => url.startsWith(base))).toBe(true);
    expect(errors).toEqual([]);

    await mkdir(fileURLToPath(new URL("../../../docs/", import.meta.url)), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    expect(existsSync(SCREENSHOT)).toBe(true);
    await page.close();
  }, 60_000);

  it("offers keyboard users a skip link first, which moves focus to the article", async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/article`, { waitUntil: "load" });
    await page.keyboard.press("Tab");
    expect(await page.evaluate("document.activeElement.textContent")).toBe("Skip to the article");
    await page.keyboard.press("Enter");
    expect(await page.evaluate("document.activeElement.id")).toBe("article");
    expect(await page.locator("mark").count()).toBe(0);
    await page.close();
  }, 60_000);
});
