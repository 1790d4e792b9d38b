/**
 * The article as a readable, accessible web page: headline, byline, every paragraph numbered and
 * anchored (`#p11`) as citations name them, the demands as a list, and a quoted passage marked
 * when a citation links to it (`/article?q=p11.s2#p11`). Pure: the page is a string built from the
 * article; serving it is the HTTP layer's job. Every piece of text is escaped, and the page loads
 * nothing else: no script, font or image.
 */
import type { Article, Paragraph, Passage, Quote } from "../../core/index.js";

/** The path the page is served at. */
export const ARTICLE_PAGE_PATH = "/article";

/** A passage id as citations and links write it: `p11` or `p11.s2`. */
const PASSAGE_ID = /^p\d{1,4}(?:\.s\d{1,3})?$/;
/** Most words a link may ask to highlight. */
const MAX_HIGHLIGHTS = 8;
/** Longest word a link may ask to highlight. */
const MAX_HIGHLIGHT_LENGTH = 40;

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML content and attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** What a request for the page asks to show. */
export interface ArticlePageQuery {
  /** The id of the passage to mark (`p11.s2`, `p11`), from the `q` parameter. */
  q?: string | null | undefined;
  /** Words of it to highlight, space-separated, from the `w` parameter. */
  w?: string | null | undefined;
}

/** Reads the page's query from a request URL's search parameters. */
export function readArticleQuery(params: URLSearchParams): ArticlePageQuery {
  return { q: params.get("q"), w: params.get("w") };
}

/** The passage a query asks to mark, if it names one of the article. */
function findPassage(article: Article, id: string | null | undefined): Passage | undefined {
  if (!id || !PASSAGE_ID.test(id)) return undefined;
  return article.paragraphs.find((p) => p.id === id) ?? article.sentences.find((s) => s.id === id);
}

