/** The derived figures (per edit, per connection, in cores) that the table, JSON and targets share. */
import type { ServerResult } from './run-servers.js';

const KiB = 1024;

export interface Figures {
  readonly achievedRate: number;
  readonly serverPerEditUs: number;
  readonly serverSystemPerEditUs: number;
  /** Of serverPerEditUs, the main thread's; the rest is GC, JIT and worker threads. */
  readonly serverMainThreadPerEditUs: number;
  /** Folio only: CPU of the PostgreSQL backends serving its database, per edit. */
  readonly pgPerEditUs: number | null;
  /** Server process plus PostgreSQL backends (the baseline has no database). */
  readonly totalPerEditUs: number;
  readonly serverCores: number;
  readonly pgCores: number | null;
  readonly generatorCores: number;
  readonly machineCores: number;
  /** Busy cores not accounted to the server, PostgreSQL or the generator: other users' work. */
  readonly otherCores: number;
  readonly idleRssKiB: number | null;
  readonly idleHeapKiB: number | null;
  readonly idleExternalKiB: number | null;
  /** Heap the idle connections held: given back when they closed (idle-phase.ts). */
  readonly idleHeldHeapKiB: number | null;
  /** Of idleHeapKiB, machine code the JIT compiled while the connections opened (not held by them). */
  readonly idleCodeKiB: number | null;
  /** idleHeapKiB without that code: the objects themselves. */
  readonly idleDataHeapKiB: number | null;
}

/** Derives the figures of one server's result. */
export function figuresOf(result: ServerResult): Figures {
  const { load, idle } = result;
  const { cpu } = load;
  const edits = load.editsInWindow;
  const pg = cpu.postgres;
  const serverPerEditUs = (cpu.serverSeconds * 1e6) / edits;
  const pgPerEditUs = pg ? (pg.backendSeconds * 1e6) / edits : null;
  const accounted =
    cpu.serverSeconds + cpu.generatorSeconds + (pg ? pg.backendSeconds + pg.backgroundSeconds : 0);
  return {
    achievedRate: edits / cpu.wallSeconds,
    serverPerEditUs,
    serverSystemPerEditUs: (cpu.serverSystemSeconds * 1e6) / edits,
    serverMainThreadPerEditUs: (cpu.serverMainThreadSeconds * 1e6) / edits,
    pgPerEditUs,
    totalPerEditUs: serverPerEditUs + (pgPerEditUs ?? 0),
    serverCores: cpu.serverSeconds / cpu.wallSeconds,
    pgCores: pg ? pg.backendSeconds / cpu.wallSeconds : null,
    generatorCores: cpu.generatorSeconds / cpu.wallSeconds,
    machineCores: cpu.machineBusySeconds / cpu.wallSeconds,
    otherCores: (cpu.machineBusySeconds - accounted) / cpu.wallSeconds,
    idleRssKiB: idle ? idle.perConnection.rssBytes / KiB : null,
    idleHeapKiB: idle ? idle.perConnection.heapUsedBytes / KiB : null,
    idleExternalKiB: idle ? idle.perConnection.externalBytes / KiB : null,
    idleHeldHeapKiB: idle ? idle.heldPerConnection.heapUsedBytes / KiB : null,
    idleCodeKiB: idle ? idle.perConnection.codeBytes / KiB : null,
    idleDataHeapKiB: idle
      ? (idle.perConnection.heapUsedBytes - idle.perConnection.codeBytes) / KiB
      : null,
  };
}
