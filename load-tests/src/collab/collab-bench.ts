/**
 * `npm run bench:collab`: the collaboration-engine benchmark (issue 4). Real y-websocket clients
 * against a real Folio process (persisting to a throwaway PostgreSQL database) and against the
 * stock y-websocket server, same workload, in one invocation; prints a table and writes JSON.
 * Loopback only; bounded in count and time; stops the children it started and drops its database
 * on every exit path. Exits 1 when clients did not converge or Folio lost an update.
 */
import { createBenchDatabase } from './database.js';
import { parseOptions, USAGE, type BenchOptions, type ServerName } from './options.js';
import { renderReport } from './report.js';
import { writeResultFile } from './result-file.js';
import { benchBaseline, benchFolio, type ServerResult } from './run-servers.js';
import { machineBusyCores } from './proc.js';
import { killStartedChildren } from './servers.js';
import { problemLines } from './targets.js';

/** Undo steps, run last-in first-out exactly once, whatever ends the run. */
const cleanup: (() => Promise<void>)[] = [];

async function runCleanup(): Promise<void> {
  for (let step = cleanup.pop(); step; step = cleanup.pop()) {
    await step().catch((error: unknown) => console.error('cleanup step failed:', error));
  }
}

/** Kills the children by PID, drops the database, exits: for signals and the time budget. */
function abort(reason: string, code: number): void {
  console.error(`\ncollab-bench: ${reason}; stopping`);
  killStartedChildren();
  void runCleanup().finally(() => process.exit(code));
}

function budgetMs(options: BenchOptions): number {
  // Per server: three starts, connecting, warm-up + window, the drain and the idle phase.
  return 10 * 60_000 + options.servers.length * 2 * (options.warmupMs + options.durationMs);
}

async function main(): Promise<number> {
  let parsed: BenchOptions | 'help';
  try {
    parsed = parseOptions(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (parsed === 'help') {
    console.log(USAGE);
    return 0;
  }
  const options = parsed;
  // Every WebsocketProvider adds a process 'exit' listener; a run holds over a thousand of them.
  process.setMaxListeners(0);
  process.once('SIGINT', () => abort('interrupted', 130));
  process.once('SIGTERM', () => abort('terminated', 143));
  setTimeout(
    () => abort(`over the ${budgetMs(options) / 1000} s time budget`, 1),
    budgetMs(options),
  ).unref();

  // Other work on the machine competes for the same cores: measure it before starting.
  const busyBefore = await machineBusyCores(2000);
  console.error(`collab-bench: machine busy before the run: ${busyBefore.toFixed(2)} cores`);
  const startedAt = new Date();
  const results: Partial<Record<ServerName, ServerResult>> = {};
  try {
    for (const name of options.servers) {
      console.error(`collab-bench: measuring ${name}…`);
      if (name === 'folio') {
        const database = await createBenchDatabase(options.pgUrl);
        cleanup.push(() => database.drop());
        console.error(`collab-bench: created database ${database.name} (dropped at the end)`);
        results.folio = await benchFolio(options, database);
      } else {
        results.baseline = await benchBaseline(options);
      }
    }
  } finally {
    await runCleanup();
  }

  console.log(`\n${renderReport(options, results, busyBefore)}`);
  const problems = problemLines(results);
  writeResultFile(options, startedAt, results, problems, busyBefore);
  console.log(`\nJSON: ${options.out}`);
  return problems.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('collab-bench failed:', error);
    killStartedChildren();
    void runCleanup().finally(() => process.exit(1));
  },
);
