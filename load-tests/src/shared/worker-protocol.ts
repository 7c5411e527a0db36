/**
 * What every benchmark's load phase (main thread) and its generator workers exchange, whatever
 * else a benchmark's workers are given and report. Each worker owns whole documents, so an edit
 * and all its observations share one clock. Times cross threads as epoch milliseconds
 * (`performance.timeOrigin + performance.now()`).
 */
import type { LoadOutcome, LoadPlan } from '../collab/load.js';

/** The pacing and the edit size: of the whole phase, or (in `workerData`) one worker's share. */
export interface TypingPlan extends LoadPlan {
  /** Characters typed per edit. */
  readonly chars: number;
}

/** Main → worker: begin typing at `atEpochMs`. */
export interface StartMessage {
  readonly type: 'start';
  readonly atEpochMs: number;
}

/** The part of a worker's final report that every benchmark's workers send. */
export interface DoneReport extends LoadOutcome {
  readonly type: 'done';
  readonly missingDeliveries: number;
  readonly divergent: string[];
  readonly closes: Record<string, number>;
  readonly loopDelayP99Ms: number;
  readonly loopDelayMaxMs: number;
}

/** Worker → main: connected and seeded, the final report `Done`, or why the worker gave up. */
export type GeneratorMessage<Done extends DoneReport> =
  { readonly type: 'ready' } | Done | { readonly type: 'failed'; readonly message: string };

/** Epoch milliseconds with sub-millisecond precision, comparable across threads. */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}
