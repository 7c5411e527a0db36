/**
 * The fleet load phase, main-thread side: generator workers (fleet-worker.ts) that each own whole
 * documents, started together; this thread takes the CPU snapshots of every node, PostgreSQL and
 * redis-server at the window's edges, reads the nodes' event-loop delay through the probe, and
 * merges what the workers report.
 */
import { Worker } from 'node:worker_threads';
import type { ClientTarget } from '../collab/clients.js';
import { epochMs, type StartMessage } from '../collab/load-protocol.js';
import type { ServerProcess } from '../collab/servers.js';
import { Samples, type LatencySummary } from '../collab/stats.js';
import { fleetCpuWindow, snapshotFleetCpu, type FleetCpuWindow } from './fleet-cpu.js';
import type { FleetWorkerInput, FleetWorkerMessage } from './fleet-protocol.js';
import type { RedisConnection } from './redis.js';

/** Time the workers get between "all ready" and the first edit, so they all start together. */
const START_DELAY_MS = 250;
/** Connecting and seeding; and, after the window, the workers' drain (30 s) and report. */
const WORKER_SETUP_TIMEOUT_MS = 120_000;
const WORKER_DRAIN_TIMEOUT_MS = 60_000;
/** A window with every client connected and no edits: the nodes' fixed cost, apart from edits. */
const QUIET_MS = 2000;

export interface FleetLoadSettings {
  readonly documents: readonly string[];
  readonly readerNodes: readonly number[];
  readonly rate: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly chars: number;
  readonly workers: number;
  /** The benchmark database, whose PostgreSQL backends are accounted for. */
  readonly database: string;
}

/** Where the phase reads Redis figures: INFO over `connection`, CPU of `pid` from /proc. */
export interface RedisProbe {
  readonly connection: RedisConnection;
  readonly pid: number | null;
}

type Done = Extract<FleetWorkerMessage, { type: 'done' }>;
type Delay = { readonly p99Ms: number; readonly maxMs: number };

export interface FleetLoadResult {
  readonly editsTotal: number;
  readonly editsInWindow: number;
  readonly skipped: number;
  readonly latency: {
    /** Readers on the writer's node (node 1). */
    readonly sameNode: LatencySummary;
    /** Readers on the other nodes; null when there are none (single node). */
    readonly crossNode: LatencySummary | null;
    readonly all: LatencySummary;
    /** By the receiving reader's node index. */
    readonly byNode: LatencySummary[];
  };
  readonly cpu: FleetCpuWindow;
  /** The same accounting over QUIET_MS just before the load, clients connected, nobody typing. */
  readonly quietCpu: FleetCpuWindow;
  /** Redis `total_commands_processed` over the window: server-wide, others' commands included. */
  readonly redisCommands: number | null;
  /** Each node's own event-loop delay over the window (probe), by node index. */
  readonly serverLoopDelay: Delay[];
  /** The worst of the generator workers' event-loop delays over the window. */
  readonly generatorLoopDelay: Delay;
  readonly generatorWorkers: number;
  /** Deliveries (edit × reader) never observed. */
  readonly missingDeliveries: number;
  readonly divergent: string[];
  readonly closes: Record<string, number>;
}

async function redisCommandCount(redis: RedisProbe): Promise<number> {
  return Number((await redis.connection.info('stats')).get('total_commands_processed'));
}

