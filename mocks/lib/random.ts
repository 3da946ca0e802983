/**
 * Seeded pseudo-random numbers. Every generated fact in the mocks comes from here, keyed by
 * the world seed and a stable label (customer id, account id…), so the same seed always
 * yields the same data regardless of the order in which things are requested.
 */

/** A source of pseudo-random numbers in [0, 1). */
export type Rng = () => number;

/**
 * The mulberry32 generator: tiny, fast and good enough for test data (not for secrets).
 * @param seed any number; only its low 32 bits are used.
 */
export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Hashes a string to an unsigned 32-bit integer (FNV-1a followed by a murmur3 finaliser). */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // FNV alone leaves similar inputs ("C100001", "C100002") with correlated low bits.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Derives a 32-bit seed from a base seed and any number of labels. */
export function seedFrom(...parts: ReadonlyArray<string | number>): number {
  return hashString(parts.join('\u0000'));
}

/** Convenience helpers over one seeded stream. */
export interface Random {
  /** Next number in [0, 1). */
  next(): number;
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** One element of a non-empty list; throws on an empty list. */
  pick<T>(items: readonly T[]): T;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** A string of `count` decimal digits (leading zeros allowed). */
  digits(count: number): string;
  /** Splits `total` into `parts` positive integers that add up to `total` exactly. */
  split(total: bigint, parts: number): bigint[];
}

/** Builds a {@link Random} over a mulberry32 stream seeded with `seed`. */
export function makeRandom(seed: number): Random {
  const next = mulberry32(seed);
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick<T>(items: readonly T[]): T {
      const item = items[int(0, items.length - 1)];
      if (item === undefined) throw new Error('pick() needs a non-empty list');
      return item;
    },
    chance: (p) => next() < p,
    digits(count) {
      let out = '';
      for (let i = 0; i < count; i += 1) out += String(int(0, 9));
      return out;
    },
    split(total, parts) {
      if (parts <= 1 || total < BigInt(parts)) return [total];
      const weights = Array.from({ length: parts }, () => 1 + Math.floor(next() * 1000));
      const weightSum = BigInt(weights.reduce((a, b) => a + b, 0));
      const shares = weights.map((w) => (total * BigInt(w)) / weightSum);
      // Integer division loses a few cents; the first share takes the remainder.
      const rest = total - shares.reduce((a, b) => a + b, 0n);
      shares[0] = (shares[0] ?? 0n) + rest;
      return shares.filter((s) => s > 0n);
    },
  };
}

/** A {@link Random} for one labelled purpose under a world seed. */
export function randomFor(seed: number, ...labels: ReadonlyArray<string | number>): Random {
  return makeRandom(seedFrom(seed, ...labels));
}
