/**
 * A generator worker: opens its share of the load clients, seeds their rooms, waits for the
 * start time, types at its share of the rate, then drains, checks convergence and reports.
 * Running the clients in workers lets the generator use more than one core, so that its own
 * event-loop backlog adds less to the latency it measures (see README, "Caveats").
 */
import {
  drainRooms,
  reportFailure,
  typeFromStart,
  workerChannel,
} from '../shared/generator-worker.js';
import { closeClient, openClients, unexpectedCloses, waitUntil } from './clients.js';
import type { LoadDone, WorkerInput } from './load-protocol.js';
import { loopDelayMs } from './probe-protocol.js';
import { RoomTracker } from './room-tracker.js';
import { Samples } from './stats.js';

// Every WebsocketProvider adds a process 'exit' listener; a worker holds hundreds of them.
process.setMaxListeners(0);

const channel = workerChannel<WorkerInput, LoadDone>('load-worker.ts');
const { input, post } = channel;

async function run(): Promise<void> {
  const byDocument = await openClients(input.target, input.documents, input.clientsPerDoc);
  try {
    const latencies = new Samples();
    const rooms = byDocument.map((clients) => new RoomTracker(clients, latencies, input.chars));
    for (const room of rooms) room.seed();
    await waitUntil(() => rooms.every((r) => r.isSeeded()), 'every client to see the seed', 30_000);

    const { outcome, delay } = await typeFromStart(channel, rooms, input);
    const drainFailure = await drainRooms(rooms, 'client');
    const expected = rooms.reduce((sum, r) => sum + r.edits * (r.clients.length - 1), 0);
    const observed = rooms.reduce((sum, r) => sum + r.observations, 0);
    const divergent = rooms.map((r) => r.divergence()).filter((d): d is string => d !== null);
    if (drainFailure !== null) divergent.push(drainFailure);
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
reportFailure(channel, run);
