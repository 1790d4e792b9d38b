/**
 * Which passage a channel gets for its n-th daily post. Each channel walks its own shuffled order
 * of all passages, one cycle at a time; orders are seeded from the channel and the cycle number so
 * they survive restarts, and the position comes from the ledger (how many posts the channel had).
 */
import type { ChannelRef, Passage } from "../types.js";

/** The key that identifies a channel across platforms and seeds its rotation. */
export function channelKey(where: ChannelRef): string {
  return `${where.platform}:${where.workspace}:${where.channel}`;
}

/** 32-bit FNV-1a hash of a string: a stable seed. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small, fast seeded PRNG returning numbers in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled(count: number, seed: string): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  const random = mulberry32(hash(seed));
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order;
}

/**
 * The order (indexes into the passage list) of a channel's `cycle`-th pass over `count` passages.
 * A cycle never starts with the passage that ended the one before it.
 */
export function cycleOrder(key: string, cycle: number, count: number): number[] {
  const order = shuffled(count, `${key}#${cycle}`);
  if (cycle > 0 && count > 1) {
    const previous = cycleOrder(key, cycle - 1, count);
    if (order[0] === previous[count - 1]) [order[0], order[1]] = [order[1] as number, order[0] as number];
  }
  return order;
}

/** The passage of a channel's post number `position` (0-based count of its earlier posts). */
export function passageAt(key: string, position: number, passages: readonly Passage[]): Passage | undefined {
  if (!passages.length) return undefined;
  const cycle = Math.floor(position / passages.length);
  const index = cycleOrder(key, cycle, passages.length)[position % passages.length] as number;
  return passages[index];
}
