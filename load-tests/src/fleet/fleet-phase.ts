/**
 * The fleet load phase, main-thread side: generator workers (fleet-worker.ts) that each own whole
 * documents, started together; this thread takes the CPU snapshots of every node, PostgreSQL and
 * redis-server at the window's edges, reads the nodes' event-loop delay through the probe, and
 * merges what the workers report.
 */
import type { ClientTarget } from '../collab/clients.js';
import type { ServerProcess } from '../collab/servers.js';
import { Samples, type LatencySummary } from '../collab/stats.js';
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
import { fleetCpuWindow, snapshotFleetCpu, type FleetCpuWindow } from './fleet-cpu.js';
import type { FleetDone, FleetWorkerInput } from './fleet-protocol.js';
import type { RedisConnection } from './redis.js';
/** A window with every client connected and no edits: the nodes' fixed cost, apart from edits. */
const QUIET_MS = 2000;

export interface FleetLoadSettings extends TypingPlan {
  readonly documents: readonly string[];
  readonly readerNodes: readonly number[];
  readonly workers: number;
  /** The benchmark database, whose PostgreSQL backends are accounted for. */
  readonly database: string;
}

/** Where the phase reads Redis figures: INFO over `connection`, CPU of `pid` from /proc. */
export interface RedisProbe {
  readonly connection: RedisConnection;
  readonly pid: number | null;
}

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
  readonly serverLoopDelay: LoopDelay[];
  /** The worst of the generator workers' event-loop delays over the window. */
  readonly generatorLoopDelay: LoopDelay;
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
  const { workers } = spawnWorkers(
    new URL('fleet-worker.js', import.meta.url),
    settings.documents,
    settings.workers,
    (documents): FleetWorkerInput => ({
      targets,
      documents,
      readerNodes: settings.readerNodes,
      rate: (settings.rate * documents.length) / settings.documents.length,
      warmupMs: settings.warmupMs,
      durationMs: settings.durationMs,
      chars: settings.chars,
    }),
  );
  const pids = nodes.map((node) => node.pid);
  try {
    await allReady(workers);
    const quietStart = snapshotFleetCpu(pids, settings.database, redis.pid);
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
    const quietCpu = fleetCpuWindow(
      quietStart,
      snapshotFleetCpu(pids, settings.database, redis.pid),
    );
    const { atEpochMs, done } = startTyping<FleetDone>(workers, settings);

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
  reports: FleetDone[],
  nodeCount: number,
  measured: Pick<FleetLoadResult, 'cpu' | 'quietCpu' | 'redisCommands' | 'serverLoopDelay'>,
): FleetLoadResult {
  const byNode = Array.from({ length: nodeCount }, () => new Samples());
  for (const report of reports) {
    report.latenciesByNode.forEach((values, node) => byNode[node]!.addAll(values));
  }
  const union = (nodes: Samples[]) => {
    const merged = new Samples();
    for (const samples of nodes) merged.addAll(samples.toArray());
    return merged.summarize();
  };
  const others = byNode.slice(1);
  return {
    ...measured,
    ...sumOutcomes(reports),
    latency: {
      sameNode: byNode[0]!.summarize(),
      crossNode: others.some((s) => s.count > 0) ? union(others) : null,
      all: union(byNode),
      byNode: byNode.map((s) => s.summarize()),
    },
    ...mergeChecks(reports),
  };
}
