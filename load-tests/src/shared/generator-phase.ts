/**
 * The main thread's side of a load phase run by generator workers: splitting the documents over
 * them, waiting for them to be ready, starting them together, and collecting and merging the
 * parts of their reports that every benchmark shares.
 */
import { Worker } from 'node:worker_threads';
import type { LoadOutcome, LoadPlan } from '../collab/load.js';
import {
  epochMs,
  type DoneReport,
  type GeneratorMessage,
  type StartMessage,
} from './worker-protocol.js';

/** Time the workers get between "all ready" and the first edit, so they all start together. */
const START_DELAY_MS = 250;
/** Connecting and seeding; and, after the window, the workers' drain (30 s) and report. */
const WORKER_SETUP_TIMEOUT_MS = 120_000;
const WORKER_DRAIN_TIMEOUT_MS = 60_000;

export interface LoopDelay {
  readonly p99Ms: number;
  readonly maxMs: number;
}

/**
 * Starts one worker running `script` per share of `documents` (round-robin, at most `count`
 * shares), each given `input(share)` as its `workerData`.
 */
export function spawnWorkers<Input>(
  script: URL,
  documents: readonly string[],
  count: number,
  input: (share: string[]) => Input,
): { workers: Worker[]; shares: string[][] } {
  const workerCount = Math.min(count, documents.length);
  const shares = Array.from({ length: workerCount }, (_, w) =>
    documents.filter((_, i) => i % workerCount === w),
  );
  const workers = shares.map((share) => new Worker(script, { workerData: input(share) }));
  return { workers, shares };
}

/** Resolves once every worker has connected and seeded its rooms. */
export async function allReady(workers: readonly Worker[]): Promise<void> {
  await Promise.all(workers.map((worker) => next(worker, 'ready', WORKER_SETUP_TIMEOUT_MS)));
}

/**
 * Tells every worker to start typing START_DELAY_MS from now. Returns that start time and the
 * workers' final reports, in worker order.
 */
export function startTyping<Done extends DoneReport>(
  workers: readonly Worker[],
  plan: LoadPlan,
): { atEpochMs: number; done: Promise<Done[]> } {
  // Listening for 'done' from now on: a worker may finish its drain before the window's last
  // snapshot is taken. A failure surfaces where the caller awaits `done`, not as an unhandled
  // rejection.
  const doneWithin = START_DELAY_MS + plan.warmupMs + plan.durationMs + WORKER_DRAIN_TIMEOUT_MS;
  const done = Promise.all(workers.map((worker) => next<Done>(worker, 'done', doneWithin)));
  done.catch(() => undefined);
  const atEpochMs = epochMs() + START_DELAY_MS;
  for (const worker of workers) {
    worker.postMessage({ type: 'start', atEpochMs } satisfies StartMessage);
  }
  return { atEpochMs, done };
}

/** The workers' pacing outcomes, summed. */
export function sumOutcomes(reports: readonly DoneReport[]): LoadOutcome {
  const sum = (get: (r: DoneReport) => number) => reports.reduce((total, r) => total + get(r), 0);
  return {
    editsTotal: sum((r) => r.editsTotal),
    editsInWindow: sum((r) => r.editsInWindow),
    skipped: sum((r) => r.skipped),
  };
}

/** The generators' own health and the delivery checks of all workers, merged. */
export function mergeChecks(reports: readonly DoneReport[]): {
  /** The worst of the generator workers' event-loop delays over the window. */
  generatorLoopDelay: LoopDelay;
  generatorWorkers: number;
  missingDeliveries: number;
  divergent: string[];
  closes: Record<string, number>;
} {
  const closes: Record<string, number> = {};
  for (const report of reports) {
    for (const [code, n] of Object.entries(report.closes)) closes[code] = (closes[code] ?? 0) + n;
  }
  return {
    generatorLoopDelay: {
      p99Ms: Math.max(...reports.map((r) => r.loopDelayP99Ms)),
      maxMs: Math.max(...reports.map((r) => r.loopDelayMaxMs)),
    },
    generatorWorkers: reports.length,
    missingDeliveries: reports.reduce((total, r) => total + r.missingDeliveries, 0),
    divergent: reports.flatMap((r) => r.divergent),
    closes,
  };
}

/**
 * The worker's next message, which must be of `type` (`M` is that message's shape); rejects if
 * the worker fails, exits or stalls.
 */
function next<M>(worker: Worker, type: 'ready' | 'done', timeoutMs: number): Promise<M> {
  return new Promise((resolve, reject) => {
    const finish = (error: Error | null, message?: GeneratorMessage<DoneReport>) => {
      clearTimeout(timer);
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      if (error) reject(error);
      else resolve(message as M);
    };
    const onMessage = (message: GeneratorMessage<DoneReport>) => {
      if (message.type === type) finish(null, message);
      else if (message.type === 'failed') finish(new Error(`generator worker: ${message.message}`));
      else finish(new Error(`expected '${type}' from a generator worker, got '${message.type}'`));
    };
    const onError = (error: Error) => finish(error);
    const onExit = (code: number) => finish(new Error(`generator worker exited with ${code}`));
    const timer = setTimeout(
      () => finish(new Error(`no '${type}' from a generator worker in ${timeoutMs} ms`)),
      timeoutMs,
    );
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
  });
}

/** Resolves at `atEpochMs` (at once if that has passed). */
export function sleepUntil(atEpochMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, atEpochMs - epochMs())));
}
