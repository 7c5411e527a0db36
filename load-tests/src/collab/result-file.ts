/**
 * The JSON result: options, every raw figure, the derived ones, the Folio/baseline ratios and
 * which server code was measured (commit, and whether server/ had uncommitted changes).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { dirname } from 'node:path';
import { figuresOf } from './figures.js';
import type { BenchOptions, ServerName } from './options.js';
import { repoRoot } from './paths.js';
import type { ServerResult } from './run-servers.js';

/** The checked-out commit and whether server/ or migrations/ differ from it (read-only git). */
export function serverRevision(): { commit: string | null; uncommittedChanges: boolean | null } {
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  try {
    const commit = git('rev-parse', 'HEAD').trim();
    const changed = git('status', '--porcelain', '--', 'server', 'migrations').trim();
    return { commit, uncommittedChanges: changed.length > 0 };
  } catch (_error) {
    // Not a git checkout (an unpacked tarball): the figures stand, the revision is unknown.
    return { commit: null, uncommittedChanges: null };
  }
}

/** Folio ÷ baseline for each headline figure of one round (null: a server was not measured). */
export function ratiosOf(results: Partial<Record<ServerName, ServerResult>>) {
  const folio = results.folio ? figuresOf(results.folio) : null;
  const baseline = results.baseline ? figuresOf(results.baseline) : null;
  const ratio = (a: number | null | undefined, b: number | null | undefined) =>
    a != null && b != null && b !== 0 ? a / b : null;
  return {
    fanOutP99: ratio(results.folio?.load.latency.p99Ms, results.baseline?.load.latency.p99Ms),
    serverCpuPerEdit: ratio(folio?.serverPerEditUs, baseline?.serverPerEditUs),
    serverAndPostgresCpuPerEdit: ratio(folio?.totalPerEditUs, baseline?.serverPerEditUs),
    idleHeapPerConnection: ratio(folio?.idleHeapKiB, baseline?.idleHeapKiB),
    idleHeldHeapPerConnection: ratio(folio?.idleHeldHeapKiB, baseline?.idleHeldHeapKiB),
    idleDataHeapPerConnection: ratio(folio?.idleDataHeapKiB, baseline?.idleDataHeapKiB),
    idleRssPerConnection: ratio(folio?.idleRssKiB, baseline?.idleRssKiB),
  };
}

export type Ratios = ReturnType<typeof ratiosOf>;

/** Writes the result file of one round to `out`, creating its directory. */
export function writeResultFile(
  options: BenchOptions,
  out: string,
  startedAt: Date,
  results: Partial<Record<ServerName, ServerResult>>,
  problems: string[],
  machineBusyBefore: number,
): void {
  const folio = results.folio ? figuresOf(results.folio) : null;
  const baseline = results.baseline ? figuresOf(results.baseline) : null;
  const json = {
    benchmark: 'collab',
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: {
      cpus: availableParallelism(),
      model: cpus()[0]?.model ?? null,
      node: process.version,
      /** Busy cores over 2 s before the run started: other work competing for the machine. */
      busyCoresBefore: machineBusyBefore,
    },
    server: serverRevision(),
    options,
    results,
    figures: { folio, baseline },
    ratios: ratiosOf(results),
    problems,
  };
  writeJson(out, json);
}

/** Writes `value` as indented JSON to `path`, creating its directory. */
export function writeJson(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}
