import { z, type ZodType } from 'zod';
import { contextEnvelopeSchema, contextFromEnvelope } from '../bus/bus.port.js';
import { captureContext, runWithContext, type ContextEnvelope } from '../context.js';
import { AppError } from '../errors.js';

export interface Backoff {
  type: 'fixed' | 'exponential';
  /** fixed: every retry waits delayMs; exponential: (2^n − 1) × delayMs after the n-th failure. */
  delayMs: number;
}

/** What a handler knows about the attempt it runs. */
export interface JobInfo {
  id: string;
  name: string;
  /** 1 for the first run, 2 for the first retry, … */
  attempt: number;
}

/** A kind of background job. The same definition runs on the memory queue and on bull. */
export interface JobDefinition<P = unknown> {
  readonly name: string;
  /** Total runs before the job is marked failed (first run included). */
  readonly attempts: number;
  readonly backoff: Backoff;
  /** An attempt running longer than this fails (and is retried); the handler is not interrupted. */
  readonly timeoutMs?: number;
  /** Jobs of this kind run at most this many at a time per worker process. */
  readonly concurrency?: number;
  readonly schema?: ZodType<P>;
  handle(payload: P, job: JobInfo): Promise<void> | void;
}

export interface DefineJobInput<P> {
  name: string;
  attempts?: number;
  backoff?: Backoff;
  timeoutMs?: number;
  concurrency?: number;
  schema?: ZodType<P>;
  handle(payload: P, job: JobInfo): Promise<void> | void;
}

const JOB_NAME = /^[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*$/;

/** Declares a job kind (name like `documents.compact`); defaults: 3 attempts, exponential 1 s backoff. */
export function defineJob<P>(input: DefineJobInput<P>): JobDefinition<P> {
  if (!JOB_NAME.test(input.name) || input.name.length > 100) {
    throw new Error(`Job name "${input.name}" must be lower-case words separated by "." or "-"`);
  }
  const attempts = input.attempts ?? 3;
  if (!Number.isInteger(attempts) || attempts < 1)
    throw new Error(`Job ${input.name}: attempts must be ≥ 1`);
  const backoff = input.backoff ?? { type: 'exponential', delayMs: 1000 };
  if (!(backoff.delayMs >= 0)) throw new Error(`Job ${input.name}: backoff.delayMs must be ≥ 0`);
  return Object.freeze({ ...input, attempts, backoff });
}

/** The delay before the next attempt, after `failures` failed attempts (bull's formula). */
export function backoffDelayMs(backoff: Backoff, failures: number): number {
  switch (backoff.type) {
    case 'fixed':
      return backoff.delayMs;
    case 'exponential':
      return Math.round((2 ** failures - 1) * backoff.delayMs);
    default: {
      const exhaustive: never = backoff.type;
      return exhaustive;
    }
  }
}

export type JobState = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed';

/** A job as tests and the admin console see it. */
export interface JobStatus {
  id: string;
  name: string;
  state: JobState;
  /** Attempts that have finished, successful or not. */
  attemptsMade: number;
  failedReason?: string;
}

export interface EnqueueOptions {
  /** Run no earlier than this many milliseconds from now. */
  delayMs?: number;
  /**
   * Deduplication key: while a job with this id of the same kind is waiting, delayed or active,
   * enqueueing again returns its id and adds nothing. Once it finished the id may be reused.
   */
  jobId?: string;
}

/** Durable background work: jobs survive the enqueuing request and are retried on failure. */
export interface JobQueue {
  /**
   * Makes a job kind known (enqueue by name, process on start). Registering the same definition
   * again is harmless; another definition under a taken name is an error.
   */
  register<P>(definition: JobDefinition<P>): void;
  /** Validates payload, captures the current context and stores the job; resolves to its id. Enqueueing a definition registers it. */
  enqueue<P>(job: JobDefinition<P> | string, payload: P, options?: EnqueueOptions): Promise<string>;
  /** Starts processing registered jobs; only processes running the worker role call it. */
  start(): Promise<void>;
  /** Stops taking jobs and waits (bounded) for the running ones. */
  close(): Promise<void>;
  /** The job's state, or null when unknown or already pruned. */
  getJob(id: string): Promise<JobStatus | null>;
}

/** What a job carries: its payload and the context of whoever enqueued it. */
export interface JobData {
  payload: unknown;
  context: ContextEnvelope;
}

export const jobDataSchema = z.object({ payload: z.unknown(), context: contextEnvelopeSchema });

/** Validates a payload against the job's schema; AppError('validation_failed') with the issues. */
export function parsePayload<P>(definition: JobDefinition<P>, payload: unknown): P {
  if (!definition.schema) return payload as P;
  const parsed = definition.schema.safeParse(payload);
  if (!parsed.success) {
    throw new AppError('validation_failed', `Invalid payload for job ${definition.name}`, {
      details: parsed.error.issues,
    });
  }
  return parsed.data;
}

/** The stored form of an enqueue: the validated payload plus the caller's context. */
export function toJobData<P>(definition: JobDefinition<P>, payload: P): JobData {
  const data: JobData = { payload: parsePayload(definition, payload), context: captureContext() };
  // Both adapters store JSON, so the memory queue must not accept what bull would mangle.
  return JSON.parse(JSON.stringify(data)) as JobData;
}

export function assertDelay(delayMs: number | undefined): number {
  const delay = delayMs ?? 0;
  if (!Number.isFinite(delay) || delay < 0)
    throw new AppError('bad_request', 'delayMs must be ≥ 0');
  return delay;
}

/**
 * One attempt of a job, as both adapters run it: inside the enqueuer's context, with the payload
 * validated again (the schema may have changed since enqueue), bounded by timeoutMs. A timed-out
 * handler keeps running in the background; JavaScript cannot cancel it.
 */
export function runAttempt(definition: JobDefinition, data: JobData, job: JobInfo): Promise<void> {
  return runWithContext(contextFromEnvelope(data.context), async () => {
    const payload = parsePayload(definition, data.payload);
    const handled = Promise.resolve().then(() => definition.handle(payload, job));
    if (definition.timeoutMs === undefined) return handled;
    const timeoutMs = definition.timeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`Job timed out after ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([handled, timeout]);
    } finally {
      clearTimeout(timer);
    }
  });
}

/** Errors from a job's own validation are not going to pass on retry. */
export function isPermanentFailure(error: unknown): boolean {
  return error instanceof AppError && error.code === 'validation_failed';
}

/** The job kinds a queue knows, shared by both adapters. */
export class JobRegistry {
  private readonly definitions = new Map<string, JobDefinition>();

  /** Returns true when the definition is new. */
  register(definition: JobDefinition): boolean {
    const existing = this.definitions.get(definition.name);
    if (existing === definition) return false;
    if (existing) throw new Error(`Another job is already registered as "${definition.name}"`);
    this.definitions.set(definition.name, definition);
    return true;
  }

  /** The definition for a name (which must be registered) or the definition itself. */
  resolve(job: JobDefinition | string): JobDefinition {
    if (typeof job !== 'string') return job;
    const definition = this.definitions.get(job);
    if (!definition) throw new Error(`Unknown job "${job}": register its definition first`);
    return definition;
  }

  get(name: string): JobDefinition | undefined {
    return this.definitions.get(name);
  }

  all(): JobDefinition[] {
    return [...this.definitions.values()];
  }
}
