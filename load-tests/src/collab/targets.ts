/**
 * The targets, marked met or missed from the measured figures (reported as measured,
 * never adjusted), and the problems that make a run untrustworthy.
 */
import type { Figures } from './figures.js';
import type { BenchOptions } from './options.js';
import type { ServerResult } from './run-servers.js';

const mark = (ok: boolean | null) => (ok === null ? 'n/a ' : ok ? 'MET ' : 'MISS');
const show = (value: number | null | undefined) =>
  value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(2);

/** Issue 4's targets against this run. */
export function targetLines(
  options: BenchOptions,
  folio: Figures | null,
  baseline: Figures | null,
  folioResult: ServerResult | undefined,
): string[] {
  const both = folio !== null && baseline !== null;
  const clients = options.docs * options.clientsPerDoc;
  const p99 = folioResult?.load.latency.p99Ms;
  const memory = (get: (f: Figures) => number | null) => {
    const a = folio ? get(folio) : null;
    const b = baseline ? get(baseline) : null;
    // A figure at or below zero means the process shrank while the connections opened (the
    // allocator returned pages freed after the warm-up): no per-connection cost to compare.
    const shrank = (a !== null && a <= 0) || (b !== null && b <= 0);
    const ok = a !== null && b !== null && !shrank ? a <= 0.9 * b : null;
    return { ok, a, b, note: shrank ? ' (a process shrank during the burst: no comparison)' : '' };
  };
  const heap = memory((f) => f.idleHeapKiB);
  const rss = memory((f) => f.idleRssKiB);
  const data = memory((f) => f.idleDataHeapKiB);
  const dataRatio = data.a !== null && data.b !== null && data.b > 0 ? data.a / data.b : null;
  return [
    'Targets (issue 4):',
    `  ${mark(both ? folio.serverPerEditUs <= baseline.serverPerEditUs : null)} Folio CPU per edit ≤ stock's (server process): ` +
      `${show(folio?.serverPerEditUs)} vs ${show(baseline?.serverPerEditUs)} µs`,
    `  ${mark(both ? folio.totalPerEditUs <= baseline.serverPerEditUs : null)} … with its PostgreSQL backends counted too: ` +
      `${show(folio?.totalPerEditUs)} vs ${show(baseline?.serverPerEditUs)} µs`,
    `  ${mark(p99 === undefined ? null : p99 <= 5)} Folio p99 fan-out ≤ 5 ms at ~1,600 edits/s over 200 clients: ` +
      `${show(p99)} ms at ${show(folio?.achievedRate)} edits/s over ${clients} clients`,
    `  ${mark(heap.ok)} memory per idle connection ≤ 0.9× stock's (heap used): ${show(heap.a)} vs ${show(heap.b)} KiB${heap.note}`,
    `  ${mark(rss.ok)} memory per idle connection ≤ 0.9× stock's (RSS): ${show(rss.a)} vs ${show(rss.b)} KiB${rss.note}`,
    // Not a target of its own: the heap-used target above stands as measured.
    `  info heap used per idle connection without compiled code: ${show(data.a)} vs ${show(data.b)} KiB` +
      (dataRatio === null ? '' : ` (${dataRatio.toFixed(2)}×)`),
    'The generator shares the cores with the servers and PostgreSQL (and any other work on the',
    'machine): read latency with "generator CPU", "machine busy" and "other processes" in view.',
  ];
}

/** Convergence, persistence and shutdown problems: empty when the run can be trusted. */
export function problemLines(
  results: Partial<Record<'folio' | 'baseline', ServerResult>>,
): string[] {
  const problems: string[] = [];
  for (const result of Object.values(results)) {
    for (const d of result.load.divergent)
      problems.push(`${result.name}: CONVERGENCE FAILED: ${d}`);
    if (result.load.missingDeliveries !== 0) {
      problems.push(
        `${result.name}: ${result.load.missingDeliveries} edit deliveries never observed`,
      );
    }
    for (const d of result.reloadProblems ?? []) {
      problems.push(`${result.name}: PERSISTENCE FAILED: ${d}`);
    }
    if (result.exitCodes.some((code) => code !== 0)) {
      problems.push(`${result.name}: a server process exited with ${result.exitCodes.join(', ')}`);
    }
  }
  return problems;
}
