/** Seeded randomness and Mastodon-shaped ids, so the development server reproduces from a seed. */

/** A deterministic pseudo-random source (mulberry32); never reads the clock or Math.random. */
export class Rng {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** `count` distinct elements of the list, in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = [...items];
    const out: T[] = [];
    while (out.length < count && copy.length > 0) {
      out.push(copy.splice(Math.floor(this.next() * copy.length), 1)[0]);
    }
    return out;
  }

  /** A lower-case alphanumeric string of the given length. */
  token(length: number, alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"): string {
    let out = "";
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  /** A fresh generator derived from this one, so adding draws in one part leaves others intact. */
  fork(label: string): Rng {
    let h = this.#state ^ 0x9e3779b9;
    for (const ch of label) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    return new Rng(h);
  }
}

/**
 * Allocates snowflake ids like Mastodon's: milliseconds since the epoch shifted left by 16 bits
 * plus a sequence, so ids sort by creation time and compare correctly as decimal strings of
 * equal length.
 */
export class SnowflakeIds {
  #used = new Set<string>();

  /** Marks an id as taken (an object that already exists), so that at() never hands it out. */
  reserve(id: string) {
    this.#used.add(id);
  }

  /** The id for an object created at `ms`; distinct even when many share a millisecond. */
  at(ms: number): string {
    for (let seq = 0; seq < 0x10000; seq++) {
      const id = ((BigInt(Math.floor(ms)) << 16n) + BigInt(seq)).toString();
      if (!this.#used.has(id)) {
        this.#used.add(id);
        return id;
      }
    }
    throw new Error(`more than 65536 ids requested for millisecond ${ms}`);
  }
}

/** Compares two decimal id strings numerically (Mastodon's ids exceed 2^53). */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The creation time encoded in a snowflake id, in milliseconds since the epoch. */
export function idTime(id: string): number {
  return Number(BigInt(id) >> 16n);
}
