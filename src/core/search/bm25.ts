/**
 * BM25 over the article's sentences, scored exactly as MiniSearch 7 scores a query of one word
 * (exact match, no prefix or fuzzy search): the same formula, parameters and order of arithmetic,
 * so every score is equal to the last bit (`test/core/search/bm25.test.ts` checks it against
 * MiniSearch itself). The engine only ever asks for one key's scores, which a map of how often
 * each field says each key answers; MiniSearch's prefix tree, built key by key, cost a tenth of
 * start-up.
 */

/** MiniSearch's BM25+ parameters: term frequency saturation, length normalization, and the floor. */
const K = 1.2;
const B = 0.7;
const D = 0.5;

/** One field of every sentence. */
interface Field {
  boost: number;
  /** Per key, per sentence (by position, in increasing order), how often the field says the key. */
  frequencies: Map<string, Map<number, number>>;
  /** Per sentence, how many distinct keys the field has. */
  lengths: number[];
  /** Mean of `lengths`, kept as a running mean, as MiniSearch keeps it. */
  averageLength: number;
}

/** A key's score in each sentence that has it: positions and scores, in parallel, best first. */
export interface KeyScores {
  at: number[];
  score: number[];
}

export interface Bm25 {
  /**
   * Adds the next sentence (its position is the number added before it): per field, its keys
   * separated by spaces, a key as often as the field says it.
   */
  add(texts: readonly string[]): void;
  /** A key's score in each sentence that has it, best first; ties in the order MiniSearch gives. */
  scores(key: string): KeyScores;
}

/** An index of fields with these boosts (a match in a field counts its boost times). */
export function createBm25(boosts: readonly number[]): Bm25 {
  const fields: Field[] = boosts.map((boost) => ({
    boost,
    frequencies: new Map(),
    lengths: [],
    averageLength: 0,
  }));
  let count = 0;
  /** Each key's scores, worked out once: they do not change once every sentence is added. */
  const remembered = new Map<string, KeyScores>();

  return {
    add(texts) {
      const at = count++;
      fields.forEach((field, f) => {
        const keys = (texts[f] ?? "").split(" ").filter(Boolean);
        const length = new Set(keys).size;
        field.lengths[at] = length;
        field.averageLength = (field.averageLength * at + length) / (at + 1);
        for (const key of keys) {
          let frequency = field.frequencies.get(key);
          if (!frequency) {
            frequency = new Map();
            field.frequencies.set(key, frequency);
          }
          frequency.set(at, (frequency.get(at) ?? 0) + 1);
        }
      });
      remembered.clear();
    },

    scores(key) {
      const known = remembered.get(key);
      if (known) return known;
      // Per sentence, in the order first scored: the first field's sentences, then the others'.
      const summed = new Map<number, number>();
      for (const field of fields) {
        const frequency = field.frequencies.get(key);
        if (!frequency) continue;
        const matching = frequency.size;
        const inverse = Math.log(1 + (count - matching + 0.5) / (matching + 0.5));
        frequency.forEach((tf, at) => {
          const length = field.lengths[at] as number;
          const raw =
            inverse * (D + (tf * (K + 1)) / (tf + K * (1 - B + (B * length) / field.averageLength)));
          const weighted = field.boost * raw;
          const before = summed.get(at);
          summed.set(at, before === undefined ? weighted : before + weighted);
        });
      }
      // Best first; the sort is stable, so ties keep the order above, as in MiniSearch.
      const order = [...summed.keys()].sort((a, b) => (summed.get(b) as number) - (summed.get(a) as number));
      const found: KeyScores = { at: order, score: order.map((at) => summed.get(at) as number) };
      remembered.set(key, found);
      return found;
    },
  };
}
