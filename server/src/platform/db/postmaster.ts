import { execFile } from 'node:child_process';
import { readFile, realpath, rm } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import type { Logger } from '../logging/logger.js';

const run = promisify(execFile);

/** A port nobody listens on at 127.0.0.1 right now (another process may still take it first). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** Whether 127.0.0.1:port can be bound. */
export async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** State letter and parent pid (Linux /proc, else ps); undefined when the process is gone. */
async function processStatus(pid: number): Promise<{ state: string; ppid: number } | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (stat !== undefined) {
    // "pid (comm) state ppid …": comm may itself contain spaces and parentheses.
    const [state = '', ppid = ''] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state, ppid: Number(ppid) };
  }
  try {
    const { stdout } = await run('ps', ['-o', 'state=,ppid=', '-p', String(pid)]);
    const [state = '', ppid = ''] = stdout.trim().split(/\s+/);
    return { state: state.slice(0, 1), ppid: Number(ppid) };
  } catch {
    return undefined;
  }
}

/** Whether the process exists and is not a zombie waiting to be reaped. */
export async function isProcessAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  const status = await processStatus(pid);
  return status?.state !== 'Z';
}

/** Polls until the process is gone; false when it still runs after timeoutMs. */
export async function waitForProcessExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (await isProcessAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(25);
  }
  return true;
}

/** The command line of a process (Linux /proc, else ps), or undefined when it is gone. */
async function commandLine(pid: number): Promise<string[] | undefined> {
  const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined);
  if (raw !== undefined) return raw.split('\0').filter(Boolean);
  try {
    const { stdout } = await run('ps', ['-o', 'args=', '-p', String(pid)]);
    return stdout.trim().split(/\s+/).filter(Boolean);
  } catch {
    return undefined;
  }
}

/** Whether pid is a postgres postmaster serving dataDir (and not some process that reused the pid). */
async function isPostmasterFor(pid: number, dataDir: string): Promise<boolean> {
  const argv = await commandLine(pid);
  if (!argv || argv.length === 0) return false;
  if (!['postgres', 'postmaster'].includes(path.basename(argv[0] ?? ''))) return false;
  const index = argv.indexOf('-D');
  const dir = index >= 0 ? argv[index + 1] : undefined;
  if (!dir) return false;
  const [a, b] = await Promise.all([
    realpath(dir).catch(() => dir),
    realpath(dataDir).catch(() => dataDir),
  ]);
  return a === b;
}

/**
 * Makes the data directory startable after the process that owned its server died without
 * stopping it (kill -9, OOM kill, crash): a postmaster still serving the directory is shut down
 * (fast, then immediate), a postmaster.pid naming a dead or unrelated process is removed.
 */
export async function recoverStaleServer(dataDir: string, logger: Logger): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  const content = await readFile(pidFile, 'utf8').catch(() => undefined);
  if (content === undefined) return;
  const pid = Number.parseInt(content.split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !(await isProcessAlive(pid))) {
    logger.info({ pidFile }, 'removing stale postmaster.pid left by a server that is gone');
    await rm(pidFile, { force: true });
    return;
  }
  if (!(await isPostmasterFor(pid, dataDir))) {
    logger.warn(
      { pidFile, pid },
      'postmaster.pid names a process that is not our postgres; removing it',
    );
    await rm(pidFile, { force: true });
    return;
  }
  const owner = await liveOwner(pid);
  if (owner !== undefined) {
    throw new Error(
      `the embedded database in ${dataDir} is in use by another running process (pid ${owner}); ` +
        'stop that process first, or give this one another data directory',
    );
  }
  logger.warn({ pid, dataDir }, 'stopping a postgres server left running by a previous process');
  if (await signalAndWait(pid, 'SIGINT', 15_000)) return;
  logger.warn(
    { pid },
    'postgres did not stop after a fast shutdown request; forcing an immediate shutdown',
  );
  if (await signalAndWait(pid, 'SIGQUIT', 10_000)) return;
  throw new Error(
    `postgres (pid ${pid}) serving ${dataDir} did not stop; stop it by hand and retry`,
  );
}

/**
 * The pid of a live Node process that still owns the postmaster, if any. A postmaster whose parent
 * died was re-parented to init or a subreaper; one whose parent is this process was forgotten by
 * it. Either way it is stale. A Node parent that is alive is another app using the same data dir.
 */
async function liveOwner(pid: number): Promise<number | undefined> {
  const ppid = (await processStatus(pid))?.ppid;
  if (ppid === undefined || ppid <= 1 || ppid === process.pid) return undefined;
  const argv = await commandLine(ppid);
  return argv && /^node(js)?$/.test(path.basename(argv[0] ?? '')) ? ppid : undefined;
}

/** SIGINT asks the postmaster for a fast shutdown, SIGQUIT for an immediate one. */
export async function signalAndWait(
  pid: number,
  signal: NodeJS.Signals,
  timeoutMs: number,
): Promise<boolean> {
  try {
    process.kill(pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return true;
    throw error;
  }
  return waitForProcessExit(pid, timeoutMs);
}