/** Starts the workers, runs the window, merges their reports; every worker is gone afterwards. */
export async function fleetLoadPhase(
  nodes: readonly ServerProcess[],
  targets: readonly ClientTarget[],
  settings: FleetLoadSettings,
  redis: RedisProbe,
): Promise<FleetLoadResult> {
  const count = Math.min(settings.workers, settings.documents.length);
  const shares = Array.from({ length: count }, (_, w) =>
    settings.documents.filter((_, i) => i % count === w),
  );
  const workers = shares.map(
    (documents) =>
      new Worker(new URL('fleet-worker.js', import.meta.url), {
        workerData: {
          targets,
          documents,
          readerNodes: settings.readerNodes,
          rate: (settings.rate * documents.length) / settings.documents.length,
          warmupMs: settings.warmupMs,
          durationMs: settings.durationMs,
          chars: settings.chars,
        } satisfies FleetWorkerInput,
      }),
  );
  const pids = nodes.map((node) => node.pid);
  try {
    await Promise.all(workers.map((worker) => next(worker, 'ready', WORKER_SETUP_TIMEOUT_MS)));
    const quietStart = snapshotFleetCpu(pids, settings.database, redis.pid);
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
    const quietCpu = fleetCpuWindow(
      quietStart,
      snapshotFleetCpu(pids, settings.database, redis.pid),
    );
    // Listening for 'done' from now on: a worker may finish its drain before the window's last
    // snapshot is taken. A failure surfaces at the `await` below, not as an unhandled rejection.
    const doneWithin =
      START_DELAY_MS + settings.warmupMs + settings.durationMs + WORKER_DRAIN_TIMEOUT_MS;
    const done = Promise.all(workers.map((worker) => next(worker, 'done', doneWithin)));
    done.catch(() => undefined);
    const atEpochMs = epochMs() + START_DELAY_MS;
    for (const worker of workers) {
      worker.postMessage({ type: 'start', atEpochMs } satisfies StartMessage);
    }

    const windowStart = atEpochMs + settings.warmupMs;
    await sleepUntil(windowStart);
    const start = snapshotFleetCpu(pids, settings.database, redis.pid);
    const commandsBefore = await redisCommandCount(redis);
    await Promise.all(nodes.map((node) => node.sample({ resetDelay: true })));
    await sleepUntil(windowStart + settings.durationMs);
    const cpu = fleetCpuWindow(start, snapshotFleetCpu(pids, settings.database, redis.pid));
    const commandsAfter = await redisCommandCount(redis);
    const samples = await Promise.all(nodes.map((node) => node.sample()));

    return merge(await done, nodes.length, {
      cpu,
      quietCpu,
      redisCommands: commandsAfter - commandsBefore,
      serverLoopDelay: samples.map((s) => ({ p99Ms: s.loopDelayP99Ms, maxMs: s.loopDelayMaxMs })),
    });
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

function merge(
  reports: Done[],
  nodeCount: number,
  measured: Pick<FleetLoadResult, 'cpu' | 'quietCpu' | 'redisCommands' | 'serverLoopDelay'>,
): FleetLoadResult {
  const byNode = Array.from({ length: nodeCount }, () => new Samples());
  const closes: Record<string, number> = {};
  for (const report of reports) {
    report.latenciesByNode.forEach((values, node) => byNode[node]!.addAll(values));
    for (const [code, n] of Object.entries(report.closes)) closes[code] = (closes[code] ?? 0) + n;
  }
  const union = (nodes: Samples[]) => {
    const merged = new Samples();
    for (const samples of nodes) merged.addAll(samples.toArray());
    return merged.summarize();
  };
  const others = byNode.slice(1);
  const sum = (get: (r: Done) => number) => reports.reduce((total, r) => total + get(r), 0);
  return {
    ...measured,
    editsTotal: sum((r) => r.editsTotal),
    editsInWindow: sum((r) => r.editsInWindow),
    skipped: sum((r) => r.skipped),
    latency: {
      sameNode: byNode[0]!.summarize(),
      crossNode: others.some((s) => s.count > 0) ? union(others) : null,
      all: union(byNode),
      byNode: byNode.map((s) => s.summarize()),
    },
    generatorLoopDelay: {
      p99Ms: Math.max(...reports.map((r) => r.loopDelayP99Ms)),
      maxMs: Math.max(...reports.map((r) => r.loopDelayMaxMs)),
    },
    generatorWorkers: reports.length,
    missingDeliveries: sum((r) => r.missingDeliveries),
    divergent: reports.flatMap((r) => r.divergent),
    closes,
  };
}

/** The worker's next message, which must be of `type`; rejects if it fails, exits or stalls. */
function next<T extends 'ready' | 'done'>(
  worker: Worker,
  type: T,
  timeoutMs: number,
): Promise<Extract<FleetWorkerMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const finish = (error: Error | null, message?: FleetWorkerMessage) => {
      clearTimeout(timer);
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      if (error) reject(error);
      else resolve(message as Extract<FleetWorkerMessage, { type: T }>);
    };
    const onMessage = (message: FleetWorkerMessage) => {
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
