import { createCapturingLogger } from '../../test/capturing-logger.js';
import { waitUntil } from '../../test/wait.js';
import { MemoryQueue } from './memory-queue.js';
import { backoffDelayMs, defineJob } from './queue.port.js';
import { describeJobQueueContract } from './queue.contract.js';

describeJobQueueContract(
  'MemoryQueue',
  (logger) => new MemoryQueue({ logger, closeTimeoutMs: 5000 }),
);

describe('MemoryQueue', () => {
  it('runs at most `concurrency` jobs of a kind at once', async () => {
    const { logger } = createCapturingLogger();
    const queue = new MemoryQueue({ logger, concurrency: 2 });
    let running = 0;
    let peak = 0;
    let done = 0;
    const job = defineJob({
      name: 'memory.concurrency',
      async handle() {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running -= 1;
        done += 1;
      },
    });
    queue.register(job);
    await queue.start();
    await Promise.all(Array.from({ length: 8 }, () => queue.enqueue(job, {})));
    await waitUntil(() => done === 8, 'all jobs');
    expect(peak).toBe(2);
    await queue.close();
  });

  it('keeps only the most recent finished jobs', async () => {
    const { logger } = createCapturingLogger();
    const queue = new MemoryQueue({ logger, keepFinished: 2 });
    const job = defineJob({ name: 'memory.prune', handle: () => undefined });
    queue.register(job);
    await queue.start();
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const id = await queue.enqueue(job, {});
      ids.push(id);
      await waitUntil(async () => (await queue.getJob(id))?.state === 'completed', `job ${i}`);
    }
    expect(await queue.getJob(ids[0]!)).toBeNull();
    expect(await queue.getJob(ids[2]!)).not.toBeNull();
    await queue.close();
  });

  it('refuses a second definition under a taken name', () => {
    const { logger } = createCapturingLogger();
    const queue = new MemoryQueue({ logger });
    const job = defineJob({ name: 'memory.twice', handle: () => undefined });
    queue.register(job);
    queue.register(job);
    expect(() =>
      queue.register(defineJob({ name: 'memory.twice', handle: () => undefined })),
    ).toThrow(/already registered/);
  });
});

describe('defineJob', () => {
  it('applies defaults and validates names and attempts', () => {
    const job = defineJob({ name: 'documents.compact', handle: () => undefined });
    expect(job.attempts).toBe(3);
    expect(job.backoff).toEqual({ type: 'exponential', delayMs: 1000 });
    expect(() => defineJob({ name: 'Bad Name', handle: () => undefined })).toThrow();
    expect(() => defineJob({ name: 'ok.name', attempts: 0, handle: () => undefined })).toThrow();
  });

  it('computes backoff like bull', () => {
    expect([1, 2, 3].map((n) => backoffDelayMs({ type: 'fixed', delayMs: 100 }, n))).toEqual([
      100, 100, 100,
    ]);
    expect([1, 2, 3].map((n) => backoffDelayMs({ type: 'exponential', delayMs: 100 }, n))).toEqual([
      100, 300, 700,
    ]);
  });
});
