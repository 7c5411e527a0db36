/**
 * The JobQueue contract, run against the memory queue (unit) and bull (integration, standalone
 * Redis and cluster). Each test builds its own queue and job kinds, so tests never share jobs.
 */
import { z } from 'zod';
import { createCapturingLogger } from '../../test/capturing-logger.js';
import { waitUntil } from '../../test/wait.js';
import { currentContext, newContext, runWithContext, type RequestContext } from '../context.js';
import type { Logger } from '../logging/logger.js';
import { defineJob, type JobInfo, type JobQueue } from './queue.port.js';

/** Runs the contract suite against the queues makeQueue() builds (each test closes its own). */
export function describeJobQueueContract(
  name: string,
  makeQueue: (logger: Logger) => JobQueue,
): void {
  describe(`${name} — JobQueue contract`, () => {
    let serial = 0;
    const open: JobQueue[] = [];
    const gates: (() => void)[] = [];
    let lines: Record<string, unknown>[];

    /** A fresh queue and a job name no other test uses. */
    function setup(): { queue: JobQueue; jobName: string } {
      const capture = createCapturingLogger();
      lines = capture.lines;
      const queue = makeQueue(capture.logger);
      open.push(queue);
      serial += 1;
      return { queue, jobName: `contract.case-${serial}` };
    }

    /** A promise the test opens later; afterEach opens any left shut so close() never hangs. */
    function gate(): { wait: Promise<void>; open: () => void } {
      let release: () => void = () => undefined;
      const wait = new Promise<void>((resolve) => {
        release = resolve;
      });
      gates.push(release);
      return { wait, open: release };
    }

    afterEach(async () => {
      for (const release of gates.splice(0)) release();
      await Promise.all(open.splice(0).map((queue) => queue.close()));
    });

    it('runs a job inside the context it was enqueued in', async () => {
      const { queue, jobName } = setup();
      const runs: { ctx: RequestContext | undefined; info: JobInfo; payload: unknown }[] = [];
      const job = defineJob<{ docId: string }>({
        name: jobName,
        schema: z.object({ docId: z.string() }),
        async handle(payload, info) {
          await Promise.resolve();
          runs.push({ ctx: currentContext(), info, payload });
        },
      });
      queue.register(job);
      await queue.start();
      const ctx = newContext({ tenantId: 'tenant-jobs', actor: { kind: 'user', userId: 'u-1' } });
      const id = await runWithContext(ctx, () => queue.enqueue(job, { docId: 'd-1' }));
      await waitUntil(() => runs.length === 1, 'the job to run');
      expect(runs[0]!.payload).toEqual({ docId: 'd-1' });
      expect(runs[0]!.info).toEqual({ id, name: jobName, attempt: 1 });
      expect(runs[0]!.ctx).toEqual({
        requestId: ctx.requestId,
        traceId: ctx.traceId,
        tenantId: 'tenant-jobs',
        actor: ctx.actor,
      });
      await waitUntil(
        async () => (await queue.getJob(id))?.state === 'completed',
        'the completed state',
      );
      expect(await queue.getJob(id)).toEqual({
        id,
        name: jobName,
        state: 'completed',
        attemptsMade: 1,
      });
    });

    it('rejects an invalid payload at enqueue with validation_failed', async () => {
      const { queue, jobName } = setup();
      let runs = 0;
      const job = defineJob<{ n: number }>({
        name: jobName,
        schema: z.object({ n: z.number() }),
        handle: () => void (runs += 1),
      });
      queue.register(job);
      await queue.start();
      await expect(
        queue.enqueue(job, { n: 'one' } as unknown as { n: number }),
      ).rejects.toMatchObject({
        code: 'validation_failed',
        details: [expect.objectContaining({ path: ['n'] })],
      });
      await expect(queue.enqueue('contract.not-registered', {})).rejects.toThrow(/Unknown job/);
      const id = await queue.enqueue(jobName, { n: 1 });
      await waitUntil(async () => (await queue.getJob(id))?.state === 'completed', 'the valid job');
      expect(runs).toBe(1);
    });

    it('retries with the backoff until an attempt succeeds', async () => {
      const { queue, jobName } = setup();
      const attempts: { attempt: number; at: number }[] = [];
      const job = defineJob({
        name: jobName,
        attempts: 3,
        backoff: { type: 'fixed', delayMs: 60 },
        handle(_payload: null, info) {
          attempts.push({ attempt: info.attempt, at: Date.now() });
          if (info.attempt < 3) throw new Error(`attempt ${info.attempt} failed`);
        },
      });
      queue.register(job);
      await queue.start();
      const id = await queue.enqueue(job, null);
      await waitUntil(
        async () => (await queue.getJob(id))?.state === 'completed',
        'success on the third attempt',
      );
      expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
      expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(50);
      expect(await queue.getJob(id)).toMatchObject({ state: 'completed', attemptsMade: 3 });
      expect(lines.filter((l) => l.message === 'job attempt failed; will retry')).toHaveLength(2);
    });

    it('marks a job failed once its attempts are exhausted', async () => {
      const { queue, jobName } = setup();
      let runs = 0;
      const job = defineJob({
        name: jobName,
        attempts: 2,
        backoff: { type: 'exponential', delayMs: 20 },
        handle() {
          runs += 1;
          throw new Error('always broken');
        },
      });
      queue.register(job);
      await queue.start();
      const id = await queue.enqueue(job, {});
      await waitUntil(async () => (await queue.getJob(id))?.state === 'failed', 'the failed state');
      expect(await queue.getJob(id)).toEqual({
        id,
        name: jobName,
        state: 'failed',
        attemptsMade: 2,
        failedReason: 'always broken',
      });
      expect(runs).toBe(2);
      await waitUntil(
        () => lines.some((l) => l.message === 'job failed permanently'),
        'the final failure log',
      );
    });

    it('fails an attempt that outlives timeoutMs', async () => {
      const { queue, jobName } = setup();
      const stuck = gate();
      const job = defineJob({
        name: jobName,
        attempts: 1,
        timeoutMs: 100,
        handle: () => stuck.wait,
      });
      queue.register(job);
      await queue.start();
      const id = await queue.enqueue(job, {});
      await waitUntil(async () => (await queue.getJob(id))?.state === 'failed', 'the timeout');
      expect((await queue.getJob(id))?.failedReason).toMatch(/timed out/);
    });

    it('runs a delayed job no earlier than its delay', async () => {
      const { queue, jobName } = setup();
      let ranAt = 0;
      const job = defineJob({ name: jobName, handle: () => void (ranAt = Date.now()) });
      queue.register(job);
      await queue.start();
      const enqueuedAt = Date.now();
      const id = await queue.enqueue(job, {}, { delayMs: 300 });
      expect((await queue.getJob(id))?.state).toBe('delayed');
      await waitUntil(() => ranAt > 0, 'the delayed job');
      expect(ranAt - enqueuedAt).toBeGreaterThanOrEqual(290);
    });

    it('dedupes pending jobs by jobId and accepts the id again once finished', async () => {
      const { queue, jobName } = setup();
      const payloads: unknown[] = [];
      const job = defineJob({
        name: jobName,
        handle: (payload: { n: number }) => void payloads.push(payload),
      });
      queue.register(job);
      const first = await queue.enqueue(job, { n: 1 }, { jobId: `${jobName}:doc-1` });
      const second = await queue.enqueue(job, { n: 2 }, { jobId: `${jobName}:doc-1` });
      expect(second).toBe(first);
      expect((await queue.getJob(first))?.state).toBe('waiting');
      await queue.start();
      await waitUntil(
        async () => (await queue.getJob(first))?.state === 'completed',
        'the deduped job',
      );
      expect(payloads).toEqual([{ n: 1 }]);
      await queue.enqueue(job, { n: 3 }, { jobId: `${jobName}:doc-1` });
      await waitUntil(() => payloads.length === 2, 'the re-enqueued job');
      expect(payloads).toEqual([{ n: 1 }, { n: 3 }]);
    });

    it('does not take jobs before start()', async () => {
      const { queue, jobName } = setup();
      let runs = 0;
      const job = defineJob({ name: jobName, handle: () => void (runs += 1) });
      queue.register(job);
      const id = await queue.enqueue(job, {});
      expect((await queue.getJob(id))?.state).toBe('waiting');
      expect(runs).toBe(0);
      await queue.start();
      await waitUntil(() => runs === 1, 'the job after start');
    });

    it('close waits for the active job, then refuses new ones', async () => {
      const { queue, jobName } = setup();
      const events: string[] = [];
      const release = gate();
      const job = defineJob({
        name: jobName,
        async handle() {
          events.push('started');
          await release.wait;
          events.push('finished');
        },
      });
      queue.register(job);
      await queue.start();
      await queue.enqueue(job, {});
      await waitUntil(() => events.includes('started'), 'the job to start');
      const closing = queue.close().then(() => events.push('closed'));
      // Give a wrongly eager close() the chance to finish first; the order below is the assertion.
      await new Promise((resolve) => setTimeout(resolve, 50));
      events.push('released');
      release.open();
      await closing;
      expect(events).toEqual(['started', 'released', 'finished', 'closed']);
      await expect(queue.enqueue(job, {})).rejects.toMatchObject({ code: 'shutting_down' });
    });

    it('answers null for an unknown job id', async () => {
      const { queue, jobName } = setup();
      queue.register(defineJob({ name: jobName, handle: () => undefined }));
      expect(await queue.getJob('no-such-job')).toBeNull();
    });
  });
}
