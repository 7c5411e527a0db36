/**
 * CPU over the measured window, for everyone sharing the machine: the server child, PostgreSQL
 * (for Folio), this generator process and the machine as a whole. Every figure of one snapshot
 * is read from /proc at the same instant, so they add up against the same wall time.
 */
import {
  cpuBetween,
  cpuByPid,
  machineCpuSeconds,
  mainThreadCpuSeconds,
  postgresProcesses,
  processCpuTimes,
} from './proc.js';

export interface CpuSnapshot {
  readonly at: number;
  readonly server: { user: number; system: number; mainThread: number };
  readonly generator: number;
  readonly machine: { busy: number; total: number };
  readonly postgres: { backends: Map<number, number>; background: Map<number, number> } | null;
}

/** CPU seconds used in a window (and the wall seconds it lasted). */
export interface CpuWindow {
  readonly wallSeconds: number;
  readonly serverSeconds: number;
  /** The kernel's share of serverSeconds: syscalls (socket writes and reads), page faults. */
  readonly serverSystemSeconds: number;
  /**
   * The main thread's share of serverSeconds (the event loop: JavaScript and its syscalls). The
   * rest ran on other threads: V8's garbage collection and JIT compilation, worker threads.
   */
  readonly serverMainThreadSeconds: number;
  readonly generatorSeconds: number;
  readonly machineBusySeconds: number;
  /** Cores the machine has, from /proc/stat's own accounting over the window. */
  readonly machineCores: number;
  readonly postgres: {
    /** Backends connected to the benchmark's database: Folio's own queries and commits. */
    readonly backendSeconds: number;
    readonly backendCount: number;
    /** Backends alive at the start that were gone at the end (their CPU is not counted). */
    readonly backendsExited: number;
    /** walwriter, checkpointer, …: server-wide, so they include any other database's work. */
    readonly backgroundSeconds: number;
  } | null;
}

/** Reads every counter now; `database` names the Folio database whose backends count. */
export function snapshotCpu(serverPid: number, database: string | null): CpuSnapshot {
  const at = performance.now();
  const times = processCpuTimes(serverPid);
  const mainThread = mainThreadCpuSeconds(serverPid);
  if (times === null || mainThread === null) throw new Error(`server process ${serverPid} is gone`);
  const server = { ...times, mainThread };
  const own = process.cpuUsage();
  let postgres: CpuSnapshot['postgres'] = null;
  if (database !== null) {
    const found = postgresProcesses(database);
    postgres = { backends: cpuByPid(found.backends), background: cpuByPid(found.background) };
  }
  return {
    at,
    server,
    generator: (own.user + own.system) / 1e6,
    machine: machineCpuSeconds(),
    postgres,
  };
}

/** The difference of two snapshots. */
export function cpuWindow(start: CpuSnapshot, end: CpuSnapshot): CpuWindow {
  const wallSeconds = (end.at - start.at) / 1000;
  const machineTotal = end.machine.total - start.machine.total;
  let postgres: CpuWindow['postgres'] = null;
  if (start.postgres && end.postgres) {
    const exited = [...start.postgres.backends.keys()].filter(
      (pid) => !end.postgres!.backends.has(pid),
    );
    postgres = {
      backendSeconds: cpuBetween(start.postgres.backends, end.postgres.backends),
      backendCount: end.postgres.backends.size,
      backendsExited: exited.length,
      backgroundSeconds: cpuBetween(start.postgres.background, end.postgres.background),
    };
  }
  return {
    wallSeconds,
    serverSeconds: end.server.user + end.server.system - (start.server.user + start.server.system),
    serverSystemSeconds: end.server.system - start.server.system,
    serverMainThreadSeconds: end.server.mainThread - start.server.mainThread,
    generatorSeconds: end.generator - start.generator,
    machineBusySeconds: end.machine.busy - start.machine.busy,
    machineCores: wallSeconds > 0 ? machineTotal / wallSeconds : NaN,
    postgres,
  };
}
