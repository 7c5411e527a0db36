/**
 * Messages between the fleet load phase (main thread) and its generator workers (fleet-worker.ts).
 * Each worker owns whole documents, the writer and every reader of each, so an edit and all its
 * observations are timed on one clock even when they went through different nodes. The start
 * message is the collab benchmark's (`StartMessage`, epoch milliseconds).
 */
import type { ClientTarget } from '../collab/clients.js';

/** What a worker gets at start (its `workerData`). */
export interface FleetWorkerInput {
  /** Where clients connect, by node index; the writers all go to node 0. */
  readonly targets: readonly ClientTarget[];
  readonly documents: readonly string[];
  /** The node index of each reader of a document (the same for every document). */
  readonly readerNodes: readonly number[];
  /** This worker's share of the aggregate rate. */
  readonly rate: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly chars: number;
}

/** Worker → main. */
export type FleetWorkerMessage =
  | { readonly type: 'ready' }
  | {
      readonly type: 'done';
      readonly editsTotal: number;
      readonly editsInWindow: number;
      readonly skipped: number;
      /** Fan-out latencies (ms) of the window's edits, by the receiving reader's node index. */
      readonly latenciesByNode: Float64Array[];
      readonly missingDeliveries: number;
      readonly divergent: string[];
      readonly closes: Record<string, number>;
      readonly loopDelayP99Ms: number;
      readonly loopDelayMaxMs: number;
    }
  | { readonly type: 'failed'; readonly message: string };
