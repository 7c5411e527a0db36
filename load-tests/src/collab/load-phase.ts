/**
 * The load phase, main-thread side: N documents × M typing clients, run by generator workers
 * (load-worker.ts) that each own whole documents. This thread only starts them, takes the CPU
 * snapshots at the window's edges, and merges what they report. Also the reload check: a fresh
 * Folio process must serve exactly what the clients converged on.
 */
import {
  allReady,
  mergeChecks,
  sleepUntil,
  spawnWorkers,
  startTyping,
  sumOutcomes,
  type LoopDelay,
} from '../shared/generator-phase.js';
import type { TypingPlan } from '../shared/worker-protocol.js';
import { closeClient, openClients, type ClientTarget } from './clients.js';
import { cpuWindow, snapshotCpu, type CpuSnapshot, type CpuWindow } from './cpu-window.js';
import type { LoadOutcome } from './load.js';
import type { LoadDone, WorkerInput } from './load-protocol.js';
import type { ServerProcess } from './servers.js';
import { Samples, type LatencySummary } from './stats.js';

export interface LoadSettings extends TypingPlan {
  readonly documents: readonly string[];
  readonly clientsPerDoc: number;
  readonly workers: number;
  /** The Folio database whose PostgreSQL backends are accounted for; null for the baseline. */
  readonly database: string | null;
}

export interface LoadResult extends LoadOutcome {
  readonly latency: LatencySummary;
  readonly cpu: CpuWindow;
  readonly serverLoopDelay: LoopDelay;
  /** The worst of the generator workers' event-loop delays over the window. */
  readonly generatorLoopDelay: LoopDelay;
  readonly generatorWorkers: number;
  /** Deliveries (edit × other client in the room) never observed. */
  readonly missingDeliveries: number;
  readonly divergent: string[];
  readonly closes: Record<string, number>;
  /** The converged body of each document, in `documents` order (not written to the JSON). */
  readonly contents: string[];
}

/** Starts the workers, runs the window, merges their reports; every worker is gone afterwards. */
export async function loadPhase(
  server: ServerProcess,
  target: ClientTarget,
  settings: LoadSettings,
): Promise<LoadResult> {
  const { workers, shares } = spawnWorkers(
    new URL('load-worker.js', import.meta.url),
    settings.documents,
    settings.workers,
    (documents): WorkerInput => ({
      target,
      documents,
      clientsPerDoc: settings.clientsPerDoc,
      rate: (settings.rate * documents.length) / settings.documents.length,
      warmupMs: settings.warmupMs,
      durationMs: settings.durationMs,
      chars: settings.chars,
    }),
  );
  try {
    await allReady(workers);
    const { atEpochMs, done } = startTyping<LoadDone>(workers, settings);

    const windowStart = atEpochMs + settings.warmupMs;
    await sleepUntil(windowStart);
    const start: CpuSnapshot = snapshotCpu(server.pid, settings.database);
    await server.sample({ resetDelay: true });
    await sleepUntil(windowStart + settings.durationMs);
    const cpu = cpuWindow(start, snapshotCpu(server.pid, settings.database));
    const sample = await server.sample();

    return merge(await done, shares, settings, {
      cpu,
      serverLoopDelay: { p99Ms: sample.loopDelayP99Ms, maxMs: sample.loopDelayMaxMs },
    });
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

function merge(
  reports: LoadDone[],
  shares: string[][],
  settings: LoadSettings,
  measured: Pick<LoadResult, 'cpu' | 'serverLoopDelay'>,
): LoadResult {
  const latencies = new Samples();
  const contentOf = new Map<string, string>();
  reports.forEach((report, w) => {
    latencies.addAll(report.latencies);
    shares[w]!.forEach((document, i) => contentOf.set(document, report.contents[i] ?? ''));
  });
  return {
    ...measured,
    ...sumOutcomes(reports),
    latency: latencies.summarize(),
    ...mergeChecks(reports),
    contents: settings.documents.map((document) => contentOf.get(document) ?? ''),
  };
}

/** Connects one fresh client per document and lists the documents whose body differs. */
export async function reloadPhase(
  target: ClientTarget,
  documents: readonly string[],
  expected: readonly string[],
): Promise<string[]> {
  const clients = (await openClients(target, documents, 1)).flat();
  try {
    return clients
      .map((client, i) =>
        client.doc.getXmlFragment('body').toJSON() === expected[i]
          ? null
          : `${client.document}: reloaded body differs from what the clients converged on`,
      )
      .filter((d): d is string => d !== null);
  } finally {
    for (const client of clients) closeClient(client);
  }
}
