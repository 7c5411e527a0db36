/**
 * `npm run bench:collab`: the collaboration-engine benchmark (issue 4). Real y-websocket clients
 * against a real Folio process (persisting to a throwaway PostgreSQL database) and against the
 * stock y-websocket server, same workload, in one invocation; prints a table and writes JSON.
 * Loopback only; bounded in count and time; stops the children it started and drops its database
 * on every exit path. Exits 1 when clients did not converge or Folio lost an update.
 */
import { addCleanup, runBenchmark, runCleanup, type RunStart } from '../shared/bench-run.js';
import { createBenchDatabase } from './database.js';
import { parseOptions, USAGE, type BenchOptions, type ServerName } from './options.js';
import { renderReport } from './report.js';
import { ratiosOf, serverRevision, writeJson, writeResultFile } from './result-file.js';
import {
  renderRounds,
  roundFile,
  roundOrder,
  summarizeRounds,
  type RoundSummary,
} from './rounds.js';
import { benchBaseline, benchFolio, type ServerResult } from './run-servers.js';
import { problemLines } from './targets.js';

function budgetMs(options: BenchOptions): number {
  // Per round and server: three starts, connecting, warm-up + window, the drain and the idle phase.
  const perRound = options.servers.length * 2 * (options.warmupMs + options.durationMs);
  return 10 * 60_000 + options.rounds * (perRound + options.servers.length * 2 * 60_000);
}

/** Measures each server of `order` in turn. */
async function measureRound(
  options: BenchOptions,
  order: readonly ServerName[],
): Promise<Partial<Record<ServerName, ServerResult>>> {
  const results: Partial<Record<ServerName, ServerResult>> = {};
  for (const name of order) {
    console.error(`collab-bench: measuring ${name}…`);
    if (name === 'folio') {
      const database = await createBenchDatabase(options.pgUrl);
      addCleanup(() => database.drop());
      console.error(`collab-bench: created database ${database.name} (dropped at the end)`);
      results.folio = await benchFolio(options, database);
    } else {
      results.baseline = await benchBaseline(options);
    }
  }
  return results;
}

/** Runs the rounds; resolves to the exit code (1: a problem line in any round). */
async function run(
  options: BenchOptions,
  { machineBusyBefore, startedAt }: RunStart,
): Promise<number> {
  const rounds: RoundSummary[] = [];
  try {
    for (let round = 1; round <= options.rounds; round += 1) {
      const order = roundOrder(options.servers, round);
      if (options.rounds > 1) console.error(`collab-bench: round ${round} of ${options.rounds}`);
      const results = await measureRound(options, order);
      const file = roundFile(options.out, round, options.rounds);
      const heading = options.rounds > 1 ? `Round ${round} of ${options.rounds}\n` : '';
      console.log(`\n${heading}${renderReport(options, results, machineBusyBefore)}`);
      const problems = problemLines(results);
      writeResultFile(options, file, startedAt, results, problems, machineBusyBefore);
      console.log(`\nJSON: ${file}`);
      rounds.push({ round, order, ratios: ratiosOf(results), file, problems });
    }
  } finally {
    await runCleanup();
  }
  if (options.rounds > 1) {
    console.log(`\n${renderRounds(rounds)}`);
    writeJson(options.out, {
      benchmark: 'collab-rounds',
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      server: serverRevision(),
      options,
      summary: summarizeRounds(rounds),
      rounds,
    });
    console.log(`\nJSON (summary): ${options.out}`);
  }
  return rounds.every((r) => r.problems.length === 0) ? 0 : 1;
}

runBenchmark({ name: 'collab-bench', usage: USAGE, parseOptions, budgetMs, run });
