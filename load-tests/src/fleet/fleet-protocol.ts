/**
 * Messages between the fleet load phase (main thread) and its generator workers (fleet-worker.ts),
 * on top of the ones every benchmark's workers share (../shared/worker-protocol.ts). Each worker
 * owns whole documents, the writer and every reader of each, so an edit and all its observations
 * are timed on one clock even when they went through different nodes.
 */
import type { ClientTarget } from '../collab/clients.js';
import type { DoneReport, GeneratorMessage, TypingPlan } from '../shared/worker-protocol.js';

/** What a worker gets at start (its `workerData`); its `rate` is its share of the aggregate. */
export interface FleetWorkerInput extends TypingPlan {
  /** Where clients connect, by node index; the writers all go to node 0. */
  readonly targets: readonly ClientTarget[];
  readonly documents: readonly string[];
  /** The node index of each reader of a document (the same for every document). */
  readonly readerNodes: readonly number[];
}

/** Worker → main: the final report. */
export interface FleetDone extends DoneReport {
  /** Fan-out latencies (ms) of the window's edits, by the receiving reader's node index. */
  readonly latenciesByNode: Float64Array[];
}

/** Worker → main. */
export type FleetWorkerMessage = GeneratorMessage<FleetDone>;
