import { Redis } from 'ioredis';
import { publishingSuite } from './publishing-suite.js';

publishingSuite('Redis', { redis: true }, async (server, tenantId, documentId) => {
  const redis = new Redis(process.env.TEST_REDIS_URL ?? '');
  try {
    const key = server.node.keyspace.tenant(tenantId, 'published', 'doc', documentId);
    return (await redis.exists(key)) === 1;
  } finally {
    redis.disconnect();
  }
});
