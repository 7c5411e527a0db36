/**
 * A fleet generator worker: opens its documents' writers (on node 0) and readers (on the nodes the
 * placement names), seeds the rooms, waits for the start time, types at its share of the rate with
 * the collab benchmark's pacer (`runLoad`), then drains, checks convergence and reports.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import {
  closeClient,
  openClients,
  unexpectedCloses,
  waitUntil,
  type BenchClient,
} from '../collab/clients.js';
import { runLoad } from '../collab/load.js';
import { epochMs, type StartMessage } from '../collab/load-protocol.js';
import { LOOP_DELAY_RESOLUTION_MS, loopDelayMs } from '../collab/probe-protocol.js';
import { Samples } from '../collab/stats.js';
import { FleetRoom, type PlacedReader } from './fleet-room.js';
import type { FleetWorkerInput, FleetWorkerMessage } from './fleet-protocol.js';

const SEED_TIMEOUT_MS = 30_000;
const DRAIN_TIMEOUT_MS = 30_000;

// Every WebsocketProvider adds a process 'exit' listener; a worker holds a hundred or more.
process.setMaxListeners(0);

if (!parentPort) throw new Error('fleet-worker.ts runs as a worker thread');
const port = parentPort;
const input = workerData as FleetWorkerInput;
const post = (message: FleetWorkerMessage, transfer: ArrayBuffer[] = []) =>
  port.postMessage(message, transfer);

/** Opens every client: writers first, then each node's readers (in synced batches per node). */
async function openRooms(latenciesByNode: Samples[], opened: BenchClient[]): Promise<FleetRoom[]> {
  const writers = await openClients(input.targets[0]!, input.documents, 1);
  opened.push(...writers.flat());
  const readersByDocument: PlacedReader[][] = input.documents.map(() => []);
  for (let node = 0; node < input.targets.length; node++) {
    const count = input.readerNodes.filter((n) => n === node).length;
    if (count === 0) continue;
    const byDocument = await openClients(input.targets[node]!, input.documents, count);
    opened.push(...byDocument.flat());
    byDocument.forEach((clients, d) => {
      for (const client of clients) readersByDocument[d]!.push({ client, node });
    });
  }
  return input.documents.map(
    (_, d) => new FleetRoom(writers[d]![0]!, readersByDocument[d]!, latenciesByNode, input.chars),
  );
}

async function run(): Promise<void> {
  const opened: BenchClient[] = [];
  try {
    const latenciesByNode = input.targets.map(() => new Samples());
    const rooms = await openRooms(latenciesByNode, opened);
    for (const room of rooms) room.seed();
    await waitUntil(
      () => rooms.every((r) => r.isSeeded()),
      'every reader to see the seed',
      SEED_TIMEOUT_MS,
    );

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
      'every edit to reach every reader',
      DRAIN_TIMEOUT_MS,
    ).then(
      () => true,
      () => false,
    );
    const expected = rooms.reduce((sum, r) => sum + r.edits * r.readers.length, 0);
    const observed = rooms.reduce((sum, r) => sum + r.observations, 0);
    const divergent = rooms.map((r) => r.divergence()).filter((d): d is string => d !== null);
    if (!drained) {
      divergent.push(`not every edit reached every reader within ${DRAIN_TIMEOUT_MS} ms`);
    }
    const latencies = latenciesByNode.map((samples) => samples.toArray());
    post(
      {
        type: 'done',
        ...outcome,
        latenciesByNode: latencies,
        missingDeliveries: expected - observed,
        divergent,
        closes: Object.fromEntries(unexpectedCloses),
        loopDelayP99Ms: loopDelayMs(delay, 99),
        loopDelayMaxMs: loopDelayMs(delay, 100),
      },
      latencies.map((samples) => samples.buffer as ArrayBuffer),
    );
  } finally {
    for (const client of opened) closeClient(client);
  }
}

// The main thread terminates this worker once it has the report (or the failure).
run().catch((error: unknown) => {
  post({
    type: 'failed',
    message: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
});
