import { describe, expect, it } from "vitest";
import {
  citationLink,
  escapeHtml,
  readArticleQuery,
  renderArticlePage,
} from "../../../src/adapters/web/article-page.js";
import { type Article, parseArticle, toQuote } from "../../../src/core/index.js";
import { article } from "../../helpers.js";

/** The visible text of some HTML: tags removed, entities decoded. */
const textOf = (html: string) =>
  html
    .replace(/<style>[\s\S]*?<\/style>/g, "")
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
const count = (html: string, pattern: RegExp) => html.match(pattern)?.length ?? 0;
const sentence = (id: string) => {
  const found = article.sentences.find((s) => s.id === id);
  if (!found) throw new Error(`no sentence ${id}`);
  return found;
};

describe("the article page", () => {
  const page = renderArticlePage(article);

  it("is a whole, English HTML document titled with the headline and outlet", () => {
    expect(page.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(page).toContain(`<title>${escapeHtml(article.meta.title)} — ${article.meta.outlet}</title>`);
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(page).toContain(`<h1 id="headline">${escapeHtml(article.meta.title)}</h1>`);
    expect(page.trimEnd().endsWith("</html>")).toBe(true);
  });

  it("has landmarks, one heading per part, and a skip link to the article", () => {
    expect(count(page, /<main id="main">/g)).toBe(1);
    expect(page).toContain('<header class="site" role="banner">');
    expect(page).toContain('<footer role="contentinfo">');
    expect(page).toContain('<a class="skip" href="#article">Skip to the article</a>');
    expect(page).toContain('<article id="article"');
    expect(count(page, /<h1\b/g)).toBe(1);
    expect(page).toMatch(/<h2 id="part-1">The CNET report<\/h2>/);
    expect(page).toMatch(/<h2 id="part-\d+">The employees&#39; letter<\/h2>/);
    expect(page).toMatch(/<h2 id="part-20">The update note<\/h2>/);
  });

  it("gives the byline, outlet and dates", () => {
    const { meta } = article;
    expect(page).toContain(
      `<p class="byline">By <span class="author">${meta.author}</span>, ${meta.authorRole} · <span class="outlet">${meta.outlet}</span> · <time datetime="${meta.year}">${meta.year}</time> · Updated ${meta.updated}</p>`,
    );
  });

  it("anchors every paragraph once, by the number citations use", () => {
    for (const p of article.paragraphs) {
      expect(count(page, new RegExp(`id="${p.id}"`, "g")), p.id).toBe(1);
      expect(page).toContain(
        `<a class="pn" href="#p${p.paragraph}" aria-label="Paragraph ${p.paragraph}">¶${p.paragraph}</a>`,
      );
    }
    for (const s of article.sentences) {
      expect(page).toContain(`<span id="${s.id}">`);
    }
  });

  it("lists the demands in order, numbered as the letter numbers them", () => {
    const list = /<ol class="demands" aria-label="The demands">([\s\S]*?)<\/ol>/.exec(page)?.[1] ?? "";
    const items = [...list.matchAll(/<li id="(p\d+)" value="(\d)">/g)].map((m) => [m[1], m[2]]);
    expect(items).toEqual(article.demands.map((d) => [d.id, String(d.demand)]));
    for (const d of article.demands) expect(textOf(list)).toContain(d.text);
  });

  it("shows every paragraph's text verbatim", () => {
    const text = textOf(page).replace(/\s+/g, " ");
    for (const p of article.paragraphs) expect(text).toContain(p.text.replace(/\s+/g, " "));
  });

  it("marks the quoted sentence and highlights its matched words", () => {
    const quoted = sentence("p11.s2");
    const marked = renderArticlePage(article, { q: "p11.s2", w: "Palantir ICE nonsense" });
    expect(count(marked, /<mark\b/g)).toBe(1);
    const mark = /<mark id="quoted">([\s\S]*?)<\/mark>/.exec(marked)?.[1] ?? "";
    expect(textOf(mark)).toBe(`Quoted passage: ${quoted.text}`);
    expect(mark).toContain('<strong class="hit">Palantir</strong>');
    expect(mark).toContain('<strong class="hit">ICE</strong>');
    expect(count(marked, /class="hit"/g)).toBe(count(mark, /class="hit"/g));
    expect(marked).toContain('<span id="p11.s2"><mark id="quoted">');
    expect(marked).toContain('The quoted passage is marked in <a href="#p11">¶11</a>.');
  });

  it("marks a whole paragraph when the link names one", () => {
    const marked = renderArticlePage(article, { q: "p17" });
    const mark = /<mark id="quoted">([\s\S]*?)<\/mark>/.exec(marked)?.[1] ?? "";
    expect(textOf(mark)).toBe(`Quoted passage: ${article.demands[1]?.text}`);
  });

  it("marks nothing and says so for a passage the article lacks, escaping what was asked", () => {
    for (const q of ["p99.s1", "p0", "<script>alert(1)</script>", 'p11.s2"onmouseover=x']) {
      const html = renderArticlePage(article, { q, w: "<b>" });
      expect(html).not.toContain("<mark");
      expect(html).not.toContain("<script>");
      expect(html).not.toContain("<b>");
      expect(html).toContain('role="status"');
    }
    expect(renderArticlePage(article, { q: "" })).not.toContain('role="status"');
  });

  it("reads q and w from a request's query", () => {
    expect(readArticleQuery(new URL("http://x/article?q=p11.s2&w=a+b#p11").searchParams)).toEqual({
      q: "p11.s2",
      w: "a b",
    });
  });

  it("links to the original when the front matter gives a web address, and never otherwise", () => {
    expect(page).not.toContain('class="original"');
    const withSource = { ...article, meta: { ...article.meta, sourceUrl: "https://news.example/a?x=1&y=2" } };
    expect(renderArticlePage(withSource)).toContain(
      `<p class="original"><a href="https://news.example/a?x=1&amp;y=2" rel="noopener noreferrer">Read the original on ${article.meta.outlet}</a></p>`,
    );
    const hostile = { ...article, meta: { ...article.meta, sourceUrl: "javascript:alert(1)" } };
    expect(renderArticlePage(hostile)).not.toContain("javascript:");
  });

  it("escapes everything the article says", () => {
    const source = `---
title: "<script>alert('t')</script> & co"
author: "A <b>Writer</b>"
outlet: "Out\\"let"
subtitle: "<img src=x onerror=alert(1)>"
---

## report

The reporter wrote <script>alert(1)</script> & "quoted" it's <i>here</i>.

## letter

We <a href="javascript:x">demand</a> things.
`;
    const hostile: Article = parseArticle(source, "hostile.md");
    const html = renderArticlePage(hostile, { q: "p1.s1", w: "<script>" });
    expect(html).not.toMatch(/<script|<img|<b>|<i>|<a href="javascript/);
    expect(html).toContain("&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt; &amp; co");
    expect(html).toContain("Out&quot;let");
    expect(textOf(html)).toContain(
      'The reporter wrote <script>alert(1)</script> & "quoted" it\'s <i>here</i>.',
    );
  });
});

describe("citation links", () => {
  const quote = toQuote(sentence("p11.s2"));

  it("links a quote to its passage on the page, at its paragraph", () => {
    expect(citationLink("https://bot.example", quote)).toBe("https://bot.example/article?q=p11.s2#p11");
    expect(citationLink("https://bot.example/", quote)).toBe("https://bot.example/article?q=p11.s2#p11");
    expect(citationLink("https://bot.example/letterbot", quote)).toBe(
      "https://bot.example/letterbot/article?q=p11.s2#p11",
    );
  });

  it("carries the words that matched, for highlighting", () => {
    const matched = toQuote(sentence("p11.s2"), ["ICE", "Palantir"]);
    expect(citationLink("https://bot.example", matched)).toBe(
      "https://bot.example/article?q=p11.s2&w=ICE+Palantir#p11",
    );
  });

  it("gives no link for an address that is not a web address", () => {
    for (const bad of ["", "not a url", "javascript:alert(1)", "ftp://x.example"]) {
      expect(citationLink(bad, quote)).toBeUndefined();
    }
  });
});
