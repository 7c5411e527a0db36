import { randomUUID } from 'node:crypto';
import { contextFromEnvelope } from '../bus/bus.port.js';
import { runWithContext } from '../context.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logging/logger.js';
import {
  JobRegistry,
  assertDelay,
  backoffDelayMs,
  isPermanentFailure,
  runAttempt,
  toJobData,
  type EnqueueOptions,
  type JobData,
  type JobDefinition,
  type JobQueue,
  type JobState,
  type JobStatus,
} from './queue.port.js';

interface MemoryJob {
  key: string;
  id: string;
  name: string;
  data: JobData;
  state: JobState;
  attemptsMade: number;
  failedReason?: string;
  timer?: NodeJS.Timeout;
}

type Phase = 'idle' | 'running' | 'closing' | 'closed';

export interface MemoryQueueOptions {
  logger: Logger;
  /** Jobs of one kind running at once, unless the definition says otherwise (default 1). */
  concurrency?: number;
  /** Finished jobs kept for getJob (default 1000). */
  keepFinished?: number;
  /** How long close() waits for running jobs (default 10 s). */
  closeTimeoutMs?: number;
}

/**
 * The job queue of the embedded node: timers and arrays instead of Redis, the same retry,
 * backoff, dedupe and context rules as the bull adapter. Jobs live in memory only; a restart
 * loses what was waiting, which the single-machine mode accepts.
 */
export class MemoryQueue implements JobQueue {
  private readonly registry = new JobRegistry();
  private readonly jobs = new Map<string, MemoryJob>();
  private readonly waiting = new Map<string, MemoryJob[]>();
  private readonly activeCount = new Map<string, number>();
  private readonly running = new Set<Promise<void>>();
  private readonly finished: MemoryJob[] = [];
  private readonly logger: Logger;
  private phase: Phase = 'idle';
  private isPumpScheduled = false;

  constructor(private readonly options: MemoryQueueOptions) {
    this.logger = options.logger.child({ 'folio.queue': 'memory' });
  }

  register<P>(definition: JobDefinition<P>): void {
    if (this.registry.register(definition)) this.schedulePump();
  }

  async enqueue<P>(
    job: JobDefinition<P> | string,
    payload: P,
    options: EnqueueOptions = {},
  ): Promise<string> {
    if (this.phase === 'closing' || this.phase === 'closed') {
      throw new AppError('shutting_down', 'The job queue is closed');
    }
    const definition = this.registry.resolve(job);
    this.register(definition);
    const data = toJobData(definition, payload);
    const delayMs = assertDelay(options.delayMs);
    const id = options.jobId ?? randomUUID();
    const key = `${definition.name}\u0000${id}`;
    const existing = this.jobs.get(key);
    if (existing && existing.state !== 'completed' && existing.state !== 'failed') return id;
    const record: MemoryJob = {
      key,
      id,
      name: definition.name,
      data,
      state: 'waiting',
      attemptsMade: 0,
    };
    this.jobs.set(key, record);
    if (delayMs > 0) this.delay(record, delayMs);
    else this.makeWaiting(record);
    return id;
  }

  async start(): Promise<void> {
    if (this.phase !== 'idle') return;
    this.phase = 'running';
    this.schedulePump();
  }

  async close(): Promise<void> {
    if (this.phase === 'closing' || this.phase === 'closed') return;
    this.phase = 'closing';
    for (const job of this.jobs.values()) clearTimeout(job.timer);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.options.closeTimeoutMs ?? 10_000);
    });
    const outcome = await Promise.race([Promise.allSettled([...this.running]), timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.logger.warn({ running: this.running.size }, 'job queue closed with jobs still running');
    }
    this.phase = 'closed';
  }

  async getJob(id: string): Promise<JobStatus | null> {
    for (const definition of this.registry.all()) {
      const job = this.jobs.get(`${definition.name}\u0000${id}`);
      if (!job) continue;
      const status: JobStatus = {
        id: job.id,
        name: job.name,
        state: job.state,
        attemptsMade: job.attemptsMade,
      };
      if (job.failedReason !== undefined) status.failedReason = job.failedReason;
      return status;
    }
    return null;
  }

  private delay(job: MemoryJob, delayMs: number): void {
    job.state = 'delayed';
    job.timer = setTimeout(() => {
      job.timer = undefined;
      this.makeWaiting(job);
    }, delayMs);
  }

  private makeWaiting(job: MemoryJob): void {
    job.state = 'waiting';
    const list = this.waiting.get(job.name) ?? [];
    list.push(job);
    this.waiting.set(job.name, list);
    this.schedulePump();
  }

  // Jobs start on a later macrotask, never inside enqueue(): like bull, and it keeps the
  // enqueuer's stack (and its transaction) out of the job.
  private schedulePump(): void {
    if (this.isPumpScheduled || this.phase !== 'running') return;
    this.isPumpScheduled = true;
    setImmediate(() => {
      this.isPumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    if (this.phase !== 'running') return;
    for (const [name, list] of this.waiting) {
      const definition = this.registry.get(name);
      if (!definition) continue;
      const limit = definition.concurrency ?? this.options.concurrency ?? 1;
      while (list.length > 0 && (this.activeCount.get(name) ?? 0) < limit) {
        const job = list.shift();
        // A job re-enqueued after finishing replaced its record; skip the stale entry.
        if (job && this.jobs.get(job.key) === job && job.state === 'waiting')
          this.run(definition, job);
      }
    }
  }

  private run(definition: JobDefinition, job: MemoryJob): void {
    job.state = 'active';
    this.activeCount.set(job.name, (this.activeCount.get(job.name) ?? 0) + 1);
    const attempt = job.attemptsMade + 1;
    const done = runAttempt(definition, job.data, { id: job.id, name: job.name, attempt })
      .then(
        () => {
          job.state = 'completed';
          job.attemptsMade = attempt;
          this.remember(job);
        },
        (error: unknown) => this.fail(definition, job, attempt, error),
      )
      .finally(() => {
        this.running.delete(done);
        this.activeCount.set(job.name, (this.activeCount.get(job.name) ?? 1) - 1);
        this.schedulePump();
      });
    this.running.add(done);
  }

  private fail(definition: JobDefinition, job: MemoryJob, attempt: number, error: unknown): void {
    job.attemptsMade = attempt;
    const willRetry = attempt < definition.attempts && !isPermanentFailure(error);
    const fields = {
      error,
      'folio.job.name': job.name,
      'folio.job.id': job.id,
      'folio.job.attempt': attempt,
    };
    runWithContext(contextFromEnvelope(job.data.context), () => {
      if (willRetry) {
        const delayMs = backoffDelayMs(definition.backoff, attempt);
        this.logger.warn(
          { ...fields, 'folio.job.retry_in_ms': delayMs },
          'job attempt failed; will retry',
        );
        // A retry after close() began would outlive the queue; the job stays delayed instead.
        if (this.phase === 'running' || this.phase === 'idle') this.delay(job, delayMs);
        else job.state = 'delayed';
      } else {
        this.logger.error(fields, 'job failed permanently');
        job.state = 'failed';
        job.failedReason = error instanceof Error ? error.message : String(error);
        this.remember(job);
      }
    });
  }

  private remember(job: MemoryJob): void {
    this.finished.push(job);
    const keep = this.options.keepFinished ?? 1000;
    while (this.finished.length > keep) {
      const old = this.finished.shift();
      if (old && this.jobs.get(old.key) === old) this.jobs.delete(old.key);
    }
  }
}
