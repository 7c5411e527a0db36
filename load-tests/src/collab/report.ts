/**
 * The printed table: every figure for each server side by side, with the Folio/baseline ratio
 * where a ratio means something, followed by the targets and any problems.
 */
import { availableParallelism } from 'node:os';
import { figuresOf, type Figures } from './figures.js';
import type { BenchOptions } from './options.js';
import type { ServerResult } from './run-servers.js';
import { problemLines, targetLines } from './targets.js';

type Cell = number | string | null;

/** One server's column: its raw result and derived figures. */
interface Column {
  readonly r: ServerResult;
  readonly f: Figures;
}

interface Row {
  readonly label: string;
  readonly get: ((column: Column) => Cell) | null;
  readonly ratio: boolean;
}

const MiB = 1024 * 1024;

const row = (label: string, get: (column: Column) => Cell, ratio = false): Row => ({
  label,
  get,
  ratio,
});
const heading = (label: string): Row => ({ label, get: null, ratio: false });
const pair = (a: number, b: number) => `${format(a)} / ${format(b)}`;

/** Plain numbers: integers as such, large values without decimals. */
export function format(value: Cell, digits = 2): string {
  if (value === null) return '—';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return 'n/a';
  if (Number.isInteger(value) || Math.abs(value) >= 1000) return value.toFixed(0);
  return value.toFixed(digits);
}

function closes(record: Record<string, number>): string {
  const entries = Object.entries(record);
  return entries.length === 0 ? 'none' : entries.map(([code, n]) => `${n}×${code}`).join(' ');
}

function rows(options: BenchOptions): Row[] {
  return [
    heading('— load —'),
    row('edits/s target', () => options.rate),
    row('edits/s achieved (window)', (c) => c.f.achievedRate, true),
    row('edits in window / skipped', (c) => `${c.r.load.editsInWindow} / ${c.r.load.skipped}`),
    row('fan-out deliveries measured', (c) => c.r.load.latency.count),
    row('fan-out p50 (ms)', (c) => c.r.load.latency.p50Ms, true),
    row('fan-out p95 (ms)', (c) => c.r.load.latency.p95Ms, true),
    row('fan-out p99 (ms)', (c) => c.r.load.latency.p99Ms, true),
    row('fan-out max (ms)', (c) => c.r.load.latency.maxMs, true),
    row('server CPU per edit (µs)', (c) => c.f.serverPerEditUs, true),
    row('  of which in the kernel (µs)', (c) => c.f.serverSystemPerEditUs, true),
    row('  of which on the main thread (µs)', (c) => c.f.serverMainThreadPerEditUs, true),
    row(
      '  on other threads: GC, JIT, workers (µs)',
      (c) => c.f.serverPerEditUs - c.f.serverMainThreadPerEditUs,
      true,
    ),
    row('PostgreSQL backends CPU per edit (µs)', (c) => c.f.pgPerEditUs),
    row('server + PostgreSQL per edit (µs)', (c) => c.f.totalPerEditUs, true),
    row('server CPU (cores)', (c) => c.f.serverCores, true),
    row('PostgreSQL backends (cores)', (c) => c.f.pgCores),
    row(
      'PostgreSQL helpers, server-wide (s)',
      (c) => c.r.load.cpu.postgres?.backgroundSeconds ?? null,
    ),
    row('server event-loop delay p99 / max (ms)', (c) =>
      pair(c.r.load.serverLoopDelay.p99Ms, c.r.load.serverLoopDelay.maxMs),
    ),
    row(`generator CPU (cores, ${options.workers} worker threads)`, (c) => c.f.generatorCores),
    row('generator event-loop delay p99 / max (ms)', (c) =>
      pair(c.r.load.generatorLoopDelay.p99Ms, c.r.load.generatorLoopDelay.maxMs),
    ),
    row('machine busy (cores)', (c) => c.f.machineCores),
    row('  of which other processes (cores)', (c) => c.f.otherCores),
    row('unexpected socket closes', (c) => closes(c.r.load.closes)),
    row('convergence', (c) => (c.r.load.divergent.length === 0 ? 'ok' : 'FAILED')),
    row('reload after restart (persistence)', (c) =>
      c.r.reloadProblems === null ? 'n/a' : c.r.reloadProblems.length === 0 ? 'ok' : 'FAILED',
    ),
    heading('— idle connections —'),
    row('connections (documents)', (c) =>
      c.r.idle ? `${c.r.idle.connections} (${c.r.idle.documents})` : 'skipped',
    ),
    row('unexpected socket closes (idle)', (c) => (c.r.idle ? closes(c.r.idle.closes) : null)),
    row('connect + sync, all (s)', (c) => c.r.idle?.connectSeconds ?? null, true),
    row('server CPU per connect (ms)', (c) => c.r.idle?.serverCpuPerConnectMs ?? null, true),
    row('RSS per connection (KiB)', (c) => c.f.idleRssKiB, true),
    row('heap used per connection (KiB)', (c) => c.f.idleHeapKiB, true),
    row('heap held per connection (KiB, freed on close)', (c) => c.f.idleHeldHeapKiB, true),
    row('  of heap used: compiled code (KiB)', (c) => c.f.idleCodeKiB, true),
    row('heap used without compiled code (KiB)', (c) => c.f.idleDataHeapKiB, true),
    row('external per connection (KiB)', (c) => c.f.idleExternalKiB, true),
    row('RSS before → after (MiB)', (c) =>
      c.r.idle
        ? `${format(c.r.idle.before.rssBytes / MiB, 1)} → ${format(c.r.idle.after.rssBytes / MiB, 1)}`
        : null,
    ),
  ];
}

/** The readable report. */
export function renderReport(
  options: BenchOptions,
  results: Partial<Record<'folio' | 'baseline', ServerResult>>,
  machineBusyBefore: number,
): string {
  const column = (r: ServerResult | undefined): Column | null =>
    r ? { r, f: figuresOf(r) } : null;
  const folio = column(results.folio);
  const baseline = column(results.baseline);
  const table = rows(options);
  const width = Math.max(...table.map((r) => r.label.length));
  const line = (label: string, a: string, b: string, ratio: string) =>
    `${label.padEnd(width)}  ${a.padStart(15)}  ${b.padStart(15)}  ${ratio.padStart(10)}`;
  const lines = [
    `Collab benchmark: ${options.docs} documents × ${options.clientsPerDoc} clients, ` +
      `${options.rate} edits/s of ${options.chars} characters, ` +
      `${options.warmupMs / 1000} s warm-up + ${options.durationMs / 1000} s measured`,
    `Machine: ${availableParallelism()} cores, ${format(machineBusyBefore)} busy with other work before the run` +
      (machineBusyBefore > 0.25 ? ' (WARNING: figures include contention from that work)' : ''),
    '',
    line('figure', 'folio', 'baseline', 'folio/base'),
  ];
  for (const { label, get, ratio } of table) {
    if (get === null) {
      lines.push(label);
      continue;
    }
    const a = folio ? get(folio) : null;
    const b = baseline ? get(baseline) : null;
    const r = ratio && typeof a === 'number' && typeof b === 'number' && b !== 0 ? a / b : null;
    lines.push(line(label, format(a), format(b), r === null ? '' : format(r)));
  }
  const problems = problemLines(results);
  lines.push('', ...targetLines(options, folio?.f ?? null, baseline?.f ?? null, results.folio));
  lines.push('', ...(problems.length > 0 ? ['PROBLEMS:', ...problems.map((p) => `  ${p}`)] : []));
  return lines.join('\n');
}
