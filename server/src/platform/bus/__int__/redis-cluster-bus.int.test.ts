import { Cluster } from 'ioredis';
import { createKeyspace } from '../../redis/keys.js';
import { startTestRedisCluster, type TestRedisCluster } from '../../../test/services/redis.js';
import { uniqueTestPrefix } from '../../../test/redis-prefix.js';
import { describeEventBusContract } from '../bus.contract.js';
import { createCapturingLogger } from '../../../test/capturing-logger.js';
import { waitUntil } from '../../../test/wait.js';
import { RedisBus } from '../redis-bus.js';

// A private cluster: sharded pub/sub only exists there, and nothing else shares it.
let cluster: TestRedisCluster;
const prefix = uniqueTestPrefix('cluster-bus');
const keys = createKeyspace(prefix);
let serial = 0;
let killedAt = 0;

beforeAll(async () => {
  cluster = await startTestRedisCluster(3);
}, 30_000);

afterAll(async () => {
  await cluster?.stop();
  // ioredis arms a 2 s disconnect timer for a sharded subscriber whose socket is already gone
  // (not configurable there); outwait it so jest exits cleanly instead of warning.
  const lingerMs = killedAt + 2100 - Date.now();
  if (killedAt > 0 && lingerMs > 0) await new Promise((resolve) => setTimeout(resolve, lingerMs));
}, 10_000);

describeEventBusContract('RedisBus on a Redis Cluster', async (logger) => {
  const run = (serial += 1);
  const a = new RedisBus({
    redis: { clusterNodes: cluster.nodes },
    logger,
    nodeId: `a-${run}`,
    name: `${prefix}-a`,
  });
  const b = new RedisBus({
    redis: { clusterNodes: cluster.nodes },
    logger,
    nodeId: `b-${run}`,
    name: `${prefix}-b`,
  });
  return {
    a,
    b,
    channel: (name) => keys.room(`doc-${run}-${name}`, 'events'),
    close: async () => {
      await Promise.all([a.close(), b.close()]);
    },
  };
});

describe('RedisBus on a Redis Cluster', () => {
  it('uses sharded channels on the shard that owns the room, and recovers when that connection dies', async () => {
    const { logger, lines } = createCapturingLogger();
    const bus = new RedisBus({
      redis: { clusterNodes: cluster.nodes },
      logger,
      name: `${prefix}-shard`,
    });
    const admin = new Cluster(
      cluster.nodes.map((n) => ({ host: '127.0.0.1', port: Number(n.split(':')[1]) })),
      { redisOptions: { disconnectTimeout: 100 } },
    );
    try {
      const channel = keys.room('sharded', 'events');
      const got: unknown[] = [];
      await bus.subscribe(channel, (m) => void got.push(m.payload));
      const counts = await Promise.all(
        admin
          .nodes('master')
          .map(
            async (node) => (await node.call('PUBSUB', 'SHARDNUMSUB', channel)) as [string, number],
          ),
      );
      // Exactly one shard knows the channel; classic PUBSUB on no shard.
      expect(counts.map((c) => Number(c[1])).sort()).toEqual([0, 0, 1]);
      await bus.publish(channel, 'before');
      await waitUntil(() => got.includes('before'), 'the first delivery');

      let resubscribed = 0;
      bus.onResubscribe(() => (resubscribed += 1));
      const owner = admin.nodes('master')[counts.findIndex((c) => Number(c[1]) === 1)]!;
      const list = (await owner.call('CLIENT', 'LIST', 'TYPE', 'pubsub')) as string;
      const line = list.split('\n').find((l) => l.includes(`folio:${prefix}-shard:sub`));
      const id = line?.match(/^id=(\d+)/)?.[1];
      expect(id).toBeDefined();
      await owner.call('CLIENT', 'KILL', 'ID', id!);
      killedAt = Date.now();
      await waitUntil(() => resubscribed >= 1, 'the sharded subscriber to come back', 10_000);
      // The resubscribe event may precede the SSUBSCRIBE reply; publish until one arrives.
      await waitUntil(
        async () => {
          await bus.publish(channel, 'after');
          return got.includes('after');
        },
        'a delivery after the kill',
        10_000,
      );
      expect(lines.some((l) => l.message === 'bus resubscribed after reconnect')).toBe(true);
    } finally {
      await bus.close();
      admin.disconnect();
    }
  });
});
