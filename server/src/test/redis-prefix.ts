import { randomBytes } from 'node:crypto';
import { Cluster, Redis } from 'ioredis';
import type { RedisClient } from '../platform/redis/connection.js';

/** A test file's own slice of the shared Redis. */
export interface RedisTestPrefix {
  /** Unique key prefix for createKeyspace(); also safe to use in channel names. */
  prefix: string;
  url: string;
  /** A plain connection for assertions (PUBSUB NUMSUB, CLIENT LIST, …); closed by cleanup. */
  redis: Redis;
  /** Deletes every key under the prefix and closes the connection. */
  cleanup(): Promise<void>;
}

/** A prefix no other test run shares: label, time and randomness (letters, digits, dashes). */
export function uniqueTestPrefix(label: string): string {
  const safe = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 20);
  return `test-${safe}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

/**
 * Deletes the keys of one prefix (`<prefix>:*`) with SCAN + UNLINK, on every master of a cluster.
 * Never FLUSHDB: the Redis is shared with other test files and other people.
 */
export async function deleteKeysWithPrefix(client: RedisClient, prefix: string): Promise<number> {
  if (!/^[A-Za-z0-9_.:-]+$/.test(prefix))
    throw new Error(`Refusing to delete keys for prefix "${prefix}"`);
  const nodes: Redis[] = client instanceof Cluster ? client.nodes('master') : [client];
  let deleted = 0;
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      // One UNLINK per key: keys of different slots cannot share a command on a cluster.
      if (keys.length > 0)
        deleted += (await Promise.all(keys.map((key) => node.unlink(key)))).reduce(
          (a, b) => a + b,
          0,
        );
    } while (cursor !== '0');
  }
  return deleted;
}

/** Gives the calling test file a unique prefix on TEST_REDIS_URL and a cleanup for afterAll. */
export function useRedisPrefix(label: string): RedisTestPrefix {
  const url = process.env.TEST_REDIS_URL;
  if (!url)
    throw new Error('TEST_REDIS_URL is not set: run integration tests through jest global setup');
  const prefix = uniqueTestPrefix(label);
  const redis = new Redis(url, { connectionName: `folio:test:${prefix}`, maxRetriesPerRequest: 2 });
  return {
    prefix,
    url,
    redis,
    cleanup: async () => {
      try {
        await deleteKeysWithPrefix(redis, prefix);
      } finally {
        redis.disconnect();
      }
    },
  };
}
