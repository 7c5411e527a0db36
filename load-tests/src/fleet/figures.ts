/** The derived figures (per edit, in cores) that the fleet table, JSON and targets share. */
import type { ModeResult } from './run-mode.js';

export interface FleetFigures {
  readonly achievedRate: number;
  /** All nodes' CPU ÷ edits: what the issue's "total server CPU per edit" is. */
  readonly serverPerEditUs: number;
  readonly serverSystemPerEditUs: number;
  /** By node index. */
  readonly nodePerEditUs: number[];
  readonly serverCores: number;
  /** All nodes with every client connected and nobody typing (the phase's quiet window). */
  readonly quietServerCores: number;
  /** PostgreSQL backends connected to the benchmark database. */
  readonly pgPerEditUs: number | null;
  /** redis-server, whoever it served (shared with anything else using that Redis). */
  readonly redisPerEditUs: number | null;
  readonly redisCores: number | null;
  readonly redisCommandsPerEdit: number | null;
  readonly generatorCores: number;
  readonly machineCores: number;
  /** Busy cores not accounted to nodes, PostgreSQL, Redis or the generator: others' work. */
  readonly otherCores: number;
}

/** Derives the figures of one mode's result. */
export function figuresOf(result: ModeResult): FleetFigures {
  const { load } = result;
  const { cpu } = load;
  const edits = load.editsInWindow;
  const wall = cpu.base.wallSeconds;
  const perEdit = (seconds: number) => (seconds * 1e6) / edits;
  const serverSeconds = cpu.nodeSeconds.reduce((a, b) => a + b, 0);
  const pg = cpu.base.postgres;
  const accounted =
    serverSeconds +
    cpu.base.generatorSeconds +
    (pg ? pg.backendSeconds + pg.backgroundSeconds : 0) +
    (cpu.redisSeconds ?? 0);
  return {
    achievedRate: edits / wall,
    serverPerEditUs: perEdit(serverSeconds),
    serverSystemPerEditUs: perEdit(cpu.nodeSystemSeconds.reduce((a, b) => a + b, 0)),
    nodePerEditUs: cpu.nodeSeconds.map(perEdit),
    serverCores: serverSeconds / wall,
    quietServerCores:
      load.quietCpu.nodeSeconds.reduce((a, b) => a + b, 0) / load.quietCpu.base.wallSeconds,
    pgPerEditUs: pg ? perEdit(pg.backendSeconds) : null,
    redisPerEditUs: cpu.redisSeconds === null ? null : perEdit(cpu.redisSeconds),
    redisCores: cpu.redisSeconds === null ? null : cpu.redisSeconds / wall,
    redisCommandsPerEdit: load.redisCommands === null ? null : load.redisCommands / edits,
    generatorCores: cpu.base.generatorSeconds / wall,
    machineCores: cpu.base.machineBusySeconds / wall,
    otherCores: (cpu.base.machineBusySeconds - accounted) / wall,
  };
}
