/**
 * The process skeleton every benchmark entry point shares: flag parsing and `--help`, a stack of
 * undo steps run on every exit path, and an abort on SIGINT, SIGTERM or the run's time budget that
 * kills the started children by PID before undoing the rest.
 */
import { machineBusyCores } from '../collab/proc.js';
import { killStartedChildren } from '../collab/servers.js';

/** Undo steps, run last-in first-out exactly once, whatever ends the run. */
const cleanup: (() => Promise<void>)[] = [];

/** Adds an undo step (dropping a database, closing a connection) to run when the run ends. */
export function addCleanup(step: () => Promise<void>): void {
  cleanup.push(step);
}

/** Runs the undo steps added so far, latest first; a failing step is logged, not rethrown. */
export async function runCleanup(): Promise<void> {
  for (let step = cleanup.pop(); step; step = cleanup.pop()) {
    await step().catch((error: unknown) => console.error('cleanup step failed:', error));
  }
}

/** What the skeleton measured before handing over to the benchmark. */
export interface RunStart {
  /** Busy cores over 2 s before the run started: other work competing for the machine. */
  readonly machineBusyBefore: number;
  readonly startedAt: Date;
}

export interface Benchmark<O> {
  /** Prefix of the progress lines, e.g. `collab-bench`. */
  readonly name: string;
  readonly usage: string;
  /** Throws an Error naming the bad flag. */
  parseOptions(argv: string[], env: NodeJS.ProcessEnv): O | 'help';
  /** Wall-clock limit of the whole run; past it the run is aborted with exit code 1. */
  budgetMs(options: O): number;
  /** The measurements; resolves to the exit code. */
  run(options: O, start: RunStart): Promise<number>;
}

/** Runs `bench` as this process's main and exits with its code (2 for bad flags). */
export function runBenchmark<O>(bench: Benchmark<O>): void {
  /** Kills the children by PID, runs the undo steps, exits: for signals and the time budget. */
  const abort = (reason: string, code: number): void => {
    console.error(`\n${bench.name}: ${reason}; stopping`);
    killStartedChildren();
    void runCleanup().finally(() => process.exit(code));
  };

  const main = async (): Promise<number> => {
    let parsed: O | 'help';
    try {
      parsed = bench.parseOptions(process.argv.slice(2), process.env);
    } catch (error) {
      console.error(`${error instanceof Error ? error.message : String(error)}\n\n${bench.usage}`);
      return 2;
    }
    if (parsed === 'help') {
      console.log(bench.usage);
      return 0;
    }
    const options = parsed;
    // Every WebsocketProvider adds a process 'exit' listener; a run may hold thousands of them.
    process.setMaxListeners(0);
    process.once('SIGINT', () => abort('interrupted', 130));
    process.once('SIGTERM', () => abort('terminated', 143));
    const budgetMs = bench.budgetMs(options);
    setTimeout(() => abort(`over the ${budgetMs / 1000} s time budget`, 1), budgetMs).unref();

    // Other work on the machine competes for the same cores: measure it before starting.
    const machineBusyBefore = await machineBusyCores(2000);
    console.error(
      `${bench.name}: machine busy before the run: ${machineBusyBefore.toFixed(2)} cores`,
    );
    return bench.run(options, { machineBusyBefore, startedAt: new Date() });
  };

  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`${bench.name} failed:`, error);
      killStartedChildren();
      void runCleanup().finally(() => process.exit(1));
    },
  );
}
