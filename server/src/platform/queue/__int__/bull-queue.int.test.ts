import { createKeyspace } from '../../redis/keys.js';
import { useRedisPrefix, type RedisTestPrefix } from '../../../test/redis-prefix.js';
import { createCapturingLogger } from '../../../test/capturing-logger.js';
import { waitUntil } from '../../../test/wait.js';
import { newContext, currentContext, runWithContext } from '../../context.js';
import { BullQueue } from '../bull-queue.js';
import { defineJob } from '../queue.port.js';
import { describeJobQueueContract } from '../queue.contract.js';

const slice: RedisTestPrefix = useRedisPrefix('bull-queue');
const keys = createKeyspace(slice.prefix);

afterAll(() => slice.cleanup());

describeJobQueueContract(
  'BullQueue',
  (logger) =>
    new BullQueue({
      redis: { url: slice.url },
      prefix: keys.bullPrefix(),
      logger,
      name: slice.prefix,
      closeTimeoutMs: 5000,
    }),
);

describe('BullQueue on Redis', () => {
  it('keeps its keys under the hash-tagged prefix', async () => {
    const { logger } = createCapturingLogger();
    const queue = new BullQueue({
      redis: { url: slice.url },
      prefix: keys.bullPrefix(),
      logger,
      name: slice.prefix,
    });
    try {
      const job = defineJob({ name: 'bull.keys', handle: () => undefined });
      queue.register(job);
      await queue.enqueue(job, {});
      const found = await slice.redis.keys(`${slice.prefix}:*`);
      expect(found.every((key) => key.startsWith(`${slice.prefix}:{bull}:`))).toBe(true);
      expect(found.some((key) => key.startsWith(`${slice.prefix}:{bull}:bull.keys:`))).toBe(true);
    } finally {
      await queue.close();
    }
  });

  it('hands a job from an enqueue-only process to a worker process with its context', async () => {
    const { logger } = createCapturingLogger();
    const seen: (string | undefined)[] = [];
    const job = defineJob<{ n: number }>({
      name: 'bull.handoff',
      handle: () => void seen.push(currentContext()?.tenantId),
    });
    const api = new BullQueue({
      redis: { url: slice.url },
      prefix: keys.bullPrefix(),
      logger,
      name: `${slice.prefix}-api`,
    });
    const worker = new BullQueue({
      redis: { url: slice.url },
      prefix: keys.bullPrefix(),
      logger,
      name: `${slice.prefix}-worker`,
    });
    try {
      api.register(job);
      worker.register(job);
      await worker.start();
      const id = await runWithContext(newContext({ tenantId: 'tenant-handoff' }), () =>
        api.enqueue(job, { n: 1 }),
      );
      await waitUntil(() => seen.length === 1, 'the worker to run the job');
      expect(seen).toEqual(['tenant-handoff']);
      await waitUntil(
        async () => (await api.getJob(id))?.state === 'completed',
        'the state seen by the api node',
      );
    } finally {
      await Promise.all([api.close(), worker.close()]);
    }
  });
});
