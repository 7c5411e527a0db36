/**
 * Command-line flags (with BENCH_* environment fallbacks) of the collab benchmark. Every count and
 * duration is bounded, so a typo cannot start an unbounded run.
 */
import { join } from 'node:path';
import {
  choiceList,
  DEFAULT_PG_URL,
  readFlags,
  resultFileName,
  type NumberFlag,
} from '../shared/flags.js';
import { resultsDir } from './paths.js';

export type ServerName = 'folio' | 'baseline';

export interface BenchOptions {
  readonly docs: number;
  readonly clientsPerDoc: number;
  /** Aggregate edits per second over all clients. */
  readonly rate: number;
  readonly durationMs: number;
  readonly warmupMs: number;
  /** Characters typed per edit. */
  readonly chars: number;
  readonly idleClients: number;
  readonly idleDocs: number;
  /** Generator worker threads for the load clients. */
  readonly workers: number;
  readonly servers: readonly ServerName[];
  readonly out: string;
  /** Superuser URL of the PostgreSQL that gets the throwaway database. */
  readonly pgUrl: string;
  /** When set, each server child runs with --cpu-prof and writes its profile here. */
  readonly cpuProfDir: string | null;
  /** Measurements of every server; the order of the servers alternates from one to the next. */
  readonly rounds: number;
}

const NUMBER_FLAGS = {
  docs: { env: 'BENCH_DOCS', fallback: 20, min: 1, max: 200 },
  // A Folio room accepts 250 connections (room.options.ts maxConnections).
  clients: { env: 'BENCH_CLIENTS', fallback: 10, min: 2, max: 250 },
  rate: { env: 'BENCH_RATE', fallback: 1600, min: 1, max: 20_000 },
  duration: { env: 'BENCH_DURATION', fallback: 20, min: 1, max: 180 },
  warmup: { env: 'BENCH_WARMUP', fallback: 5, min: 0, max: 60 },
  chars: { env: 'BENCH_CHARS', fallback: 3, min: 1, max: 100 },
  'idle-clients': { env: 'BENCH_IDLE_CLIENTS', fallback: 1000, min: 0, max: 5000 },
  'idle-docs': { env: 'BENCH_IDLE_DOCS', fallback: 5, min: 1, max: 100 },
  workers: { env: 'BENCH_WORKERS', fallback: 2, min: 1, max: 8 },
  rounds: { env: 'BENCH_ROUNDS', fallback: 1, min: 1, max: 10 },
} satisfies Record<string, NumberFlag>;

const STRING_FLAGS = ['servers', 'out', 'pg-url', 'cpu-prof'];
const SERVERS: readonly ServerName[] = ['folio', 'baseline'];

export const USAGE = `Usage: npm run bench:collab -- [flags]
  --docs N           documents under load (default 20)
  --clients N        clients per document (default 10)
  --rate N           aggregate edits per second (default 1600)
  --duration S       measured seconds (default 20)
  --warmup S         warm-up seconds before measuring (default 5)
  --chars N          characters typed per edit (default 3)
  --idle-clients N   idle connections for the memory figure (default 1000; 0 skips it)
  --idle-docs N      documents the idle connections spread over (default 5)
  --workers N        generator worker threads running the load clients (default 2)
  --servers LIST     folio,baseline (default both)
  --out FILE         JSON result file (default load-tests/results/collab-<time>.json)
  --pg-url URL       PostgreSQL superuser URL (default postgres://postgres@127.0.0.1:5432/postgres)
  --cpu-prof DIR     run each server with --cpu-prof, profiles written to DIR
  --rounds N         measure every server N times, alternating their order, and print the
                     median and range of each ratio (default 1; each round also gets its report)
Each flag also reads BENCH_<FLAG> (e.g. BENCH_DOCS, BENCH_IDLE_CLIENTS, BENCH_PG_URL).`;

/** Parses argv and the environment; throws an Error naming the bad flag. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions | 'help' {
  const flags = readFlags(argv, env, NUMBER_FLAGS, STRING_FLAGS);
  if (flags === 'help') return 'help';
  const { text, num } = flags;
  const servers = choiceList(
    'servers',
    text('servers', 'BENCH_SERVERS') ?? 'folio,baseline',
    SERVERS,
  );
  const options: BenchOptions = {
    docs: Math.round(num('docs')),
    clientsPerDoc: Math.round(num('clients')),
    rate: num('rate'),
    durationMs: num('duration') * 1000,
    warmupMs: num('warmup') * 1000,
    chars: Math.round(num('chars')),
    idleClients: Math.round(num('idle-clients')),
    idleDocs: Math.round(num('idle-docs')),
    workers: Math.round(num('workers')),
    servers,
    out: text('out', 'BENCH_OUT') ?? join(resultsDir, resultFileName('collab')),
    pgUrl: text('pg-url', 'BENCH_PG_URL') ?? DEFAULT_PG_URL,
    cpuProfDir: text('cpu-prof', 'BENCH_CPU_PROF') ?? null,
    rounds: Math.round(num('rounds')),
  };
  // Folio's per-connection bucket refills 100 sync messages/s (room.options.ts updateRate).
  const perClient = options.rate / (options.docs * options.clientsPerDoc);
  if (perClient > 80) {
    throw new Error(`${perClient.toFixed(0)} edits/s per client exceeds Folio's per-socket limit`);
  }
  // Anchor clients (one per idle doc) plus the idle ones must fit a room's 250 connections.
  if (options.idleClients / options.idleDocs > 240) {
    throw new Error('--idle-clients / --idle-docs must be at most 240 per document');
  }
  return options;
}
