/**
 * CPU over the measured window for a fleet: the collab benchmark's snapshot (node 0, PostgreSQL
 * backends of the benchmark database, this generator, the machine) plus the other nodes and
 * redis-server, all read from /proc back to back, so they add up against the same wall time.
 */
import { cpuWindow, snapshotCpu, type CpuSnapshot, type CpuWindow } from '../collab/cpu-window.js';
import { processCpuTimes } from '../collab/proc.js';

type Times = { user: number; system: number };

export interface FleetCpuSnapshot {
  readonly base: CpuSnapshot;
  /** Every node, node 0 included (it is also `base.server`). */
  readonly nodes: Times[];
  readonly redis: Times | null;
}

export interface FleetCpuWindow {
  /** Node 0's window, PostgreSQL, the generator and the machine (collab's figures). */
  readonly base: CpuWindow;
  /** utime + stime of each node over the window, by node index. */
  readonly nodeSeconds: number[];
  /** The kernel's part of each. */
  readonly nodeSystemSeconds: number[];
  /** redis-server's utime + stime, whoever it served (null: its /proc entry is not readable). */
  readonly redisSeconds: number | null;
}

function times(pid: number, what: string): Times {
  const read = processCpuTimes(pid);
  if (read === null) throw new Error(`${what} (pid ${pid}) is gone`);
  return read;
}

/** Reads every counter now. */
export function snapshotFleetCpu(
  nodePids: readonly number[],
  database: string,
  redisPid: number | null,
): FleetCpuSnapshot {
  const base = snapshotCpu(nodePids[0]!, database);
  return {
    base,
    nodes: nodePids.map((pid, i) => (i === 0 ? base.server : times(pid, `node ${i + 1}`))),
    redis: redisPid === null ? null : processCpuTimes(redisPid),
  };
}

/** The difference of two snapshots. */
export function fleetCpuWindow(start: FleetCpuSnapshot, end: FleetCpuSnapshot): FleetCpuWindow {
  const total = (t: Times) => t.user + t.system;
  return {
    base: cpuWindow(start.base, end.base),
    nodeSeconds: end.nodes.map((t, i) => total(t) - total(start.nodes[i]!)),
    nodeSystemSeconds: end.nodes.map((t, i) => t.system - start.nodes[i]!.system),
    redisSeconds: start.redis && end.redis ? total(end.redis) - total(start.redis) : null,
  };
}
