import { createCapturingLogger } from '../../../test/capturing-logger.js';
import { useRedisPrefix, type RedisTestPrefix } from '../../../test/redis-prefix.js';
import { closeRedis, createRedis, pingRedis } from '../connection.js';

const slice: RedisTestPrefix = useRedisPrefix('redis-connection');

afterAll(() => slice.cleanup());

describe('createRedis / pingRedis / closeRedis', () => {
  it('names the connection after its purpose and answers readiness pings', async () => {
    const { logger } = createCapturingLogger();
    const client = createRedis({ url: slice.url, purpose: `${slice.prefix}:probe`, logger });
    try {
      expect(await pingRedis(client, 1000)).toBe(true);
      expect(await client.client('GETNAME')).toBe(`folio:${slice.prefix}:probe`);
    } finally {
      await closeRedis(client);
    }
    expect(client.status).toBe('end');
    expect(await pingRedis(client, 100)).toBe(false);
  });

  it('answers false within the timeout and logs (not throws) errors when Redis is unreachable', async () => {
    const { logger, lines } = createCapturingLogger();
    const client = createRedis({ url: 'redis://127.0.0.1:1', purpose: 'unreachable', logger });
    try {
      const started = Date.now();
      expect(await pingRedis(client, 200)).toBe(false);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(lines.some((l) => l.message === 'redis connection error')).toBe(true);
    } finally {
      await closeRedis(client);
    }
  });

  it('closes a lazy connection that never connected', async () => {
    const { logger } = createCapturingLogger();
    const client = createRedis({ url: slice.url, purpose: 'lazy', logger, lazy: true });
    await closeRedis(client);
    expect(client.status).toBe('end');
  });
});
