/**
 * Serving the article page over HTTP: `GET /article` (and `HEAD`), with a quoted passage marked
 * when the link names one (`/article?q=p11.s2&w=…#p11`). A handler any Node HTTP server can ask
 * first: the Slack HTTP server and the health server both do.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Article } from "../../core/index.js";
import { ARTICLE_PAGE_PATH, readArticleQuery, renderArticlePage } from "./article-page.js";

/** Answers a request it serves and returns true; false for any other path, left to the caller. */
export type WebHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

/** The pages a web handler serves, for servers that route by path (Bolt's custom routes). */
export const WEB_PAGE_PATHS = [ARTICLE_PAGE_PATH] as const;

/** Longest request URL read; a citation link is a fraction of this. */
const MAX_URL_LENGTH = 2048;

/**
 * The page loads nothing but itself: no script at all, its own inline style, the empty data: icon.
 * Links to the original leave no referrer.
 */
const HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "public, max-age=300",
  "content-security-policy":
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
} as const;

function plain(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}) {
  res.writeHead(status, {
    "content-type": "text/plain; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
    ...headers,
  });
  res.end(text);
}

/** Serves the article page of `article`. The page without a query is rendered once. */
export function createArticlePages(article: Article): WebHandler {
  let whole: string | undefined;
  return (req, res) => {
    const raw = req.url ?? "/";
    let url: URL;
    try {
      url = new URL(raw.slice(0, MAX_URL_LENGTH), "http://localhost");
    } catch {
      return false;
    }
    if (url.pathname !== ARTICLE_PAGE_PATH) return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      plain(res, 405, "Method not allowed: the article page answers GET and HEAD.\n", { allow: "GET, HEAD" });
      return true;
    }
    if (raw.length > MAX_URL_LENGTH) {
      plain(res, 414, "That address is too long.\n");
      return true;
    }
    const query = readArticleQuery(url.searchParams);
    if (!query.q && !query.w && whole === undefined) whole = renderArticlePage(article);
    const html = query.q || query.w || whole === undefined ? renderArticlePage(article, query) : whole;
    res.writeHead(200, { ...HEADERS, "content-length": Buffer.byteLength(html) });
    res.end(req.method === "HEAD" ? undefined : html);
    return true;
  };
}
