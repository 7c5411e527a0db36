/**
 * Command-line flags (with FLEET_* environment fallbacks) of the fleet benchmark. Every count and
 * duration is bounded, so a typo cannot start an unbounded run. Defaults are the target
 * workload: 10 documents × 20 clients = 200 clients, 200 edits/s in all.
 */
import { join } from 'node:path';
import { resultsDir } from '../collab/paths.js';
import {
  choiceList,
  DEFAULT_PG_URL,
  readFlags,
  resultFileName,
  type NumberFlag,
} from '../shared/flags.js';

/** `fleet`: three nodes sharing PostgreSQL and Redis; `single`: the same workload on one node. */
export type Mode = 'fleet' | 'single';

/** Nodes of the fleet: the writers' node plus two that only hold readers. */
export const FLEET_NODES = 3;

export interface FleetOptions {
  readonly docs: number;
  readonly clientsPerDoc: number;
  /** Readers per document on the writers' node (node 1); the others spread over nodes 2 and 3. */
  readonly localReaders: number;
  /** Aggregate edits per second: each document's one writer types rate / docs. */
  readonly rate: number;
  readonly durationMs: number;
  readonly warmupMs: number;
  readonly chars: number;
  readonly workers: number;
  readonly modes: readonly Mode[];
  readonly out: string;
  readonly pgUrl: string;
  readonly redisUrl: string;
  readonly cpuProfDir: string | null;
}

const NUMBER_FLAGS = {
  docs: { env: 'FLEET_DOCS', fallback: 10, min: 1, max: 100 },
  // A Folio room accepts 250 connections per node (COLLAB_MAX_CONNECTIONS_PER_ROOM), and the
  // single-node baseline puts a whole document on one node.
  clients: { env: 'FLEET_CLIENTS', fallback: 20, min: 3, max: 250 },
  'local-readers': { env: 'FLEET_LOCAL_READERS', fallback: 3, min: 0, max: 247 },
  rate: { env: 'FLEET_RATE', fallback: 200, min: 1, max: 5000 },
  duration: { env: 'FLEET_DURATION', fallback: 20, min: 1, max: 180 },
  warmup: { env: 'FLEET_WARMUP', fallback: 5, min: 0, max: 60 },
  chars: { env: 'FLEET_CHARS', fallback: 3, min: 1, max: 100 },
  workers: { env: 'FLEET_WORKERS', fallback: 2, min: 1, max: 8 },
} satisfies Record<string, NumberFlag>;

const STRING_FLAGS = ['modes', 'out', 'pg-url', 'redis-url', 'cpu-prof'];
const MODES: readonly Mode[] = ['fleet', 'single'];

export const USAGE = `Usage: npm run bench:fleet -- [flags]
  --docs N            documents under load (default 10)
  --clients N         clients per document: 1 writer + readers (default 20; 200 in all)
  --local-readers N   readers per document on the writer's node 1 (default 3); the rest
                      alternate between nodes 2 and 3
  --rate N            aggregate edits per second; each writer types rate/docs (default 200)
  --duration S        measured seconds (default 20)
  --warmup S          warm-up seconds before measuring (default 5)
  --chars N           characters typed per edit (default 3)
  --workers N         generator worker threads running the clients (default 2)
  --modes LIST        fleet,single in that order (default both; single is the baseline)
  --out FILE          JSON result file (default load-tests/results/fleet-<time>.json)
  --pg-url URL        PostgreSQL superuser URL (default postgres://postgres@127.0.0.1:5432/postgres)
  --redis-url URL     Redis the nodes share (default redis://127.0.0.1:6379)
  --cpu-prof DIR      run each node with --cpu-prof, profiles written to DIR/<mode>-node<N>/
Each flag also reads FLEET_<FLAG> (e.g. FLEET_DOCS, FLEET_LOCAL_READERS, FLEET_REDIS_URL).`;

/** Parses argv and the environment; throws an Error naming the bad flag. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): FleetOptions | 'help' {
  const flags = readFlags(argv, env, NUMBER_FLAGS, STRING_FLAGS);
  if (flags === 'help') return 'help';
  const { text, num } = flags;
  const modes = choiceList('modes', text('modes', 'FLEET_MODES') ?? 'fleet,single', MODES);
  const redisUrl = text('redis-url', 'FLEET_REDIS_URL') ?? 'redis://127.0.0.1:6379';
  if (!/^redis:\/\//.test(redisUrl)) throw new Error(`--redis-url must be redis://…`);
  const options: FleetOptions = {
    docs: Math.round(num('docs')),
    clientsPerDoc: Math.round(num('clients')),
    localReaders: Math.round(num('local-readers')),
    rate: num('rate'),
    durationMs: num('duration') * 1000,
    warmupMs: num('warmup') * 1000,
    chars: Math.round(num('chars')),
    workers: Math.round(num('workers')),
    modes,
    out: text('out', 'FLEET_OUT') ?? join(resultsDir, resultFileName('fleet')),
    pgUrl: text('pg-url', 'FLEET_PG_URL') ?? DEFAULT_PG_URL,
    redisUrl,
    cpuProfDir: text('cpu-prof', 'FLEET_CPU_PROF') ?? null,
  };
  // Two readers at least must be on the other nodes, one each, or there is no cross-node figure.
  if (options.localReaders > options.clientsPerDoc - 3) {
    throw new Error(`--local-readers must leave at least 2 readers for nodes 2 and 3`);
  }
  // Folio's per-connection bucket refills 100 sync messages/s (COLLAB_UPDATES_PER_SECOND).
  if (options.rate / options.docs > 80) {
    throw new Error(
      `${(options.rate / options.docs).toFixed(0)} edits/s per writer exceeds Folio's per-socket limit`,
    );
  }
  return options;
}

/** Node index (0-based) of each reader of a document, writer on node 0; all 0 on a single node. */
export function readerNodes(options: FleetOptions, mode: Mode): number[] {
  const readers = options.clientsPerDoc - 1;
  return Array.from({ length: readers }, (_, i) =>
    mode === 'single' || i < options.localReaders ? 0 : 1 + ((i - options.localReaders) % 2),
  );
}
