import { randomUUID } from 'node:crypto';
import Bull from 'bull';
import { contextFromEnvelope } from '../bus/bus.port.js';
import { runWithContext } from '../context.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logging/logger.js';
import { closeRedis, createRedis, type RedisClient } from '../redis/connection.js';
import {
  JobRegistry,
  assertDelay,
  backoffDelayMs,
  isPermanentFailure,
  jobDataSchema,
  runAttempt,
  toJobData,
  type EnqueueOptions,
  type JobData,
  type JobDefinition,
  type JobQueue,
  type JobState,
  type JobStatus,
} from './queue.port.js';

export interface BullQueueOptions {
  redis: { url?: string; clusterNodes?: string[] };
  /** Key prefix with a hash tag, from `keyspace.bullPrefix()` (e.g. `folio:{bull}`). */
  prefix: string;
  logger: Logger;
  /** Jobs of one kind running at once per process, unless the definition says otherwise (default 1). */
  concurrency?: number;
  /** How long close() waits for running jobs before abandoning them to stall recovery (default 10 s). */
  closeTimeoutMs?: number;
  /** Finished jobs kept in Redis per kind for getJob and the admin console. */
  keepCompleted?: number;
  keepFailed?: number;
  /** Connection name stem (`folio:<name>:client`, …). */
  name?: string;
}

// bull refuses blocking and subscriber connections that retry commands or run a ready check,
// and a cluster needs the same on every client (RUNTIME-FACTS).
const BULL_REDIS_OPTIONS = { maxRetriesPerRequest: null, enableReadyCheck: false } as const;

const STATE_BY_BULL: Record<string, JobState> = {
  waiting: 'waiting',
  paused: 'waiting',
  stuck: 'waiting',
  delayed: 'delayed',
  active: 'active',
  completed: 'completed',
  failed: 'failed',
};

/**
 * JobQueue on bull 4: one bull queue per job kind, all under one hash-tagged prefix so every
 * bull script's keys share a cluster slot. The command and event connections are shared by all
 * kinds; each processing kind gets its own blocking connection (bull's rule).
 */
export class BullQueue implements JobQueue {
  private readonly registry = new JobRegistry();
  private readonly queues = new Map<string, Bull.Queue<JobData>>();
  private readonly blockingClients: RedisClient[] = [];
  private readonly shared = new Map<'client' | 'subscriber', RedisClient>();
  private readonly logger: Logger;
  private isStarted = false;
  private isClosed = false;
  private lastQueueError = { message: '', at: 0 };

  constructor(private readonly options: BullQueueOptions) {
    this.logger = options.logger.child({ 'folio.queue': 'bull' });
  }

  register<P>(definition: JobDefinition<P>): void {
    if (!this.registry.register(definition)) return;
    const queue = this.queueFor(definition);
    if (this.isStarted) this.process(definition, queue);
  }

  async enqueue<P>(
    job: JobDefinition<P> | string,
    payload: P,
    options: EnqueueOptions = {},
  ): Promise<string> {
    if (this.isClosed) throw new AppError('shutting_down', 'The job queue is closed');
    const definition = this.registry.resolve(job);
    this.register(definition);
    const data = toJobData(definition, payload);
    const delay = assertDelay(options.delayMs);
    const queue = this.queueFor(definition);
    if (options.jobId !== undefined) {
      // bull dedupes on any existing id, finished ones included; we only dedupe pending work.
      // Not atomic, but two racing enqueuers still end with one job: add() itself dedupes.
      const existing = await queue.getJob(options.jobId);
      if (existing) {
        const state = await existing.getState();
        if (state !== 'completed' && state !== 'failed') return options.jobId;
        await existing.remove();
      }
    }
    const added = await queue.add(data, {
      jobId: options.jobId ?? randomUUID(),
      attempts: definition.attempts,
      backoff: { type: definition.backoff.type, delay: definition.backoff.delayMs },
      delay,
      removeOnComplete: this.options.keepCompleted ?? 1000,
      removeOnFail: this.options.keepFailed ?? 5000,
    });
    return String(added.id);
  }

