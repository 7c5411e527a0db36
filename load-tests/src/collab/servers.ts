/**
 * The two servers under test, each a child process of the benchmark with the probe preloaded:
 * Folio exactly as `npm run serve` runs it (fleet member, configured only by the environment)
 * and the stock y-websocket server. Children are tracked by PID so that every exit path of the
 * benchmark stops exactly the processes it started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { ServerName } from './options.js';
import { baselineScript, folioMain, probeUrl, repoRoot } from './paths.js';
import { isProbeSample, type ProbeRequest, type ProbeSample } from './probe-protocol.js';

const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;
const PROBE_TIMEOUT_MS = 10_000;
const STDERR_LINES_KEPT = 40;

/** A running server child. */
export interface ServerProcess {
  readonly name: ServerName;
  readonly pid: number;
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly httpUrl: string;
  /** The y-websocket base URL: the provider appends `/<document>`. */
  readonly collabUrl: string;
  /** Reads the child's memory, CPU and event-loop delay through the probe. */
  sample(options?: { gc?: boolean; resetDelay?: boolean }): Promise<ProbeSample>;
  /** SIGTERM, then SIGKILL after a deadline; resolves with the exit code (null when killed). */
  stop(): Promise<number | null>;
}

const running = new Set<ChildProcess>();

/** Kills every child still running (SIGKILL by PID): the emergency exit path. */
export function killStartedChildren(): void {
  for (const child of running) {
    if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
  }
  running.clear();
}

/** A port that was free a moment ago (the child binds it itself). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface FolioSettings {
  readonly databaseUrl: string;
  readonly secret: string;
  readonly cpuProfDir: string | null;
  /** More environment (a fleet's REDIS_URL and REDIS_KEY_PREFIX); none for the collab bench. */
  readonly env?: Readonly<Record<string, string>>;
  /** Names the child in its output lines and --cpu-prof directory (default `folio`). */
  readonly label?: string;
}

/** Starts `node server/dist/server/src/main.js` (what `npm run serve` runs) and waits for /readyz. */
export async function startFolio(settings: FolioSettings): Promise<ServerProcess> {
  const port = await freePort();
  // A clean environment, not ours: REDIS_URL or anything else in the caller's shell must not leak.
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    DATABASE_URL: settings.databaseUrl,
    FOLIO_SECRET: settings.secret,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ...settings.env,
  };
  return spawnServer('folio', folioMain, port, env, settings.cpuProfDir, '/readyz', settings.label);
}

/** Starts the stock y-websocket server (baseline-server.ts) and waits for it to answer. */
export async function startBaseline(cpuProfDir: string | null): Promise<ServerProcess> {
  const port = await freePort();
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', PORT: String(port), HOST: '127.0.0.1' };
  return spawnServer('baseline', baselineScript, port, env, cpuProfDir, '/');
}

async function spawnServer(
  name: ServerName,
  script: string,
  port: number,
  env: Record<string, string>,
  cpuProfDir: string | null,
  readyPath: string,
  label: string = name,
): Promise<ServerProcess> {
  const nodeFlags = ['--expose-gc', '--import', probeUrl];
  if (cpuProfDir !== null) {
    nodeFlags.push('--cpu-prof', '--cpu-prof-dir', join(cpuProfDir, label));
  }
  const child = spawn(process.execPath, [...nodeFlags, script], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  if (child.pid === undefined) throw new Error(`could not start the ${name} server`);
  running.add(child);
  const pid = child.pid;
  const stderrTail: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      stderrTail.push(line);
      if (stderrTail.length > STDERR_LINES_KEPT) stderrTail.shift();
      process.stderr.write(`[${label}] ${line}\n`);
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    });
  });
  let isExited = false;
  void exited.then(() => (isExited = true));

  const httpUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await answers(`${httpUrl}${readyPath}`))) {
    if (isExited || Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      throw new Error(
        `the ${label} server did not become ready:\n${stderrTail.join('\n') || '(no output)'}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  let nextId = 1;
  return {
    name,
    pid,
    port,
    httpUrl,
    collabUrl: `ws://127.0.0.1:${port}/collab`,
    sample: (options = {}) =>
      requestSample(child, {
        type: 'probe.sample',
        id: nextId++,
        gc: options.gc ?? false,
        resetDelay: options.resetDelay ?? false,
      }),
    stop: async () => {
      if (isExited) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await response.arrayBuffer();
    return response.ok;
  } catch (_error) {
    // Not listening yet: the caller polls until its deadline.
    return false;
  }
}

function requestSample(child: ChildProcess, request: ProbeRequest): Promise<ProbeSample> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      if (!isProbeSample(message) || message.id !== request.id) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(message);
    };
    const timer = setTimeout(() => {
      child.off('message', onMessage);
      reject(new Error(`no probe answer from pid ${child.pid} within ${PROBE_TIMEOUT_MS} ms`));
    }, PROBE_TIMEOUT_MS);
    child.on('message', onMessage);
    child.send(request);
  });
}
