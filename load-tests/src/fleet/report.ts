/**
 * The printed table: fleet and single node side by side with the fleet/single ratio, then the
 * issue's targets and any problems that make the run untrustworthy.
 */
import { availableParallelism } from 'node:os';
import { format } from '../collab/report.js';
import type { LatencySummary } from '../collab/stats.js';
import { figuresOf, type FleetFigures } from './figures.js';
import type { FleetOptions, Mode } from './options.js';
import type { ModeResult } from './run-mode.js';

type Cell = number | string | null;

interface Column {
  readonly r: ModeResult;
  readonly f: FleetFigures;
}

interface Row {
  readonly label: string;
  readonly get: ((column: Column) => Cell) | null;
  /** The single-node figure the fleet's is divided by (null: no ratio). */
  readonly ratioTo: ((column: Column) => Cell) | null;
}

const row = (label: string, get: (c: Column) => Cell, ratio = false): Row => ({
  label,
  get,
  ratioTo: ratio ? get : null,
});
const heading = (label: string): Row => ({ label, get: null, ratioTo: null });
const pair = (a: number, b: number) => `${format(a)} / ${format(b)}`;
const list = (values: number[]) => values.map((v) => format(v)).join(' / ');

/** Readers per document by node, e.g. `n1 3, n2 8, n3 8`. */
function placement(r: ModeResult): string {
  return Array.from({ length: r.nodes }, (_, node) => {
    const count = r.readerNodes.filter((n) => n === node).length;
    return `n${node + 1} ${count}`;
  }).join(', ');
}

function closes(record: Record<string, number>): string {
  const entries = Object.entries(record);
  return entries.length === 0 ? 'none' : entries.map(([code, n]) => `${n}×${code}`).join(' ');
}

function latencyRows(
  name: string,
  get: (c: Column) => LatencySummary | null,
  ratioTo: (c: Column) => LatencySummary | null,
): Row[] {
  const pick =
    (from: (c: Column) => LatencySummary | null, key: keyof LatencySummary) => (c: Column) =>
      from(c)?.[key] ?? null;
  return [
    { label: `${name}: deliveries measured`, get: pick(get, 'count'), ratioTo: null },
    ...(['p50Ms', 'p95Ms', 'p99Ms', 'maxMs'] as const).map((key) => ({
      label: `${name}: ${key.replace('Ms', '')} (ms)`,
      get: pick(get, key),
      ratioTo: pick(ratioTo, key),
    })),
  ];
}

function rows(options: FleetOptions): Row[] {
  return [
    heading('— load —'),
    row('edits/s target', () => options.rate),
    row('edits/s achieved (window)', (c) => c.f.achievedRate, true),
    row('edits in window / skipped', (c) => `${c.r.load.editsInWindow} / ${c.r.load.skipped}`),
    row('readers per document, by node', (c) => placement(c.r)),
    heading("— fan-out latency: writer's insert → a reader integrated it —"),
    // Cross-node is compared with the single node's readers, all on the writer's node there.
    ...latencyRows(
      'cross-node (readers on n2, n3)',
      (c) => c.r.load.latency.crossNode,
      (c) => c.r.load.latency.sameNode,
    ),
    ...latencyRows(
      "same-node (readers on the writer's n1)",
      (c) => c.r.load.latency.sameNode,
      (c) => c.r.load.latency.sameNode,
    ),
    row('all readers: p99 (ms)', (c) => c.r.load.latency.all.p99Ms, true),
    row('p99 by reader node n1 / n2 / n3 (ms)', (c) =>
      list(c.r.load.latency.byNode.map((s) => s.p99Ms)),
    ),
    heading('— CPU over the window —'),
    row('server CPU per edit, all nodes (µs)', (c) => c.f.serverPerEditUs, true),
    row('  by node n1 / n2 / n3 (µs)', (c) => list(c.f.nodePerEditUs)),
    row('  of which in the kernel (µs)', (c) => c.f.serverSystemPerEditUs, true),
    row('server CPU, all nodes (cores)', (c) => c.f.serverCores, true),
    row('  before the load: connected, nobody typing (cores)', (c) => c.f.quietServerCores, true),
    row('PostgreSQL backends CPU per edit (µs)', (c) => c.f.pgPerEditUs, true),
    row(
      'PostgreSQL helpers, server-wide (s)',
      (c) => c.r.load.cpu.base.postgres?.backgroundSeconds ?? null,
    ),
    row('redis-server CPU per edit (µs, server-wide)', (c) => c.f.redisPerEditUs, true),
    row('redis-server CPU (cores)', (c) => c.f.redisCores, true),
    row('Redis commands per edit (server-wide)', (c) => c.f.redisCommandsPerEdit, true),
    row('node event-loop delay p99 / max, worst (ms)', (c) =>
      pair(
        Math.max(...c.r.load.serverLoopDelay.map((d) => d.p99Ms)),
        Math.max(...c.r.load.serverLoopDelay.map((d) => d.maxMs)),
      ),
    ),
    row(`generator CPU (cores, ${options.workers} worker threads)`, (c) => c.f.generatorCores),
    row('generator event-loop delay p99 / max (ms)', (c) =>
      pair(c.r.load.generatorLoopDelay.p99Ms, c.r.load.generatorLoopDelay.maxMs),
    ),
    row('machine busy (cores)', (c) => c.f.machineCores),
    row('  of which other processes (cores)', (c) => c.f.otherCores),
    heading('— checks —'),
    row('unexpected socket closes', (c) => closes(c.r.load.closes)),
    row('convergence', (c) =>
      c.r.load.divergent.length === 0 && c.r.load.missingDeliveries === 0 ? 'ok' : 'FAILED',
    ),
    row('node exit codes', (c) => c.r.exitCodes.join(' ')),
  ];
}

