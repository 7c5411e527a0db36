/**
 * Messages between the load phase (main thread) and its generator workers (load-worker.ts), on
 * top of the ones every benchmark's workers share (../shared/worker-protocol.ts).
 */
import type { DoneReport, GeneratorMessage, TypingPlan } from '../shared/worker-protocol.js';
import type { ClientTarget } from './clients.js';

/** What a worker gets at start (its `workerData`); its `rate` is its share of the aggregate. */
export interface WorkerInput extends TypingPlan {
  readonly target: ClientTarget;
  readonly documents: readonly string[];
  readonly clientsPerDoc: number;
}

/** Worker → main: the final report. */
export interface LoadDone extends DoneReport {
  /** Fan-out latencies (ms) of the edits made in the window. */
  readonly latencies: Float64Array;
  readonly contents: string[];
}

/** Worker → main. */
export type WorkerMessage = GeneratorMessage<LoadDone>;
