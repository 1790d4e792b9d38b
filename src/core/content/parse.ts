import { LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { BotError } from "../errors.js";
import type { Article, ArticleMeta, Paragraph, Passage, Section } from "../types.js";
import { ArticleMetaSchema, SECTIONS, SectionSchema } from "./schema.js";
import { splitSentences } from "./sentences.js";

/**
 * Parses the article's Markdown source: YAML front matter (validated by `ArticleMetaSchema`),
 * then `## <section>` headings over paragraphs separated by blank lines; the demands are a `- `
 * list. Every problem is reported as `file:line: what is wrong`.
 */
export function parseArticle(source: string, file = "content/article.md"): Article {
  const fail = (line: number, what: string): never => {
    throw new BotError("content_invalid", `${file}:${line}: ${what}`);
  };
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  if (lines[0] !== "---") fail(1, "expected front matter starting with '---'");
  const close = lines.indexOf("---", 1);
  if (close < 0) fail(1, "front matter is not closed by a '---' line");

  const meta = parseMeta(lines.slice(1, close).join("\n"), 1, fail);
  const summaryLine = Math.max(1, lines.findIndex((l) => l.startsWith("summary:")) + 1);
  const letterName = meta.letter.name ?? "the letter";
  const sources: Record<Section, string> = {
    report: `the ${meta.outlet} report`,
    letter: letterName,
    demands: letterName,
    update: "the update note",
  };
  const paragraphs: Paragraph[] = [];
  const sentences: Passage[] = [];
  let text = "";
  let section: Section | undefined;
  let demand = 0;

  const add = (body: string, line: number, isDemand: boolean) => {
    if (!section) return fail(line, "text before the first '## <section>' heading");
    if (section === "demands" && !isDemand) fail(line, "the demands section holds only '- ' list items");
    if (section !== "demands" && isDemand) fail(line, `a '- ' list item outside the demands section`);
    if (text) text += "\n\n";
    const start = text.length;
    text += body;
    const n = paragraphs.length + 1;
    const base = {
      paragraph: n,
      section,
      speaker: SECTIONS[section],
      source: sources[section],
      ...(isDemand ? { demand: ++demand } : {}),
    } as const;
    const own = splitSentences(body).map(
      (s, i): Passage => ({
        ...base,
        id: `p${n}.s${i + 1}`,
        sentence: i + 1,
        text: s.text,
        start: start + s.start,
        end: start + s.end,
      }),
    );
    const paragraph: Paragraph = {
      ...base,
      id: `p${n}`,
      text: body,
      start,
      end: start + body.length,
      sentences: own,
    };
    paragraphs.push(paragraph);
    sentences.push(...own);
  };

  let pending: { text: string; line: number } | undefined;
  const flush = () => {
    if (pending) add(pending.text, pending.line, false);
    pending = undefined;
  };
  for (let i = close + 1; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const lineNo = i + 1;
    const heading = /^##\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      const name = SectionSchema.safeParse(heading[1]?.trim());
      if (!name.success) {
        fail(lineNo, `unknown section '${heading[1]}'; use one of: ${SectionSchema.options.join(", ")}`);
      } else {
        section = name.data;
      }
    } else if (line.startsWith("- ")) {
      flush();
      add(line.slice(2).trim(), lineNo, true);
    } else if (line.trim() === "") {
      flush();
    } else if (pending) {
      pending.text += ` ${line.trim()}`;
    } else {
      pending = { text: line.trim(), line: lineNo };
    }
  }
  flush();

  const demands = paragraphs.filter((p) => p.demand !== undefined);
  let demandsIntro: Paragraph | undefined;
  const firstDemand = demands[0];
  if (firstDemand) {
    demandsIntro = paragraphs[firstDemand.paragraph - 2];
    if (demandsIntro?.section !== "letter") {
      fail(lines.length, "the demands must follow a letter paragraph that introduces them");
    }
  }
  const ids = new Set([...paragraphs, ...sentences].map((p) => p.id));
  for (const id of meta.summary) {
    if (!ids.has(id)) fail(summaryLine, `'summary': no passage '${id}' in the article`);
  }
  return { meta, text, paragraphs, sentences, demands, ...(demandsIntro ? { demandsIntro } : {}) };
}

function parseMeta(
  yamlText: string,
  firstLine: number,
  fail: (line: number, what: string) => never,
): ArticleMeta {
  const counter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: counter, prettyErrors: false });
  const lineOf = (offset: number | undefined) =>
    firstLine + (offset === undefined ? 1 : counter.linePos(offset).line);
  const yamlError = doc.errors[0];
  if (yamlError) fail(lineOf(yamlError.pos[0]), `front matter is not valid YAML: ${yamlError.code}`);
  const parsed = ArticleMetaSchema.safeParse(doc.toJS());
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0] as z.core.$ZodIssue;
  const path = issue.path.filter((k): k is string | number => typeof k !== "symbol");
  const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
  const parentNode = doc.getIn(path.slice(0, -1), true) as { range?: [number, number, number] } | undefined;
  const offset = node?.range?.[0] ?? parentNode?.range?.[0];
  const where = path.length ? `'${path.join(".")}'` : "front matter";
  return fail(lineOf(offset), `${where}: ${issue.message}`);
}
