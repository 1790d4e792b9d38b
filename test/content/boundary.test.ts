import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { IANAZone } from "luxon";
import { describe, expect, it } from "vitest";
import { article } from "../helpers.js";

/**
 * Everything about this article lives in content/: the engine in src/ holds only general English
 * and must work for another article in the same format. So no file in src/ may name the
 * article's people, organisations, products, author or outlet.
 */
const root = fileURLToPath(new URL("../..", import.meta.url));
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  );

const { meta } = article;
/** The names the article's front matter gives: entities, their aliases and acronyms, byline and outlet. */
const names = [
  ...meta.entities.flatMap((e) => [e.name, ...e.aliases, ...(e.standsFor ? [e.standsFor] : [])]),
  meta.author,
  meta.outlet,
  ...(meta.firstReportedBy ? [meta.firstReportedBy] : []),
  ...(meta.image?.credit ? meta.image.credit.split(/,\s*|\s+via\s+/) : []),
];
/** Capitalized words of the names that are ordinary English too. */
const GENERAL = new Set([
  "Department",
  "Security",
  "Enforcement",
  "Customs",
  "Immigration",
  "United",
  "Nations",
  "Web",
  "Services",
  "Union",
  "Civil",
  "American",
  "Liberties",
  "Post",
  "Images",
]);
/** Each name, and each capitalized word of it that is a name on its own ("Bezos", "Palantir"). */
const words = [
  ...new Set(
    names.flatMap((n) => [n, ...n.split(/\s+/).filter((w) => /^[A-Z][a-z]+$/.test(w) && !GENERAL.has(w))]),
  ),
];
const pattern = (name: string) => {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  // Acronyms are matched as written ("ICE", not "notice"); other names in any case.
  return /^[A-Z.]+$/.test(name) ? new RegExp(`\\b${escaped}(?![\\w])`) : new RegExp(`\\b${escaped}\\b`, "i");
};

describe("the engine knows no article", () => {
  it("has names to look for", () => {
    expect(words).toEqual(
      expect.arrayContaining(["Jeff Bezos", "Bezos", "Palantir", "ICE", "CNET", "Sean Keane"]),
    );
  });

  it("names none of the article's people or organisations in src/", () => {
    const offenders = files(join(root, "src")).flatMap((file) => {
      // Time zone names ("America/Denver") are general knowledge, whatever city the article names.
      const text = readFileSync(file, "utf8").replace(/"[A-Z][A-Za-z]+\/[A-Za-z_/]+"/g, (zone) =>
        IANAZone.isValidZone(zone.slice(1, -1)) ? '""' : zone,
      );
      return words.filter((w) => pattern(w).test(text)).map((w) => `${relative(root, file)} names ${w}`);
    });
    expect(offenders).toEqual([]);
  });
});
