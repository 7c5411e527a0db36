/**
 * Command-line flags (with PUB_BENCH_* environment fallbacks) of the publishing benchmark. Every
 * count and duration is bounded, so a typo cannot start an unbounded run.
 */
import { join } from 'node:path';
import { resultsDir } from '../collab/paths.js';
import { DEFAULT_PG_URL, readFlags, resultFileName, type NumberFlag } from '../shared/flags.js';

export interface PublishingOptions {
  /** Published documents seeded (and read round-robin by slug). */
  readonly docs: number;
  /** Concurrent HTTP connections of autocannon. */
  readonly connections: number;
  readonly durationS: number;
  readonly warmupS: number;
  /** Paragraphs of body text per document (the payload's size). */
  readonly paragraphs: number;
  readonly out: string;
  readonly pgUrl: string;
}

const NUMBER_FLAGS = {
  docs: { env: 'PUB_BENCH_DOCS', fallback: 50, min: 1, max: 500 },
  connections: { env: 'PUB_BENCH_CONNECTIONS', fallback: 20, min: 1, max: 200 },
  duration: { env: 'PUB_BENCH_DURATION', fallback: 10, min: 1, max: 120 },
  warmup: { env: 'PUB_BENCH_WARMUP', fallback: 2, min: 0, max: 30 },
  paragraphs: { env: 'PUB_BENCH_PARAGRAPHS', fallback: 8, min: 0, max: 200 },
} satisfies Record<string, NumberFlag>;

const STRING_FLAGS = ['out', 'pg-url'];

export const USAGE = `Usage: npm run bench:publishing -- [flags]
  --docs N          published documents seeded, read round-robin by slug (default 50)
  --connections N   concurrent connections (default 20)
  --duration S      measured seconds per target (default 10)
  --warmup S        unmeasured seconds per target before it (default 2)
  --paragraphs N    body paragraphs per document (default 8)
  --out FILE        JSON result file (default load-tests/results/publishing-<time>.json)
  --pg-url URL      PostgreSQL superuser URL (default postgres://postgres@127.0.0.1:5432/postgres)
Each flag also reads PUB_BENCH_<FLAG> (e.g. PUB_BENCH_DOCS, PUB_BENCH_PG_URL).`;

/** Parses argv and the environment; throws an Error naming the bad flag. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): PublishingOptions | 'help' {
  const flags = readFlags(argv, env, NUMBER_FLAGS, STRING_FLAGS);
  if (flags === 'help') return 'help';
  const { text, num } = flags;
  return {
    docs: Math.round(num('docs')),
    connections: Math.round(num('connections')),
    durationS: num('duration'),
    warmupS: num('warmup'),
    paragraphs: Math.round(num('paragraphs')),
    out: text('out', 'PUB_BENCH_OUT') ?? join(resultsDir, resultFileName('publishing')),
    pgUrl: text('pg-url', 'PUB_BENCH_PG_URL') ?? DEFAULT_PG_URL,
  };
}
