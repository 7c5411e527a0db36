/**
 * Several rounds of the same benchmark, the servers' order alternating: on a shared 2-core machine
 * one round's ratios move a lot (fan-out p99 ratios of 1.97, 6.33 and 5.41 in the three rounds of
 * one run), so a figure worth quoting is the median over rounds, with its range beside it.
 */
import type { ServerName } from './options.js';
import type { Ratios } from './result-file.js';

/** What one round measured, for the summary. */
export interface RoundSummary {
  readonly round: number;
  readonly order: readonly ServerName[];
  readonly ratios: Ratios;
  /** Its own result file. */
  readonly file: string;
  readonly problems: readonly string[];
}

/** The order of the servers in round `round` (1-based): as given, then reversed, and so on. */
export function roundOrder(servers: readonly ServerName[], round: number): ServerName[] {
  return round % 2 === 1 ? [...servers] : [...servers].reverse();
}

/** The result file of round `round` when there are several: `<out>-round<N>.json`. */
export function roundFile(out: string, round: number, rounds: number): string {
  if (rounds === 1) return out;
  return `${out.replace(/\.json$/, '')}-round${round}.json`;
}

/** Median of the values (the mean of the middle two for an even count); null when none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const LABELS: Record<keyof Ratios, string> = {
  fanOutP99: 'fan-out p99',
  serverCpuPerEdit: 'server CPU per edit',
  serverAndPostgresCpuPerEdit: 'server + PostgreSQL CPU per edit',
  idleHeapPerConnection: 'heap used per idle connection',
  idleHeldHeapPerConnection: 'heap held per idle connection',
  idleDataHeapPerConnection: 'heap used without compiled code',
  idleRssPerConnection: 'RSS per idle connection',
};

/**
 * Per ratio: the median, the range and every round's value. A ratio at or below zero (a process
 * shrank while the idle connections opened, as RSS often does) compares nothing and is left out.
 */
export function summarizeRounds(rounds: readonly RoundSummary[]) {
  return (Object.keys(LABELS) as (keyof Ratios)[]).map((key) => {
    const values = rounds.map((r) => r.ratios[key]);
    const finite = values.filter((v): v is number => v !== null && Number.isFinite(v) && v > 0);
    return {
      key,
      label: LABELS[key],
      median: median(finite),
      min: finite.length ? Math.min(...finite) : null,
      max: finite.length ? Math.max(...finite) : null,
      values,
    };
  });
}

/** The summary table printed after the last round. */
export function renderRounds(rounds: readonly RoundSummary[]): string {
  const show = (v: number | null) => (v === null ? '—' : v.toFixed(2));
  const lines = [
    `Across ${rounds.length} rounds (order alternating; ratio = Folio ÷ stock, lower is better for Folio):`,
    `${'figure'.padEnd(34)}${'median'.padStart(8)}${'range'.padStart(14)}   per round`,
  ];
  for (const row of summarizeRounds(rounds)) {
    const range = row.min === null ? '—' : `${show(row.min)}–${show(row.max)}`;
    lines.push(
      `${row.label.padEnd(34)}${show(row.median).padStart(8)}${range.padStart(14)}   ${row.values
        .map(show)
        .join(' ')}`,
    );
  }
  lines.push(`orders: ${rounds.map((r) => r.order.join(',')).join(' | ')}`);
  return lines.join('\n');
}
