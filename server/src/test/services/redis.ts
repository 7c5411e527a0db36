/**
 * Finds a Redis for integration tests: TEST_REDIS_URL when set, else a local Redis on 6379 when it
 * answers, else a private `redis-server` on a free loopback port (no persistence), stopped by PID.
 * Also starts private Redis Clusters for the tests of the cluster code paths.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../platform/db/postmaster.js';

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
}

export interface TestRedisCluster {
  /** `host:port` of every master. */
  nodes: string[];
  stop(): Promise<void>;
}

/** True once buffer holds a whole simple reply or bulk string. */
function isComplete(reply: string): boolean {
  const lineEnd = reply.indexOf('\r\n');
  if (lineEnd === -1) return false;
  if (!reply.startsWith('$')) return true;
  const length = Number(reply.slice(1, lineEnd));
  return length < 0 || Buffer.byteLength(reply) >= lineEnd + 2 + length + 2;
}

/** Sends one inline command and resolves with the raw reply (or null on any failure). */
export function redisCommand(
  port: number,
  command: string,
  timeoutMs = 1000,
  host = '127.0.0.1',
): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = new Socket();
    let reply = '';
    const finish = (value: string | null) => {
      socket.destroy();
      resolve(value);
    };
    socket.setTimeout(timeoutMs, () => finish(null));
    socket.once('error', () => finish(null));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (isComplete(reply)) finish(reply);
    });
    socket.connect(port, host, () => socket.write(`${command}\r\n`));
  });
}

async function answersPing(port: number, host = '127.0.0.1'): Promise<boolean> {
  return (await redisCommand(port, 'PING', 500, host))?.startsWith('+PONG') ?? false;
}

async function waitFor(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined)
      return resolve();
    const killTimer = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(killTimer);
      resolve();
    });
    process.kill(child.pid, 'SIGTERM');
  });
}

/** Starts `redis-server` on port with persistence off; extra args are appended. */
async function startServer(port: number, extra: string[] = []): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extra],
    { stdio: 'ignore' },
  );
  const failed = new Promise<never>((_resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`redis-server on ${port} exited with ${code}`)));
  });
  failed.catch(() => undefined);
  await Promise.race([
    waitFor(() => answersPing(port), 5000, `redis-server on port ${port}`),
    failed,
  ]);
  return child;
}

/** The Redis integration tests use; see the file comment for the order of preference. */
export async function ensureTestRedis(): Promise<TestRedis> {
  const fromEnv = process.env.TEST_REDIS_URL;
  if (fromEnv) return { url: fromEnv, stop: async () => undefined };
  if (await answersPing(6379))
    return { url: 'redis://127.0.0.1:6379', stop: async () => undefined };
  return startPrivateRedis();
}

/** A private `redis-server` on a free loopback port, without persistence; stop() ends it by PID. */
export async function startPrivateRedis(): Promise<TestRedis> {
  const port = await freePort();
  const child = await startServer(port);
  return { url: `redis://127.0.0.1:${port}`, stop: () => stopProcess(child) };
}

/**
 * Starts a private Redis Cluster of `masters` nodes on loopback (no replicas) and waits until it
 * serves every slot. Each node gets its own cluster bus port, so nothing else on the machine is
 * touched. Takes one to three seconds.
 */
export async function startTestRedisCluster(masters = 3): Promise<TestRedisCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'folio-redis-cluster-'));
  const ports: number[] = [];
  const busPorts: number[] = [];
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(children.map(stopProcess));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < masters; i += 1) {
      const [port, busPort] = [await freePort(), await freePort()];
      ports.push(port);
      busPorts.push(busPort);
      children.push(
        await startServer(port, [
          '--cluster-enabled',
          'yes',
          '--cluster-port',
          String(busPort),
          '--cluster-config-file',
          join(dir, `nodes-${port}.conf`),
          '--dir',
          dir,
        ]),
      );
    }
    const slotsPerNode = Math.ceil(16384 / masters);
    for (const [i, port] of ports.entries()) {
      const first = i * slotsPerNode;
      const last = Math.min(16383, first + slotsPerNode - 1);
      await redisCommand(port, `CLUSTER ADDSLOTSRANGE ${first} ${last}`);
      if (i > 0) await redisCommand(ports[0]!, `CLUSTER MEET 127.0.0.1 ${port} ${busPorts[i]}`);
    }
    await waitFor(
      async () => {
        const infos = await Promise.all(ports.map((port) => redisCommand(port, 'CLUSTER INFO')));
        return infos.every(
          (info) =>
            info?.includes('cluster_state:ok') && info.includes(`cluster_known_nodes:${masters}`),
        );
      },
      15_000,
      'the test Redis Cluster',
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { nodes: ports.map((port) => `127.0.0.1:${port}`), stop };
}

/** A private Redis a test can stop and start again on its port (empty again: no persistence). */
export interface RestartableTestRedis extends TestRedis {
  readonly port: number;
  /** Whether the server currently runs. */
  isRunning(): boolean;
  /** Stops the server by PID (SIGTERM, SIGKILL after 3 s); its port is free until `start`. */
  shutDown(): Promise<void>;
  /** Starts a new server on the same port; resolves once it answers PING. */
  start(): Promise<void>;
  /** `shutDown()` then `start()`. */
  restart(): Promise<void>;
}

/** Like `startPrivateRedis`, with a server that can be stopped and started again on its port. */
export async function startRestartableRedis(): Promise<RestartableTestRedis> {
  const port = await freePort();
  let child: ChildProcess | null = await startServer(port);
  const shutDown = async () => {
    const running = child;
    child = null;
    if (running) await stopProcess(running);
  };
  const start = async () => {
    if (child) throw new Error(`redis-server on ${port} is already running`);
    child = await startServer(port);
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    isRunning: () => child !== null,
    shutDown,
    start,
    restart: async () => {
      await shutDown();
      await start();
    },
    stop: shutDown,
  };
}

/** Where a fleet test's nodes find Redis, and how to stop it afterwards. */
export interface TestRedisTarget {
  /** `{ REDIS_URL }` or `{ REDIS_CLUSTER_NODES }` for the nodes' environment. */
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

/** The shared test Redis, or a private 3-master cluster started for the test. */
export async function startTestRedisTarget(cluster: boolean): Promise<TestRedisTarget> {
  if (!cluster) {
    const url = process.env.TEST_REDIS_URL;
    if (!url) throw new Error('TEST_REDIS_URL is not set (the global setup sets it)');
    return { env: { REDIS_URL: url }, stop: async () => undefined };
  }
  const started = await startTestRedisCluster(3);
  return { env: { REDIS_CLUSTER_NODES: started.nodes.join(',') }, stop: () => started.stop() };
}
