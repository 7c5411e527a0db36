import { Redis } from 'ioredis';
import { createCapturingLogger } from '../../test/capturing-logger.js';
import { waitUntil } from '../../test/wait.js';
import { RateLimits } from './rate-limit.js';

describe('RateLimits', () => {
  it('counts per bucket and names the first spent one', async () => {
    const { logger } = createCapturingLogger();
    const limits = new RateLimits({ redis: null, keyPrefix: 'test:rate-limit', logger });
    const buckets = [
      { scope: 'tenant' as const, id: 't1', limit: 10 },
      { scope: 'ip' as const, id: '127.0.0.1', limit: 2 },
    ];
    expect(await limits.charge(buckets)).toMatchObject({
      kind: 'allowed',
      tightest: { limit: 2, remaining: 1 },
    });
    await limits.charge(buckets);
    expect(await limits.charge(buckets)).toMatchObject({
      kind: 'limited',
      bucket: { scope: 'ip' },
      state: { remaining: 0 },
    });
    // Another tenant behind another address is untouched.
    expect(
      await limits.charge([
        { scope: 'tenant', id: 't2', limit: 10 },
        { scope: 'ip', id: '10.0.0.1', limit: 2 },
      ]),
    ).toMatchObject({ kind: 'allowed', tightest: { remaining: 1 } });
  });

  it('lets requests through with a warning while Redis is unreachable', async () => {
    const { logger, lines } = createCapturingLogger();
    // Never connected (lazy): the limiter must not wait for it, and must not refuse requests.
    const redis = new Redis('redis://127.0.0.1:1', { lazyConnect: true });
    try {
      const limits = new RateLimits({ redis, keyPrefix: 'test:rate-limit', logger });
      const decision = await limits.charge([{ scope: 'ip', id: '127.0.0.1', limit: 1 }]);
      expect(decision).toEqual({ kind: 'allowed', tightest: null });
      await waitUntil(
        () => lines.some((line) => String(line.message).includes('rate limit store unavailable')),
        'the fail-open warning',
      );
    } finally {
      redis.disconnect();
    }
  });
});
