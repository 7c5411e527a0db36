/**
 * The load phase, main-thread side: N documents × M typing clients, run by generator workers
 * (load-worker.ts) that each own whole documents. This thread only starts them, takes the CPU
 * snapshots at the window's edges, and merges what they report. Also the reload check: a fresh
 * Folio process must serve exactly what the clients converged on.
 */
import { Worker } from 'node:worker_threads';
import { closeClient, openClients, type ClientTarget } from './clients.js';
import { cpuWindow, snapshotCpu, type CpuSnapshot, type CpuWindow } from './cpu-window.js';
import type { LoadOutcome } from './load.js';
import { epochMs, type WorkerInput, type WorkerMessage } from './load-protocol.js';
import type { ServerProcess } from './servers.js';
import { Samples, type LatencySummary } from './stats.js';

/** Time the workers get between "all ready" and the first edit, so they all start together. */
const START_DELAY_MS = 250;
/** Connecting and seeding; and, after the window, the workers' drain (30 s) and report. */
const WORKER_SETUP_TIMEOUT_MS = 120_000;
const WORKER_DRAIN_TIMEOUT_MS = 60_000;

export interface LoadSettings {
  readonly documents: readonly string[];
  readonly clientsPerDoc: number;
  readonly rate: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly chars: number;
  readonly workers: number;
  /** The Folio database whose PostgreSQL backends are accounted for; null for the baseline. */
  readonly database: string | null;
}

type Done = Extract<WorkerMessage, { type: 'done' }>;

export interface LoadResult extends LoadOutcome {
  readonly latency: LatencySummary;
  readonly cpu: CpuWindow;
  readonly serverLoopDelay: { readonly p99Ms: number; readonly maxMs: number };
  /** The worst of the generator workers' event-loop delays over the window. */
  readonly generatorLoopDelay: { readonly p99Ms: number; readonly maxMs: number };
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
  const count = Math.min(settings.workers, settings.documents.length);
  const shares = Array.from({ length: count }, (_, w) =>
    settings.documents.filter((_, i) => i % count === w),
  );
  const workers = shares.map(
    (documents) =>
      new Worker(new URL('load-worker.js', import.meta.url), {
        workerData: {
          target,
          documents,
          clientsPerDoc: settings.clientsPerDoc,
          rate: (settings.rate * documents.length) / settings.documents.length,
          warmupMs: settings.warmupMs,
          durationMs: settings.durationMs,
          chars: settings.chars,
        } satisfies WorkerInput,
      }),
  );
  try {
    await Promise.all(workers.map((worker) => next(worker, 'ready', WORKER_SETUP_TIMEOUT_MS)));
    // Listening for 'done' from now on: a worker may finish its drain before the window's last
    // snapshot is taken. A failure surfaces at the `await` below, not as an unhandled rejection.
    const doneWithin =
      START_DELAY_MS + settings.warmupMs + settings.durationMs + WORKER_DRAIN_TIMEOUT_MS;
    const done = Promise.all(workers.map((worker) => next(worker, 'done', doneWithin)));
    done.catch(() => undefined);
    const atEpochMs = epochMs() + START_DELAY_MS;
    for (const worker of workers) worker.postMessage({ type: 'start', atEpochMs });

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
  reports: Done[],
  shares: string[][],
  settings: LoadSettings,
  measured: Pick<LoadResult, 'cpu' | 'serverLoopDelay'>,
): LoadResult {
  const latencies = new Samples();
  const closes: Record<string, number> = {};
  const contentOf = new Map<string, string>();
  reports.forEach((report, w) => {
    latencies.addAll(report.latencies);
    for (const [code, n] of Object.entries(report.closes)) closes[code] = (closes[code] ?? 0) + n;
    shares[w]!.forEach((document, i) => contentOf.set(document, report.contents[i] ?? ''));
  });
  const sum = (get: (r: Done) => number) => reports.reduce((total, r) => total + get(r), 0);
  return {
    ...measured,
    editsTotal: sum((r) => r.editsTotal),
    editsInWindow: sum((r) => r.editsInWindow),
    skipped: sum((r) => r.skipped),
    latency: latencies.summarize(),
    generatorLoopDelay: {
      p99Ms: Math.max(...reports.map((r) => r.loopDelayP99Ms)),
      maxMs: Math.max(...reports.map((r) => r.loopDelayMaxMs)),
    },
    generatorWorkers: reports.length,
    missingDeliveries: sum((r) => r.missingDeliveries),
    divergent: reports.flatMap((r) => r.divergent),
    closes,
    contents: settings.documents.map((document) => contentOf.get(document) ?? ''),
  };
}

/** The worker's next message, which must be of `type`; rejects if it fails, exits or stalls. */
function next<T extends 'ready' | 'done'>(
  worker: Worker,
  type: T,
  timeoutMs: number,
): Promise<Extract<WorkerMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const finish = (error: Error | null, message?: WorkerMessage) => {
      clearTimeout(timer);
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      if (error) reject(error);
      else resolve(message as Extract<WorkerMessage, { type: T }>);
    };
    const onMessage = (message: WorkerMessage) => {
      if (message.type === type) finish(null, message);
      else if (message.type === 'failed') finish(new Error(`generator worker: ${message.message}`));
      else finish(new Error(`expected '${type}' from a generator worker, got '${message.type}'`));
    };
    const onError = (error: Error) => finish(error);
    const onExit = (code: number) => finish(new Error(`generator worker exited with ${code}`));
    const timer = setTimeout(
      () => finish(new Error(`no '${type}' from a generator worker in ${timeoutMs} ms`)),
      timeoutMs,
    );
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
  });
}

function sleepUntil(atEpochMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, atEpochMs - epochMs())));
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
