/**
 * Messages between the load phase (main thread) and its generator workers (load-worker.ts).
 * Each worker owns whole documents, so an edit and all its observations share one clock.
 * Times cross threads as epoch milliseconds (`performance.timeOrigin + performance.now()`).
 */
import type { ClientTarget } from './clients.js';

/** What a worker gets at start (its `workerData`). */
export interface WorkerInput {
  readonly target: ClientTarget;
  readonly documents: readonly string[];
  readonly clientsPerDoc: number;
  /** This worker's share of the aggregate rate. */
  readonly rate: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly chars: number;
}

/** Main → worker: begin typing at `atEpochMs`. */
export interface StartMessage {
  readonly type: 'start';
  readonly atEpochMs: number;
}

/** Worker → main. */
export type WorkerMessage =
  | { readonly type: 'ready' }
  | {
      readonly type: 'done';
      readonly editsTotal: number;
      readonly editsInWindow: number;
      readonly skipped: number;
      /** Fan-out latencies (ms) of the edits made in the window. */
      readonly latencies: Float64Array;
      readonly missingDeliveries: number;
      readonly divergent: string[];
      readonly contents: string[];
      readonly closes: Record<string, number>;
      readonly loopDelayP99Ms: number;
      readonly loopDelayMaxMs: number;
    }
  | { readonly type: 'failed'; readonly message: string };

/** Epoch milliseconds with sub-millisecond precision, comparable across threads. */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}
