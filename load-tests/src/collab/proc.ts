/**
 * CPU accounting from /proc (Linux): per process (utime + stime), for PostgreSQL's processes,
 * and for the whole machine, so the report can say who used the two shared cores.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Kernel clock ticks per second (USER_HZ), the unit of /proc CPU times. */
const TICKS_PER_SECOND = readTicksPerSecond();

function readTicksPerSecond(): number {
  try {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(value) && value > 0 ? value : 100;
  } catch (_error) {
    // No getconf: 100 is USER_HZ on every mainstream Linux build.
    return 100;
  }
}

/** User and system CPU seconds of one process, or null when it no longer exists. */
export function processCpuTimes(pid: number): { user: number; system: number } | null {
  return statCpuTimes(`/proc/${pid}/stat`);
}

/**
 * User + system CPU seconds of a process's main thread — for Node, the event loop — or null when
 * it no longer exists. The process's own times also count every other thread: V8's helpers
 * (parallel and concurrent garbage collection, optimizing JIT compilation) and worker threads.
 */
export function mainThreadCpuSeconds(pid: number): number | null {
  const times = statCpuTimes(`/proc/${pid}/task/${pid}/stat`);
  return times === null ? null : times.user + times.system;
}

/** utime and stime of a /proc `stat` file (a process's or one thread's). */
function statCpuTimes(path: string): { user: number; system: number } | null {
  let stat: string;
  try {
    stat = readFileSync(path, 'utf8');
  } catch (_error) {
    // The process exited between listing and reading.
    return null;
  }
  // The command name (field 2) may contain spaces and parentheses: split after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 (utime, stime) are at 11 and 12 once pid and comm are cut off.
  return {
    user: Number(fields[11]) / TICKS_PER_SECOND,
    system: Number(fields[12]) / TICKS_PER_SECOND,
  };
}

/** User + system CPU seconds of one process, or null when it no longer exists. */
export function processCpuSeconds(pid: number): number | null {
  const times = processCpuTimes(pid);
  return times === null ? null : times.user + times.system;
}

/** Busy and total CPU seconds of the whole machine (all cores) since boot. */
export function machineCpuSeconds(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already inside user).
  const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return { busy: (total - idle) / TICKS_PER_SECOND, total: total / TICKS_PER_SECOND };
}

/** PostgreSQL processes by kind: backends of one database, and the server-wide helpers. */
export interface PostgresProcesses {
  readonly backends: number[];
  readonly background: number[];
}

/**
 * Finds PostgreSQL processes by their titles (`postgres: [cluster: ]user database host state`),
 * which need no connection. Backends match the database name as a whole word; helpers
 * (walwriter, checkpointer, …) are shared by every database on the server.
 */
export function postgresProcesses(database: string): PostgresProcesses {
  const backends: number[] = [];
  const background: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let title: string;
    try {
      title = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    } catch (_error) {
      // Gone, or not ours to read: either way not a process we can account for.
      continue;
    }
    if (!title.startsWith('postgres: ')) continue;
    if (title.split(' ').includes(database)) backends.push(Number(entry));
    else if (/ (walwriter|checkpointer|background writer|autovacuum|logical)/.test(title)) {
      background.push(Number(entry));
    }
  }
  return { backends, background };
}

/** CPU seconds of a set of processes at one moment, by pid. */
export function cpuByPid(pids: readonly number[]): Map<number, number> {
  const result = new Map<number, number>();
  for (const pid of pids) {
    const seconds = processCpuSeconds(pid);
    if (seconds !== null) result.set(pid, seconds);
  }
  return result;
}

/**
 * CPU used between two snapshots. A process that appeared in between counts from zero (all of
 * its CPU was spent in the window); one that exited in between is lost (the caller says so).
 */
export function cpuBetween(start: Map<number, number>, end: Map<number, number>): number {
  let sum = 0;
  for (const [pid, seconds] of end) sum += seconds - (start.get(pid) ?? 0);
  return sum;
}

/** Busy cores of the whole machine, averaged over the next `ms` milliseconds. */
export async function machineBusyCores(ms: number): Promise<number> {
  const start = machineCpuSeconds();
  const startedAt = performance.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const end = machineCpuSeconds();
  return (end.busy - start.busy) / ((performance.now() - startedAt) / 1000);
}
