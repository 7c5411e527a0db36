import { Cluster } from 'ioredis';
import { createKeyspace } from '../../redis/keys.js';
import { startTestRedisCluster, type TestRedisCluster } from '../../../test/services/redis.js';
import { uniqueTestPrefix } from '../../../test/redis-prefix.js';
import { createCapturingLogger } from '../../../test/capturing-logger.js';
import { waitUntil } from '../../../test/wait.js';
import { BullQueue } from '../bull-queue.js';
import { defineJob } from '../queue.port.js';
import { describeJobQueueContract } from '../queue.contract.js';

// bull's Lua scripts touch many keys at once: on a cluster they only work under one hash tag.
let cluster: TestRedisCluster;
const prefix = uniqueTestPrefix('bull-cluster');
const keys = createKeyspace(prefix);

beforeAll(async () => {
  cluster = await startTestRedisCluster(3);
}, 30_000);

afterAll(async () => {
  await cluster?.stop();
});

describeJobQueueContract(
  'BullQueue on a Redis Cluster',
  (logger) =>
    new BullQueue({
      redis: { clusterNodes: cluster.nodes },
      prefix: keys.bullPrefix(),
      logger,
      name: prefix,
      closeTimeoutMs: 5000,
    }),
);

describe('BullQueue on a Redis Cluster', () => {
  it('keeps all of its keys in the slot of the {bull} hash tag', async () => {
    const { logger } = createCapturingLogger();
    const queue = new BullQueue({
      redis: { clusterNodes: cluster.nodes },
      prefix: keys.bullPrefix(),
      logger,
      name: prefix,
    });
    const admin = new Cluster(
      cluster.nodes.map((n) => ({ host: '127.0.0.1', port: Number(n.split(':')[1]) })),
    );
    try {
      const job = defineJob({ name: 'cluster.slot', handle: () => undefined });
      queue.register(job);
      await queue.start();
      const id = await queue.enqueue(job, {}, { delayMs: 20 });
      await waitUntil(async () => (await queue.getJob(id))?.state === 'completed', 'the job');
      const perNode = await Promise.all(
        admin.nodes('master').map(async (node) => (await node.keys(`${prefix}:*`)).length),
      );
      expect(perNode.filter((n) => n > 0)).toHaveLength(1);
    } finally {
      await queue.close();
      admin.disconnect();
    }
  });
});
