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

/** Writes the result file, creating its directory. */
export function writeResultFile(
  options: BenchOptions,
  startedAt: Date,
  results: Partial<Record<ServerName, ServerResult>>,
  problems: string[],
  machineBusyBefore: number,
): void {
  const folio = results.folio ? figuresOf(results.folio) : null;
  const baseline = results.baseline ? figuresOf(results.baseline) : null;
  const ratio = (a: number | null | undefined, b: number | null | undefined) =>
    a != null && b != null && b !== 0 ? a / b : null;
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
    ratios: {
      fanOutP99: ratio(results.folio?.load.latency.p99Ms, results.baseline?.load.latency.p99Ms),
      serverCpuPerEdit: ratio(folio?.serverPerEditUs, baseline?.serverPerEditUs),
      serverAndPostgresCpuPerEdit: ratio(folio?.totalPerEditUs, baseline?.serverPerEditUs),
      idleHeapPerConnection: ratio(folio?.idleHeapKiB, baseline?.idleHeapKiB),
      idleHeldHeapPerConnection: ratio(folio?.idleHeldHeapKiB, baseline?.idleHeldHeapKiB),
      idleRssPerConnection: ratio(folio?.idleRssKiB, baseline?.idleRssKiB),
    },
    problems,
  };
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify(json, null, 2)}\n`);
}