  async start(): Promise<void> {
    if (this.isStarted || this.isClosed) return;
    this.isStarted = true;
    for (const definition of this.registry.all())
      this.process(definition, this.queueFor(definition));
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    const queues = [...this.queues.values()];
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.options.closeTimeoutMs ?? 10_000);
    });
    // queue.close() stops fetching and waits for this process's active jobs.
    const closed = Promise.allSettled(queues.map((queue) => queue.close()));
    const outcome = await Promise.race([closed, timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      // Their locks expire and another worker's stalled-job check retries them.
      this.logger.warn('job queue closed with jobs still running; they will be retried elsewhere');
    }
    await Promise.all(
      [...this.shared.values(), ...this.blockingClients].map((client) => closeRedis(client)),
    );
  }

  async getJob(id: string): Promise<JobStatus | null> {
    for (const definition of this.registry.all()) {
      const job = await this.queueFor(definition).getJob(id);
      if (!job) continue;
      const state = STATE_BY_BULL[await job.getState()] ?? 'waiting';
      // bull counts failed attempts only; a completed job also finished its successful one.
      const attemptsMade = job.attemptsMade + (state === 'completed' ? 1 : 0);
      const status: JobStatus = { id: String(job.id), name: definition.name, state, attemptsMade };
      if (job.failedReason) status.failedReason = job.failedReason;
      return status;
    }
    return null;
  }

  private queueFor(definition: JobDefinition): Bull.Queue<JobData> {
    const existing = this.queues.get(definition.name);
    if (existing) return existing;
    const queue = new Bull<JobData>(definition.name, {
      prefix: this.options.prefix,
      createClient: (type) => this.client(type),
    });
    queue.on('error', (error: Error) => this.logQueueError(definition.name, error));
    queue.on('failed', (job: Bull.Job<JobData>, error: Error) =>
      this.logFailure(definition, job, error),
    );
    this.queues.set(definition.name, queue);
    return queue;
  }

  private client(type: 'client' | 'subscriber' | 'bclient'): RedisClient {
    const name = this.options.name ?? 'queue';
    const open = () =>
      createRedis({
        ...this.options.redis,
        purpose: `${name}:${type}`,
        logger: this.options.logger,
        // bull interrupts a blocked BRPOPLPUSH on close by disconnecting; Redis does not answer
        // the FIN of a blocked client, so ioredis would wait its full disconnect timeout.
        redisOptions:
          type === 'bclient'
            ? { ...BULL_REDIS_OPTIONS, disconnectTimeout: 20 }
            : BULL_REDIS_OPTIONS,
      });
    if (type === 'bclient') {
      const client = open();
      this.blockingClients.push(client);
      return client;
    }
    let client = this.shared.get(type);
    if (!client) {
      client = open();
      // Every bull queue adds its own listeners to the shared connections; one per job kind.
      client.setMaxListeners(0);
      this.shared.set(type, client);
    }
    return client;
  }

  private process(definition: JobDefinition, queue: Bull.Queue<JobData>): void {
    const concurrency = definition.concurrency ?? this.options.concurrency ?? 1;
    queue
      .process(concurrency, async (job: Bull.Job<JobData>) => {
        const data = jobDataSchema.safeParse(job.data);
        if (!data.success) {
          await job.discard();
          throw new Error(`Malformed job data for ${definition.name}`);
        }
        const info = { id: String(job.id), name: definition.name, attempt: job.attemptsMade + 1 };
        try {
          await runAttempt(definition, data.data, info);
        } catch (error) {
          if (isPermanentFailure(error)) await job.discard();
          throw error;
        }
      })
      .catch((error: unknown) =>
        this.logger.error({ error, 'folio.job.name': definition.name }, 'job processing stopped'),
      );
  }

  private logFailure(definition: JobDefinition, job: Bull.Job<JobData>, error: Error): void {
    const parsed = jobDataSchema.safeParse(job.data);
    const fields = {
      error,
      'folio.job.name': definition.name,
      'folio.job.id': String(job.id),
      'folio.job.attempt': job.attemptsMade,
    };
    const log = () => {
      // bull has already counted this failure in attemptsMade when 'failed' fires.
      const willRetry = job.attemptsMade < definition.attempts && !isPermanentFailure(error);
      if (willRetry) {
        const delayMs = backoffDelayMs(definition.backoff, job.attemptsMade);
        this.logger.warn(
          { ...fields, 'folio.job.retry_in_ms': delayMs },
          'job attempt failed; will retry',
        );
      } else {
        this.logger.error(fields, 'job failed permanently');
      }
    };
    if (parsed.success) runWithContext(contextFromEnvelope(parsed.data.context), log);
    else log();
  }

  private logQueueError(name: string, error: Error): void {
    // While Redis is down every queue relays every reconnect error of the shared connections.
    const now = Date.now();
    if (error.message === this.lastQueueError.message && now - this.lastQueueError.at < 10_000)
      return;
    this.lastQueueError = { message: error.message, at: now };
    this.logger.warn({ error, 'folio.job.name': name }, 'job queue error');
  }
}