/** The words to highlight, each a plain word or number, at most a few. */
function highlightWords(w: string | null | undefined): string[] {
  if (!w) return [];
  const words = w
    .split(/\s+/)
    .map((word) => word.trim())
    .filter((word) => word.length > 0 && word.length <= MAX_HIGHLIGHT_LENGTH && /[\p{L}\p{N}]/u.test(word));
  return [...new Set(words)].slice(0, MAX_HIGHLIGHTS);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `text` escaped, with whole-word occurrences of `words` in `<strong class="hit">`. */
function withHits(text: string, words: readonly string[]): string {
  if (!words.length) return escapeHtml(text);
  const sorted = [...words].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${sorted.join("|")})(?![\\p{L}\\p{N}])`, "giu");
  let out = "";
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    out += `${escapeHtml(text.slice(last, match.index))}<strong class="hit">${escapeHtml(match[0])}</strong>`;
    last = match.index + match[0].length;
  }
  return out + escapeHtml(text.slice(last));
}

/** A marked passage: `<mark>`, with words for screen readers, which do not announce marks. */
function marked(inner: string): string {
  return `<mark id="quoted"><span class="visually-hidden">Quoted passage: </span>${inner}</mark>`;
}

/** A paragraph's text as HTML: each sentence in a span with its id, the quoted one marked. */
function paragraphBody(paragraph: Paragraph, quoted: Passage | undefined, words: readonly string[]): string {
  if (quoted?.id === paragraph.id) return marked(withHits(paragraph.text, words));
  let out = "";
  let at = paragraph.start;
  for (const sentence of paragraph.sentences) {
    out += escapeHtml(paragraph.text.slice(at - paragraph.start, sentence.start - paragraph.start));
    const inner =
      quoted?.id === sentence.id ? marked(withHits(sentence.text, words)) : escapeHtml(sentence.text);
    out += `<span id="${escapeHtml(sentence.id)}">${inner}</span>`;
    at = sentence.end;
  }
  return out + escapeHtml(paragraph.text.slice(at - paragraph.start));
}

/** The paragraph's number, a link to itself, so a reader can copy where it is. */
function paragraphNumber(paragraph: Paragraph): string {
  const n = paragraph.paragraph;
  return `<a class="pn" href="#p${n}" aria-label="Paragraph ${n}">¶${n}</a>`;
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The paragraphs of one part of the article (its report, its letter, its update), with the demands as a list. */
function part(source: string, paragraphs: Paragraph[], quoted: Passage | undefined, words: string[]): string {
  const slug = `part-${paragraphs[0]?.paragraph ?? 0}`;
  const body: string[] = [];
  for (let i = 0; i < paragraphs.length; ) {
    const paragraph = paragraphs[i] as Paragraph;
    if (paragraph.section !== "demands") {
      body.push(
        `<p id="${paragraph.id}" class="para">${paragraphNumber(paragraph)} ${paragraphBody(paragraph, quoted, words)}</p>`,
      );
      i++;
      continue;
    }
    const items: string[] = [];
    for (; i < paragraphs.length && paragraphs[i]?.section === "demands"; i++) {
      const demand = paragraphs[i] as Paragraph;
      const value = demand.demand !== undefined ? ` value="${demand.demand}"` : "";
      items.push(
        `<li id="${demand.id}"${value}>${paragraphNumber(demand)} ${paragraphBody(demand, quoted, words)}</li>`,
      );
    }
    body.push(`<ol class="demands" aria-label="The demands">\n${items.join("\n")}\n</ol>`);
  }
  return [
    `<section aria-labelledby="${slug}">`,
    `<h2 id="${slug}">${escapeHtml(capitalized(source))}</h2>`,
    ...body,
    "</section>",
  ].join("\n");
}

/** Consecutive paragraphs from the same part of the article. */
function parts(article: Article): { source: string; paragraphs: Paragraph[] }[] {
  const out: { source: string; paragraphs: Paragraph[] }[] = [];
  for (const paragraph of article.paragraphs) {
    const last = out.at(-1);
    if (last && last.source === paragraph.source) last.paragraphs.push(paragraph);
    else out.push({ source: paragraph.source, paragraphs: [paragraph] });
  }
  return out;
}

/** A web link the page may show: http(s) only. */
const webLink = (url: string | undefined) => (url && /^https?:\/\//i.test(url) ? url : undefined);

const STYLE = `
:root { color-scheme: light dark; --text: #1b1b1b; --muted: #555; --bg: #fdfdfb; --mark: #ffe58a; --link: #0b57d0; }
@media (prefers-color-scheme: dark) {
  :root { --text: #ececec; --muted: #b0b0b0; --bg: #151515; --mark: #6b5600; --link: #8ab4f8; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text); font: 1.125rem/1.65 Georgia, "Times New Roman", serif; }
main, .site { max-width: 40rem; margin: 0 auto; padding: 0 1.25rem; }
.site { padding-top: 1rem; font: 0.9rem/1.4 system-ui, sans-serif; color: var(--muted); }
h1 { font-size: 2rem; line-height: 1.2; margin: 1.5rem 0 0.5rem; }
h2 { font: 600 1rem/1.4 system-ui, sans-serif; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); margin: 2.5rem 0 1rem; }
.subtitle { font-size: 1.25rem; color: var(--muted); margin: 0 0 1rem; }
.byline, .original, footer { font: 0.95rem/1.5 system-ui, sans-serif; color: var(--muted); }
a { color: var(--link); }
a:focus-visible, mark:focus-visible { outline: 3px solid var(--link); outline-offset: 2px; }
.para, .demands li { margin: 0 0 1.1rem; scroll-margin-top: 2rem; }
.demands { padding-left: 1.5rem; }
.pn { font: 0.8rem system-ui, sans-serif; color: var(--muted); text-decoration: none; margin-right: 0.25rem; }
.pn:hover, .pn:focus-visible { text-decoration: underline; }
mark { background: var(--mark); color: inherit; padding: 0.05em 0.15em; border-radius: 0.15em; }
.hit { font-weight: 700; }
.notice { font: 0.95rem/1.5 system-ui, sans-serif; border-left: 4px solid var(--mark); padding: 0.25rem 0.75rem; }
.skip { position: absolute; left: -999px; top: 0.5rem; background: var(--bg); padding: 0.5rem 1rem; }
.skip:focus { left: 0.5rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
footer { max-width: 40rem; margin: 3rem auto 2rem; padding: 1rem 1.25rem 0; border-top: 1px solid var(--muted); }
`;

/**
 * The article page. With `q` naming a passage, that passage is marked and the words of `w` within
 * it are highlighted; a `q` that names no passage of the article is said so, in a notice.
 */
export function renderArticlePage(article: Article, query: ArticlePageQuery = {}): string {
  const { meta } = article;
  const quoted = findPassage(article, query.q);
  const words = quoted ? highlightWords(query.w) : [];
  const byline = [
    `By <span class="author">${escapeHtml(meta.author)}</span>${meta.authorRole ? `, ${escapeHtml(meta.authorRole)}` : ""}`,
    `<span class="outlet">${escapeHtml(meta.outlet)}</span>`,
    ...(meta.year !== undefined ? [`<time datetime="${meta.year}">${meta.year}</time>`] : []),
    ...(meta.updated ? [`Updated ${escapeHtml(meta.updated)}`] : []),
  ].join(" · ");
  const original = webLink(meta.sourceUrl);
  const notice = quoted
    ? `<p class="notice" role="note">The quoted passage is marked in <a href="#p${quoted.paragraph}">¶${quoted.paragraph}</a>.</p>`
    : query.q
      ? `<p class="notice" role="status">The article has no passage “${escapeHtml(query.q.slice(0, 40))}”; here is the whole article.</p>`
      : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(meta.title)} — ${escapeHtml(meta.outlet)}</title>
${meta.description ? `<meta name="description" content="${escapeHtml(meta.description)}">\n` : ""}<style>${STYLE}</style>
</head>
<body>
<a class="skip" href="#article">Skip to the article</a>
<header class="site" role="banner"><p>The article letterbot quotes, with every paragraph numbered as its citations name them.</p></header>
<main id="main">
<article id="article" aria-labelledby="headline" tabindex="-1">
<header>
<h1 id="headline">${escapeHtml(meta.title)}</h1>
${meta.subtitle ? `<p class="subtitle">${escapeHtml(meta.subtitle)}</p>\n` : ""}<p class="byline">${byline}</p>
${original ? `<p class="original"><a href="${escapeHtml(original)}" rel="noopener noreferrer">Read the original on ${escapeHtml(meta.outlet)}</a></p>\n` : ""}</header>
${notice}
${parts(article)
  .map((p) => part(p.source, p.paragraphs, quoted, words))
  .join("\n")}
</article>
</main>
<footer role="contentinfo"><p>Text of the article as published by ${escapeHtml(meta.outlet)}. Paragraph numbers are letterbot's.</p></footer>
</body>
</html>
`;
}

/**
 * The address of a quote on the article page, for citations to link to: `PUBLIC_URL` plus
 * `/article?q=p11.s2#p11`, with the quote's matched words to highlight. Undefined when `publicUrl`
 * is not an http(s) URL.
 */
export function citationLink(
  publicUrl: string,
  quote: Pick<Quote, "id" | "paragraph" | "matched">,
): string | undefined {
  let base: URL;
  try {
    base = new URL(publicUrl.endsWith("/") ? publicUrl : `${publicUrl}/`);
  } catch {
    return undefined;
  }
  if (base.protocol !== "https:" && base.protocol !== "http:") return undefined;
  const url = new URL(ARTICLE_PAGE_PATH.slice(1), base);
  url.searchParams.set("q", quote.id ?? `p${quote.paragraph}`);
  const words = highlightWords(quote.matched.join(" "));
  if (words.length) url.searchParams.set("w", words.join(" "));
  url.hash = `p${quote.paragraph}`;
  return url.href;
}
