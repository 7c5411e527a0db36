import { resolve } from 'node:path';
import type { Config } from '../config/config.js';
import type { EventBus } from '../platform/bus/bus.port.js';
import { MemoryBus } from '../platform/bus/memory-bus.js';
import { RedisBus } from '../platform/bus/redis-bus.js';
import type { ReadinessCheck } from '../platform/http/health.routes.js';
import type { Lifecycle } from '../platform/lifecycle/lifecycle.js';
import type { Logger } from '../platform/logging/logger.js';
import { BullQueue } from '../platform/queue/bull-queue.js';
import { MemoryQueue } from '../platform/queue/memory-queue.js';
import type { JobQueue } from '../platform/queue/queue.port.js';
import { closeRedis, createRedis, pingRedis } from '../platform/redis/connection.js';
import { createKeyspace, type Keyspace } from '../platform/redis/keys.js';
import type { BlobStorage } from '../platform/storage/blob-storage.port.js';
import { LocalDiskStorage } from '../platform/storage/local-disk-storage.js';

/** The adapters that differ between the embedded node and a fleet member. */
export interface PlatformServices {
  mode: 'embedded-services' | 'redis';
  /** Where Redis is, for adapters that need connections of their own; null when embedded. */
  redis: { url: string } | { clusterNodes: string[] } | null;
  keyspace: Keyspace;
  bus: EventBus;
  queue: JobQueue;
  storage: BlobStorage;
  readiness: Record<string, ReadinessCheck>;
}

/**
 * Redis configured → Redis bus and bull queues; otherwise the in-process ones with the same
 * semantics. Blob storage is local disk until the media issue brings S3.
 */
export async function createPlatformServices(options: {
  config: Config;
  logger: Logger;
  nodeId: string;
  lifecycle: Lifecycle;
}): Promise<PlatformServices> {
  const { config, logger, nodeId, lifecycle } = options;
  const keyspace = createKeyspace(config.REDIS_KEY_PREFIX);
  const storage = new LocalDiskStorage({ root: resolve(config.FOLIO_DATA_DIR, 'blobs') });
  const redisTarget = config.REDIS_URL
    ? { url: config.REDIS_URL }
    : config.REDIS_CLUSTER_NODES
      ? { clusterNodes: config.REDIS_CLUSTER_NODES }
      : null;

  if (!redisTarget) {
    const bus = new MemoryBus({ logger, nodeId });
    const queue = new MemoryQueue({ logger });
    lifecycle.onStop('bus', () => bus.close());
    lifecycle.onStop('queue', () => queue.close());
    if (config.roles.has('worker')) await queue.start();
    return { mode: 'embedded-services', redis: null, keyspace, bus, queue, storage, readiness: {} };
  }

  // A separate connection for probes, so a busy subscriber never makes /readyz lie.
  const probe = createRedis({ ...redisTarget, purpose: 'probe', logger });
  lifecycle.onStop('redis-probe', () => closeRedis(probe));
  const bus = new RedisBus({ redis: redisTarget, logger, nodeId });
  lifecycle.onStop('bus', () => bus.close());
  const queue = new BullQueue({ redis: redisTarget, prefix: keyspace.bullPrefix(), logger });
  lifecycle.onStop('queue', () => queue.close());
  if (config.roles.has('worker')) await queue.start();
  return {
    mode: 'redis',
    redis: redisTarget,
    keyspace,
    bus,
    queue,
    storage,
    readiness: { redis: () => pingRedis(probe, 1000) },
  };
}
