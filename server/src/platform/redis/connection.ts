import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { Logger } from '../logging/logger.js';

/** A single Redis or a Redis Cluster; adapters branch on `client.isCluster` where they must. */
export type RedisClient = Redis | Cluster;

export interface CreateRedisOptions {
  /** `redis://` or `rediss://` URL of a single Redis (REDIS_URL). */
  url?: string;
  /** `host:port` seeds of a Redis Cluster (REDIS_CLUSTER_NODES). */
  clusterNodes?: string[];
  /** What the connection is for; becomes its CLIENT SETNAME (`folio:<purpose>`) and log field. */
  purpose: string;
  logger: Logger;
  /** Connect on first command instead of immediately. */
  lazy?: boolean;
  /** Per-connection ioredis options (bull's clients need maxRetriesPerRequest: null, enableReadyCheck: false). */
  redisOptions?: Partial<RedisOptions>;
  /**
   * Cluster only: open one sharded subscriber per master so SSUBSCRIBE works. Only connections
   * that subscribe need it; every other cluster client would hold idle connections for nothing.
   */
  shardedSubscribers?: boolean;
}

// Capped exponential backoff with jitter: fast recovery from a blip, no thundering herd of a
// whole fleet reconnecting in lockstep after a Redis restart.
function reconnectDelay(times: number): number {
  const base = Math.min(50 * 2 ** Math.min(times, 6), 2000);
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

// After a failover the old primary answers READONLY until the client notices the new topology;
// reconnecting (and resending the command) is the documented way out.
function reconnectOnError(error: Error): boolean | 1 | 2 {
  return error.message.startsWith('READONLY') ? 2 : false;
}

/** CLIENT SETNAME refuses spaces and newlines; purposes are ours, but be defensive. */
function connectionName(purpose: string): string {
  return `folio:${purpose}`.replace(/[^\w.:@-]/g, '_').slice(0, 100);
}

function parseNode(node: string): { host: string; port: number } {
  const at = node.lastIndexOf(':');
  const port = Number(node.slice(at + 1));
  if (at <= 0 || !Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error(`Redis cluster node "${node}" must be host:port`);
  }
  return { host: node.slice(0, at), port };
}

/**
 * Logs connection trouble instead of letting an unhandled 'error' event crash the process.
 * While Redis is down ioredis emits an error per reconnect attempt, so repeats are throttled.
 */
function watch(client: RedisClient, purpose: string, logger: Logger): void {
  const log = logger.child({ 'folio.redis.purpose': purpose });
  let lastMessage = '';
  let lastLoggedAt = 0;
  let isFailing = false;
  client.on('error', (error: Error) => {
    isFailing = true;
    const now = Date.now();
    if (error.message === lastMessage && now - lastLoggedAt < 10_000) return;
    lastMessage = error.message;
    lastLoggedAt = now;
    log.warn({ error }, 'redis connection error');
  });
  client.on('ready', () => {
    if (isFailing) log.info('redis connection restored');
    isFailing = false;
    lastMessage = '';
  });
  if (client.isCluster) {
    client.on('node error', (error: Error, node: string) => {
      log.debug({ error, node }, 'redis cluster node error');
    });
  }
}

/** Opens a Redis or Redis Cluster connection with Folio's retry policy and error logging. */
export function createRedis(options: CreateRedisOptions): RedisClient {
  const name = connectionName(options.purpose);
  const common: RedisOptions = {
    connectionName: name,
    retryStrategy: reconnectDelay,
    reconnectOnError,
    lazyConnect: options.lazy ?? false,
    // ioredis arms this timer even when the socket is already gone (disconnect while
    // reconnecting), holding the event loop open for its full length at shutdown.
    disconnectTimeout: 500,
    ...options.redisOptions,
  };
  let client: RedisClient;
  if (options.clusterNodes && options.clusterNodes.length > 0) {
    const clusterOptions: ClusterOptions = {
      redisOptions: common,
      clusterRetryStrategy: reconnectDelay,
      lazyConnect: options.lazy ?? false,
      shardedSubscribers: options.shardedSubscribers ?? false,
      enableReadyCheck: options.redisOptions?.enableReadyCheck ?? true,
    };
    client = new Cluster(options.clusterNodes.map(parseNode), clusterOptions);
  } else if (options.url) {
    client = new Redis(options.url, common);
  } else {
    throw new Error(`createRedis(${options.purpose}) needs a url or cluster nodes`);
  }
  watch(client, options.purpose, options.logger);
  return client;
}

/** True when Redis answers PING within timeoutMs; never rejects (for /readyz). */
export async function pingRedis(client: RedisClient, timeoutMs = 1000): Promise<boolean> {
  if (client.status === 'end') return false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const answer = await Promise.race([client.ping(), timeout]);
    return answer === 'PONG';
  } catch {
    // A rejected PING (connection closed, cluster down) is exactly the "not ready" answer.
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves true when one of events fires, false after timeoutMs. */
function once(client: RedisClient, events: string[], timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const finish = (fired: boolean) => {
      clearTimeout(timer);
      for (const event of events) client.off(event, onEvent);
      resolve(fired);
    };
    const onEvent = () => finish(true);
    const timer = setTimeout(() => finish(false), timeoutMs);
    for (const event of events) client.once(event, onEvent);
  });
}

/**
 * Closes a connection and resolves once its socket is gone: QUIT when it is healthy (replies
 * still pending arrive first), a hard disconnect when it is not connected or QUIT does not
 * finish within timeoutMs. Never rejects.
 */
export async function closeRedis(client: RedisClient, timeoutMs = 2000): Promise<void> {
  if (client.status === 'end') return;
  if (client.status === 'connecting' || client.status === 'connect') {
    // A cluster disconnected mid-handshake still finishes it and then arms its slot-refresh
    // timer, which nothing clears: let the attempt settle first.
    await once(client, ['ready', 'close', 'end'], timeoutMs);
  }
  if (client.status !== 'ready') {
    // Not connected (waiting, reconnecting): cancel any reconnect; there is no socket to await.
    client.disconnect();
    return;
  }
  const ended = once(client, ['end'], timeoutMs);
  // A failing QUIT means the connection broke meanwhile; 'end' (or the timeout) follows anyway.
  client.quit().catch(() => undefined);
  if (await ended) return;
  const forced = once(client, ['end'], 500);
  client.disconnect();
  await forced;
}