const mark = (ok: boolean | null) => (ok === null ? 'n/a ' : ok ? 'MET ' : 'MISS');
const show = (value: number | null | undefined) =>
  value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(2);

/** The targets, from the fleet's measured figures (never adjusted). */
function targetLines(options: FleetOptions, fleet: Column | null): string[] {
  const p99 = fleet?.r.load.latency.crossNode?.p99Ms ?? null;
  const cpu = fleet?.f.serverPerEditUs ?? null;
  const pg = fleet?.f.pgPerEditUs ?? null;
  const redis = fleet?.f.redisPerEditUs ?? null;
  const withPg = cpu !== null && pg !== null ? cpu + pg : null;
  const withRedis = withPg !== null && redis !== null ? withPg + redis : null;
  const clients = options.docs * options.clientsPerDoc;
  const at = `at ${show(fleet?.f.achievedRate)} edits/s over ${clients} clients`;
  return [
    'Targets (fleet issue; measured on the 3-node fleet):',
    `  ${mark(p99 === null ? null : p99 <= 5)} cross-node fan-out p99 ≤ 5 ms: ${show(p99)} ms ${at}`,
    `  ${mark(cpu === null ? null : cpu <= 600)} total server CPU per edit ≤ 600 µs (the 3 node processes): ${show(cpu)} µs`,
    `       not in the target, for reference: + PostgreSQL backends ${show(withPg)} µs, ` +
      `+ redis-server too ${show(withRedis)} µs`,
    'Nodes, PostgreSQL, Redis and the generator share the cores (and so does any other work on the',
    'machine): read latency with "generator CPU", "machine busy" and "other processes" in view.',
  ];
}

/** Convergence, delivery, socket and shutdown problems: empty when the run can be trusted. */
export function problemLines(results: Partial<Record<Mode, ModeResult>>): string[] {
  const problems: string[] = [];
  for (const result of Object.values(results)) {
    const { load, mode } = result;
    for (const d of load.divergent) problems.push(`${mode}: CONVERGENCE FAILED: ${d}`);
    if (load.missingDeliveries !== 0) {
      problems.push(`${mode}: ${load.missingDeliveries} edit deliveries never observed`);
    }
    if (Object.keys(load.closes).length > 0) {
      problems.push(`${mode}: sockets closed under load (${closes(load.closes)})`);
    }
    if (result.exitCodes.some((code) => code !== 0)) {
      problems.push(`${mode}: a node exited with ${result.exitCodes.join(', ')}`);
    }
  }
  return problems;
}

/** The readable report. */
export function renderReport(
  options: FleetOptions,
  results: Partial<Record<Mode, ModeResult>>,
  machineBusyBefore: number,
  redisNote: string,
): string {
  const column = (r: ModeResult | undefined): Column | null => (r ? { r, f: figuresOf(r) } : null);
  const fleet = column(results.fleet);
  const single = column(results.single);
  const table = rows(options);
  const width = Math.max(...table.map((r) => r.label.length));
  const line = (label: string, a: string, b: string, ratio: string) =>
    `${label.padEnd(width)}  ${a.padStart(18)}  ${b.padStart(18)}  ${ratio.padStart(12)}`;
  const lines = [
    `Fleet benchmark: ${options.docs} documents × ${options.clientsPerDoc} clients ` +
      `(${options.docs * options.clientsPerDoc}), one writer per document on node 1, ` +
      `${options.rate} edits/s in all of ${options.chars} characters, ` +
      `${options.warmupMs / 1000} s warm-up + ${options.durationMs / 1000} s measured`,
    `Machine: ${availableParallelism()} cores, ${format(machineBusyBefore)} busy with other work before the run` +
      (machineBusyBefore > 0.25 ? ' (WARNING: figures include contention from that work)' : ''),
    `Redis: ${redisNote}`,
    '',
    line('figure', 'fleet (3 nodes)', 'single node', 'fleet/single'),
  ];
  for (const { label, get, ratioTo } of table) {
    if (get === null) {
      lines.push(label);
      continue;
    }
    const a = fleet ? get(fleet) : null;
    const b = single ? get(single) : null;
    const base = ratioTo && single ? ratioTo(single) : null;
    const r = typeof a === 'number' && typeof base === 'number' && base !== 0 ? a / base : null;
    lines.push(line(label, format(a), format(b), r === null ? '' : format(r)));
  }
  lines.push(
    '(cross-node ratios are against the single node, whose readers are all on the writer’s node)',
  );
  const problems = problemLines(results);
  lines.push('', ...targetLines(options, fleet));
  lines.push('', ...(problems.length > 0 ? ['PROBLEMS:', ...problems.map((p) => `  ${p}`)] : []));
  return lines.join('\n');
}
