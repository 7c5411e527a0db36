import { takeToken } from './timing.js';

/**
 * The bucket as SPEC.md R21/R22 state it: `burst` tokens, refilled at `perSecond`, capped. Counted
 * in thousandths of a token so that, with whole-millisecond times, every step is exact.
 */
class ReferenceBucket {
  private milliTokens: number;
  private at = 0;
  constructor(private readonly limit: { burst: number; perSecond: number }) {
    this.milliTokens = limit.burst * 1000;
  }
  take(now: number): boolean {
    const refill = (now - this.at) * this.limit.perSecond;
    this.milliTokens = Math.min(this.limit.burst * 1000, this.milliTokens + refill);
    this.at = now;
    if (this.milliTokens < 1000) return false;
    this.milliTokens -= 1000;
    return true;
  }
}

describe('Rate limit buckets', () => {
  it('R21, R22: a full bucket allows `burst` takes, then refills at `perSecond`', () => {
    const limit = { burst: 3, perSecond: 2 };
    let readyAt = 0;
    const take = (now: number) => {
      const next = takeToken(limit, readyAt, now);
      if (Number.isNaN(next)) return false;
      readyAt = next;
      return true;
    };
    expect([take(1000), take(1000), take(1000), take(1000)]).toEqual([true, true, true, false]);
    expect(take(1499)).toBe(false);
    expect(take(1500)).toBe(true);
    expect(take(1500)).toBe(false);
    // A long pause refills up to the burst, never beyond it.
    expect([take(60_000), take(60_000), take(60_000), take(60_000)]).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });

  it('R21, R22: allows and refuses exactly what a token-count bucket does, over random traffic', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (const limit of [
      // Rates whose token interval is a whole number of milliseconds, so both sides are exact.
      { burst: 200, perSecond: 100 },
      { burst: 60, perSecond: 40 },
      { burst: 1, perSecond: 4 },
    ]) {
      const reference = new ReferenceBucket(limit);
      let readyAt = 0;
      let now = 0;
      let refused = 0;
      for (let i = 0; i < 20_000; i++) {
        // Mostly bursts at one instant, sometimes a pause of up to two token intervals.
        const pause = random() < 0.9 ? 0 : Math.floor(random() * (2000 / limit.perSecond));
        now += pause + (random() < 0.5 ? 1 : 0);
        const next = takeToken(limit, readyAt, now);
        const allowed = !Number.isNaN(next);
        if (allowed) readyAt = next;
        else refused++;
        expect(allowed).toBe(reference.take(now));
      }
      expect(refused).toBeGreaterThan(0);
    }
  });
});
