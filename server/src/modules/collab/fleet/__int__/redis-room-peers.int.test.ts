import { createKeyspace } from '../../../../platform/redis/keys.js';
import { createLogger } from '../../../../platform/logging/logger.js';
import {
  startRestartableRedis,
  type RestartableTestRedis,
} from '../../../../test/services/redis.js';
import { waitUntil } from '../../../../test/wait.js';
import type { PeerListener } from '../../room/index.js';
import { RedisRoomPeers } from '../redis-room-peers.js';

const logger = createLogger({ level: 'silent', name: 'room-peers-int' });

/** A listener that records what it hears. */
function recorder() {
  const heard: string[] = [];
  let resyncs = 0;
  const listener: PeerListener = {
    message: (data) => heard.push(Buffer.from(data).toString()),
    resync: () => void (resyncs += 1),
  };
  return { listener, heard, resyncs: () => resyncs };
}

describe('RedisRoomPeers on a Redis that restarts', () => {
  let redis: RestartableTestRedis;
  const peers: RedisRoomPeers[] = [];
  const open = () => {
    const created = new RedisRoomPeers({
      redis: { url: redis.url },
      keyspace: createKeyspace(`peers${process.pid}`),
      logger,
    });
    peers.push(created);
    return created;
  };

  beforeAll(async () => {
    redis = await startRestartableRedis();
  });
  afterAll(async () => {
    for (const created of peers) await created.close();
    await redis?.stop();
  });

  it('delivers between nodes, resyncs after a restart, and never keeps a channel it left', async () => {
    const [a, b] = [open(), open()];
    const [onA, onB] = [recorder(), recorder()];
    const channelA = await a.join('t1:d1', onA.listener);
    const channelB = await b.join('t1:d1', onB.listener);
    expect(await channelB.publish(new TextEncoder().encode('hello'))).toBe(1);
    await waitUntil(() => onA.heard.includes('hello'), 'delivery to the other node');
    // (B may hear its own message too: the port allows it, the room core drops its own.)

    // A leaves while Redis is down; its unsubscribe completes once Redis is back.
    await redis.shutDown();
    const left = channelA.leave();
    await redis.start();
    await left;
    // B reconnects on its own backoff (up to ~2.5 s a try); a loaded CI machine once needed more than 10 s.
    await waitUntil(() => onB.resyncs() > 0, 'a resync after the reconnect', 25_000);
    // Only B is subscribed now: a publish reaches nobody else, and A hears nothing more.
    await waitUntil(
      async () => (await channelB.publish(new TextEncoder().encode('after'))) === 0,
      'A gone from the channel',
      10_000,
    );
    expect(onA.heard).toEqual(['hello']);
    await channelB.leave();
  }, 60_000);
});
