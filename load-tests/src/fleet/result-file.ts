/**
 * The JSON result: options, every raw figure of both modes, the derived ones, the fleet/single
 * ratios and which server code was measured (the collab benchmark's `serverRevision`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { dirname } from 'node:path';
import { serverRevision } from '../collab/result-file.js';
import { figuresOf } from './figures.js';
import type { FleetOptions, Mode } from './options.js';
import type { ModeResult } from './run-mode.js';

export interface RunContext {
  readonly startedAt: Date;
  /** Busy cores over 2 s before the run started: other work competing for the machine. */
  readonly machineBusyBefore: number;
  readonly redisKeyPrefix: string;
  readonly redisPid: number | null;
  readonly redisVersion: string | null;
  /** Keys under the run's prefix removed afterwards (null: cleanup not reached or failed). */
  readonly redisKeysDeleted: number | null;
}

/** Writes the result file, creating its directory. */
export function writeResultFile(
  options: FleetOptions,
  context: RunContext,
  results: Partial<Record<Mode, ModeResult>>,
  problems: string[],
): void {
  const fleet = results.fleet ? figuresOf(results.fleet) : null;
  const single = results.single ? figuresOf(results.single) : null;
  const ratio = (a: number | null | undefined, b: number | null | undefined) =>
    a != null && b != null && b !== 0 ? a / b : null;
  const fleetLatency = results.fleet?.load.latency;
  const singleLatency = results.single?.load.latency;
  const json = {
    benchmark: 'fleet',
    startedAt: context.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: {
      cpus: availableParallelism(),
      model: cpus()[0]?.model ?? null,
      node: process.version,
      busyCoresBefore: context.machineBusyBefore,
    },
    server: serverRevision(),
    redis: {
      keyPrefix: context.redisKeyPrefix,
      pid: context.redisPid,
      version: context.redisVersion,
      keysDeleted: context.redisKeysDeleted,
    },
    options,
    results,
    figures: { fleet, single },
    ratios: {
      // Against the single node's readers, which are all on the writer's node there.
      crossNodeP99VsSingle: ratio(fleetLatency?.crossNode?.p99Ms, singleLatency?.sameNode.p99Ms),
      sameNodeP99: ratio(fleetLatency?.sameNode.p99Ms, singleLatency?.sameNode.p99Ms),
      serverCpuPerEdit: ratio(fleet?.serverPerEditUs, single?.serverPerEditUs),
      redisCpuPerEdit: ratio(fleet?.redisPerEditUs, single?.redisPerEditUs),
    },
    targets: {
      crossNodeP99Ms: { limit: 5, measured: fleetLatency?.crossNode?.p99Ms ?? null },
      serverCpuPerEditUs: { limit: 600, measured: fleet?.serverPerEditUs ?? null },
    },
    problems,
  };
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify(json, null, 2)}\n`);
}
