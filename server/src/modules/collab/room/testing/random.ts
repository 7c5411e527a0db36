/**
 * A tiny seeded PRNG (mulberry32) so a failing fuzz seed replays exactly. Not for anything that
 * needs real randomness.
 */
export class SeededRandom {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, maxExclusive). */
  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.int(items.length)]!;
  }

  /**
   * A short random word, sometimes with non-ASCII characters (multi-byte in UTF-8). No astral
   * characters: a random index could split a surrogate pair, which tests the editor, not the room.
   */
  word(maxLength = 6): string {
    const alphabet = 'abcdefghij klmnop€ßé';
    const chars = [...alphabet];
    let out = '';
    const length = 1 + this.int(maxLength);
    for (let i = 0; i < length; i++) out += this.pick(chars);
    return out;
  }
}

/**
 * Seeds 1..total in batches of `size`, as [first, last] pairs: one test per batch keeps each test
 * well under jest's timeout and names the failing range.
 */
export function seedBatches(total: number, size: number): [number, number][] {
  const batches: [number, number][] = [];
  for (let first = 1; first <= total; first += size) {
    batches.push([first, Math.min(total, first + size - 1)]);
  }
  return batches;
}
