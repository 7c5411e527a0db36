import type { Ratios } from './result-file.js';
import { median, roundFile, roundOrder, summarizeRounds, type RoundSummary } from './rounds.js';

const ratios = (
  fanOutP99: number | null,
  serverCpuPerEdit: number | null,
  idleRssPerConnection: number | null = null,
): Ratios => ({
  fanOutP99,
  serverCpuPerEdit,
  serverAndPostgresCpuPerEdit: null,
  idleHeapPerConnection: null,
  idleHeldHeapPerConnection: null,
  idleDataHeapPerConnection: null,
  idleRssPerConnection,
});

const round = (n: number, r: Ratios): RoundSummary => ({
  round: n,
  order: roundOrder(['folio', 'baseline'], n),
  ratios: r,
  file: `r${n}.json`,
  problems: [],
});

describe('collab bench rounds', () => {
  it('alternates the order of the servers, starting with the given one', () => {
    expect(roundOrder(['folio', 'baseline'], 1)).toEqual(['folio', 'baseline']);
    expect(roundOrder(['folio', 'baseline'], 2)).toEqual(['baseline', 'folio']);
    expect(roundOrder(['folio', 'baseline'], 3)).toEqual(['folio', 'baseline']);
    expect(roundOrder(['baseline'], 2)).toEqual(['baseline']);
  });

  it('names one result file per round only when there are several', () => {
    expect(roundFile('/r/collab-x.json', 1, 1)).toBe('/r/collab-x.json');
    expect(roundFile('/r/collab-x.json', 2, 3)).toBe('/r/collab-x-round2.json');
    expect(roundFile('/r/out', 1, 2)).toBe('/r/out-round1.json');
  });

  it('takes the median of odd and even counts, and none of nothing', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it('summarizes each ratio over the rounds, skipping rounds that could not compare', () => {
    const summary = summarizeRounds([
      round(1, ratios(2.7, 1.37, -4.6)),
      round(2, ratios(0.88, 1.0, 0)),
      round(3, ratios(2.3, null, 1.2)),
    ]);
    const fanOut = summary.find((row) => row.key === 'fanOutP99')!;
    expect(fanOut).toMatchObject({ median: 2.3, min: 0.88, max: 2.7, values: [2.7, 0.88, 2.3] });
    const cpu = summary.find((row) => row.key === 'serverCpuPerEdit')!;
    expect(cpu).toMatchObject({ median: 1.185, min: 1.0, max: 1.37 });
    const rss = summary.find((row) => row.key === 'idleRssPerConnection')!;
    // A process that shrank (ratio ≤ 0) compares nothing: only round 3 counts.
    expect(rss).toMatchObject({ median: 1.2, min: 1.2, max: 1.2, values: [-4.6, 0, 1.2] });
  });
});
