/**
 * The generator worker's side of a load phase, shared by the benchmarks' workers: the typed
 * channel to the main thread, the start handshake and the typing, the drain, and reporting a
 * failure.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { waitUntil } from '../collab/clients.js';
import { runLoad, type LoadOutcome, type LoadPlan, type TypingRoom } from '../collab/load.js';
import { LOOP_DELAY_RESOLUTION_MS } from '../collab/probe-protocol.js';
import {
  epochMs,
  type DoneReport,
  type GeneratorMessage,
  type StartMessage,
} from './worker-protocol.js';

const DRAIN_TIMEOUT_MS = 30_000;

export interface WorkerChannel<Input, Done extends DoneReport> {
  readonly port: MessagePort;
  /** This worker's `workerData`. */
  readonly input: Input;
  post(message: GeneratorMessage<Done>, transfer?: ArrayBuffer[]): void;
}

/** The channel of the generator worker `file`; throws when it is not run as a worker thread. */
export function workerChannel<Input, Done extends DoneReport>(
  file: string,
): WorkerChannel<Input, Done> {
  if (!parentPort) throw new Error(`${file} runs as a worker thread`);
  const port = parentPort;
  return {
    port,
    input: workerData as Input,
    post: (message, transfer = []) => port.postMessage(message, transfer),
  };
}

/**
 * Reports 'ready', waits for the start message, then types `plan` into `rooms` from the start
 * time. Returns the pacer's outcome and this thread's event-loop delay over the measured window.
 */
export async function typeFromStart<Done extends DoneReport>(
  channel: WorkerChannel<unknown, Done>,
  rooms: readonly TypingRoom[],
  plan: LoadPlan,
): Promise<{ outcome: LoadOutcome; delay: IntervalHistogram }> {
  const start = new Promise<StartMessage>((resolve) => channel.port.once('message', resolve));
  channel.post({ type: 'ready' });
  const { atEpochMs } = await start;
  const delay = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
  const startAt = performance.now() + (atEpochMs - epochMs());
  // The delay histogram covers the measured window only.
  setTimeout(() => delay.enable(), Math.max(0, atEpochMs + plan.warmupMs - epochMs()));
  const outcome = await runLoad(rooms, plan, startAt);
  delay.disable();
  return { outcome, delay };
}

/**
 * Waits up to DRAIN_TIMEOUT_MS for every edit to reach every `receiver` (a client, a reader);
 * the divergence line to report when it did not, else null.
 */
export async function drainRooms(
  rooms: readonly { isQuiescent(): boolean }[],
  receiver: string,
): Promise<string | null> {
  const drained = await waitUntil(
    () => rooms.every((r) => r.isQuiescent()),
    `every edit to reach every ${receiver}`,
    DRAIN_TIMEOUT_MS,
  ).then(
    () => true,
    () => false,
  );
  return drained ? null : `not every edit reached every ${receiver} within ${DRAIN_TIMEOUT_MS} ms`;
}

/** Runs the worker's body; a failure goes to the main thread, which then terminates the worker. */
export function reportFailure<Done extends DoneReport>(
  channel: WorkerChannel<unknown, Done>,
  run: () => Promise<void>,
): void {
  run().catch((error: unknown) => {
    channel.post({
      type: 'failed',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  });
}
