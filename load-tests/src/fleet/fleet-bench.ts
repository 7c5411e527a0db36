/**
 * `npm run bench:fleet`: the fleet benchmark. Three real Folio processes share one throwaway
 * PostgreSQL database and one Redis (a key prefix of the run's own); each document's writer is on
 * node 1, its readers on nodes 2 and 3 (a few on node 1), and the fan-out latency and the CPU per
 * edit of all nodes are measured. The baseline in the same invocation is the same workload on one
 * node with the same configuration. Prints a table and writes JSON. Loopback only; bounded in
 * count and time; stops the processes it started (by PID), drops its database and removes its
 * Redis keys on every exit path. Exits 1 when a reader missed an edit or a node misbehaved.
 */
import { randomBytes } from 'node:crypto';
import { createBenchDatabase } from '../collab/database.js';
import { addCleanup, runBenchmark, runCleanup, type RunStart } from '../shared/bench-run.js';
import { parseOptions, USAGE, type FleetOptions, type Mode } from './options.js';
import { localRedisPid, RedisConnection } from './redis.js';
import { problemLines, renderReport } from './report.js';
import { writeResultFile } from './result-file.js';
import { runMode, type ModeResult, type SharedSetup } from './run-mode.js';

function budgetMs(options: FleetOptions): number {
  // Per mode: starting the nodes, connecting and seeding, warm-up + window, the drain.
  return 8 * 60_000 + options.modes.length * 2 * (options.warmupMs + options.durationMs);
}

/** Sets up Redis and the database, measures each mode; resolves to the exit code. */
async function run(
  options: FleetOptions,
  { machineBusyBefore, startedAt }: RunStart,
): Promise<number> {
  const connection = await RedisConnection.open(options.redisUrl);
  addCleanup(async () => connection.close());
  const serverInfo = await connection.info('server');
  const redisPid = localRedisPid(serverInfo);
  const redisVersion = serverInfo.get('redis_version') ?? null;
  const redisKeyPrefix = `fleetbench_${randomBytes(5).toString('hex')}`;
  let redisKeysDeleted: number | null = null;
  addCleanup(async () => {
    redisKeysDeleted = await connection.deleteMatching(`${redisKeyPrefix}:*`);
  });
  const redisNote =
    `${options.redisUrl} (redis ${redisVersion ?? '?'}), key prefix ${redisKeyPrefix}; ` +
    (redisPid === null
      ? 'redis-server is not a process of this machine: no Redis CPU figure'
      : `redis-server pid ${redisPid}, its CPU counted separately`);
  console.error(`fleet-bench: ${redisNote}`);

  const results: Partial<Record<Mode, ModeResult>> = {};
  try {
    const database = await createBenchDatabase(options.pgUrl);
    addCleanup(() => database.drop());
    console.error(`fleet-bench: created database ${database.name} (dropped at the end)`);
    const shared: SharedSetup = {
      databaseUrl: database.runtimeUrl,
      databaseName: database.name,
      secret: randomBytes(32).toString('hex'),
      redisUrl: options.redisUrl,
      redisKeyPrefix,
      account: null,
    };
    for (const mode of options.modes) {
      console.error(`fleet-bench: measuring ${mode}…`);
      results[mode] = await runMode(mode, options, shared, { connection, pid: redisPid });
    }
  } finally {
    await runCleanup();
  }

  console.log(`\n${renderReport(options, results, machineBusyBefore, redisNote)}`);
  console.log(`Redis keys under ${redisKeyPrefix}: removed ${redisKeysDeleted ?? 'none (failed)'}`);
  const problems = problemLines(results);
  writeResultFile(
    options,
    { startedAt, machineBusyBefore, redisKeyPrefix, redisPid, redisVersion, redisKeysDeleted },
    results,
    problems,
  );
  console.log(`\nJSON: ${options.out}`);
  return problems.length === 0 ? 0 : 1;
}

runBenchmark({ name: 'fleet-bench', usage: USAGE, parseOptions, budgetMs, run });
