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
import { writeResultFile } from './result-file.js';
import { benchBaseline, benchFolio, type ServerResult } from './run-servers.js';
import { problemLines } from './targets.js';

function budgetMs(options: BenchOptions): number {
  // Per server: three starts, connecting, warm-up + window, the drain and the idle phase.
  return 10 * 60_000 + options.servers.length * 2 * (options.warmupMs + options.durationMs);
}

/** Measures each server in turn; resolves to the exit code (1: a problem line). */
async function run(
  options: BenchOptions,
  { machineBusyBefore, startedAt }: RunStart,
): Promise<number> {
  const results: Partial<Record<ServerName, ServerResult>> = {};
  try {
    for (const name of options.servers) {
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
  } finally {
    await runCleanup();
  }

  console.log(`\n${renderReport(options, results, machineBusyBefore)}`);
  const problems = problemLines(results);
  writeResultFile(options, startedAt, results, problems, machineBusyBefore);
  console.log(`\nJSON: ${options.out}`);
  return problems.length === 0 ? 0 : 1;
}

runBenchmark({ name: 'collab-bench', usage: USAGE, parseOptions, budgetMs, run });
