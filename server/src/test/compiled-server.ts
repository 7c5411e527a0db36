/**
 * The compiled server as a child process, exactly as `npm start` (`--embedded`) and `npm run serve`
 * run it: for tests that stop it with a signal, crash it with kill -9 and start it again. Run
 * `npm run build` first (`npm test` does).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitUntil } from './wait.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The compiled process entry. */
export const compiledEntry = join(repoRoot, 'server/dist/server/src/main.js');

/** Fails with a clear message when the build output is missing. */
export function assertCompiled(): void {
  if (!existsSync(compiledEntry)) {
    throw new Error(`${compiledEntry} is missing: run \`npm run build\` first`);
  }
}

/** How a child process ended. */
export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running (or ended) compiled server. */
export interface CompiledServer {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  readonly exited: Promise<ExitStatus>;
  isRunning(): boolean;
}

/** Only PATH and HOME from the test process, plus `extra`: the child sees no test variables. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, ...extra };
}

/** Starts `node <compiled entry> ...args` with exactly `env`, collecting its output. */
export function spawnCompiledServer(args: string[], env: NodeJS.ProcessEnv): CompiledServer {
  assertCompiled();
  const child = spawn(process.execPath, [compiledEntry, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error('the compiled server did not start');
  let output = '';
  let running = true;
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<ExitStatus>((done) =>
    child.once('exit', (code, signal) => {
      running = false;
      done({ code, signal });
    }),
  );
  return { child, pid: child.pid, output: () => output, exited, isRunning: () => running };
}

/** Resolves once `GET <baseUrl>/readyz` answers 200; fails with the output if the process exits. */
export async function waitUntilReady(
  server: CompiledServer,
  baseUrl: string,
  timeoutMs = 30_000,
): Promise<void> {
  const isReady = async () => {
    if (!server.isRunning()) {
      throw new Error(`the server exited before it was ready:\n${server.output()}`);
    }
    const response = await fetch(`${baseUrl}/readyz`).catch(() => null);
    return response?.status === 200;
  };
  try {
    await waitUntil(isReady, `${baseUrl}/readyz`, timeoutMs, 50);
  } catch (error) {
    if (!server.isRunning()) throw error;
    throw new Error(`${(error as Error).message}; output so far:\n${server.output()}`);
  }
}

/** kill -9 by pid (only when it still runs) and waits for the exit. */
export async function killHard(server: CompiledServer): Promise<ExitStatus> {
  if (server.isRunning()) process.kill(server.pid, 'SIGKILL');
  return server.exited;
}
