/**
 * A fleet generator worker: opens its documents' writers (on node 0) and readers (on the nodes the
 * placement names), seeds the rooms, waits for the start time, types at its share of the rate with
 * the collab benchmark's pacer (`runLoad`), then drains, checks convergence and reports.
 */
import {
  closeClient,
  openClients,
  unexpectedCloses,
  waitUntil,
  type BenchClient,
} from '../collab/clients.js';
import { loopDelayMs } from '../collab/probe-protocol.js';
import { Samples } from '../collab/stats.js';
import {
  drainRooms,
  reportFailure,
  typeFromStart,
  workerChannel,
} from '../shared/generator-worker.js';
import { FleetRoom, type PlacedReader } from './fleet-room.js';
import type { FleetDone, FleetWorkerInput } from './fleet-protocol.js';

const SEED_TIMEOUT_MS = 30_000;

// Every WebsocketProvider adds a process 'exit' listener; a worker holds a hundred or more.
process.setMaxListeners(0);

const channel = workerChannel<FleetWorkerInput, FleetDone>('fleet-worker.ts');
const { input, post } = channel;

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

    const { outcome, delay } = await typeFromStart(channel, rooms, input);
    const drainFailure = await drainRooms(rooms, 'reader');
    const expected = rooms.reduce((sum, r) => sum + r.edits * r.readers.length, 0);
    const observed = rooms.reduce((sum, r) => sum + r.observations, 0);
    const divergent = rooms.map((r) => r.divergence()).filter((d): d is string => d !== null);
    if (drainFailure !== null) divergent.push(drainFailure);
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
reportFailure(channel, run);
