/**
 * A generator worker: opens its share of the load clients, seeds their rooms, waits for the
 * start time, types at its share of the rate, then drains, checks convergence and reports.
 * Running the clients in workers lets the generator use more than one core, so that its own
 * event-loop backlog adds less to the latency it measures (see README, "Caveats").
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { closeClient, openClients, unexpectedCloses, waitUntil } from './clients.js';
import { runLoad } from './load.js';
import {
  epochMs,
  type StartMessage,
  type WorkerInput,
  type WorkerMessage,
} from './load-protocol.js';
import { LOOP_DELAY_RESOLUTION_MS, loopDelayMs } from './probe-protocol.js';
import { RoomTracker } from './room-tracker.js';
import { Samples } from './stats.js';

const DRAIN_TIMEOUT_MS = 30_000;

// Every WebsocketProvider adds a process 'exit' listener; a worker holds hundreds of them.
process.setMaxListeners(0);

if (!parentPort) throw new Error('load-worker.ts runs as a worker thread');
const port = parentPort;
const input = workerData as WorkerInput;
const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []) =>
  port.postMessage(message, transfer);

async function run(): Promise<void> {
  const byDocument = await openClients(input.target, input.documents, input.clientsPerDoc);
  try {
    const latencies = new Samples();
    const rooms = byDocument.map((clients) => new RoomTracker(clients, latencies, input.chars));
    for (const room of rooms) room.seed();
    await waitUntil(() => rooms.every((r) => r.isSeeded()), 'every client to see the seed', 30_000);

    const start = new Promise<StartMessage>((resolve) => port.once('message', resolve));
    post({ type: 'ready' });
    const { atEpochMs } = await start;
    const delay = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
    const startAt = performance.now() + (atEpochMs - epochMs());
    // The delay histogram covers the measured window only.
    setTimeout(() => delay.enable(), Math.max(0, atEpochMs + input.warmupMs - epochMs()));
    const outcome = await runLoad(rooms, input, startAt);
    delay.disable();

    const drained = await waitUntil(
      () => rooms.every((r) => r.isQuiescent()),
      'every edit to reach every client',
      DRAIN_TIMEOUT_MS,
    ).then(
      () => true,
      () => false,
    );
    const expected = rooms.reduce((sum, r) => sum + r.edits * (r.clients.length - 1), 0);
    const observed = rooms.reduce((sum, r) => sum + r.observations, 0);
    const divergent = rooms.map((r) => r.divergence()).filter((d): d is string => d !== null);
    if (!drained)
      divergent.push(`not every edit reached every client within ${DRAIN_TIMEOUT_MS} ms`);
    const samples = latencies.toArray();
    post(
      {
        type: 'done',
        ...outcome,
        latencies: samples,
        missingDeliveries: expected - observed,
        divergent,
        contents: rooms.map((r) => r.content()),
        closes: Object.fromEntries(unexpectedCloses),
        loopDelayP99Ms: loopDelayMs(delay, 99),
        loopDelayMaxMs: loopDelayMs(delay, 100),
      },
      [samples.buffer as ArrayBuffer],
    );
  } finally {
    for (const client of byDocument.flat()) closeClient(client);
  }
}

// The main thread terminates this worker once it has the report (or the failure).
run().catch((error: unknown) => {
  post({
    type: 'failed',
    message: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
});
