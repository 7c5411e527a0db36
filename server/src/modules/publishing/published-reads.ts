import type { DataSource } from 'typeorm';
import type { Config } from '../../config/config.js';
import type { Logger } from '../../platform/logging/logger.js';
import { closeRedis, createRedis, type RedisClient } from '../../platform/redis/connection.js';
import type { Keyspace } from '../../platform/redis/keys.js';
import type { EventFeed } from '../events/index.js';
import { MemoryPublishedCache, noPublishedCache, type PublishedCache } from './published-cache.js';
import { cachedPublishedContent, type PublishedContent } from './published-content.js';
import { RedisPublishedCache } from './redis-published-cache.js';

/** The event types that change what is published. */
export const PUBLICATION_EVENTS: ReadonlySet<string> = new Set([
  'document.published',
  'document.unpublished',
]);

/**
 * Metadata changes of a document, published or not: a rename or a new slug changes what the
 * delivery API serves (title, slug lookups, listings), a deletion removes it.
 */
export const DOCUMENT_METADATA_EVENTS: ReadonlySet<string> = new Set([
  'document.updated',
  'document.deleted',
]);

/** True when an event makes cached published reads of its document stale. */
export function invalidatesPublished(type: string): boolean {
  return PUBLICATION_EVENTS.has(type) || DOCUMENT_METADATA_EVENTS.has(type);
}

/** What the cached published reads are built from (a subset of the app's feature deps). */
export interface PublishedReadsDeps {
  readonly config: Pick<Config, 'PUBLISHED_CACHE_TTL_SECONDS'>;
  readonly logger: Logger;
  readonly dataSource: DataSource;
  readonly events: Pick<EventFeed, 'subscribe'>;
  readonly keyspace: Keyspace;
  readonly redis: { url: string } | { clusterNodes: string[] } | null;
}

/** The reads with their cache's lifecycle. */
export interface PublishedReads extends PublishedContent {
  close(): Promise<void>;
}

// Enough for a few thousand hot documents per process; a miss only costs one query.
const MEMORY_CACHE_ENTRIES = 5000;

// One instance per node (keyed by its DataSource): the REST routes and the GraphQL module share
// its cache, its Redis connection and its single event subscription.
const perNode = new WeakMap<DataSource, PublishedReads>();

/**
 * The node's published reads: cached in Redis when the node has one (shared by the fleet), else in
 * a bounded in-memory LRU; every node drops the entries of a document as it hears the document
 * published, unpublished, renamed or deleted on the event feed.
 */
export function createPublishedContent(deps: PublishedReadsDeps): PublishedReads {
  const existing = perNode.get(deps.dataSource);
  if (existing) return existing;
  const ttlSeconds = deps.config.PUBLISHED_CACHE_TTL_SECONDS;
  let redis: RedisClient | null = null;
  let cache: PublishedCache = noPublishedCache;
  if (ttlSeconds > 0 && deps.redis) {
    redis = createRedis({
      ...deps.redis,
      purpose: 'published-cache',
      logger: deps.logger,
      lazy: true,
    });
    cache = new RedisPublishedCache(redis, deps.keyspace, ttlSeconds);
  } else if (ttlSeconds > 0) {
    cache = new MemoryPublishedCache({ ttlSeconds, maxEntries: MEMORY_CACHE_ENTRIES });
  }
  const unsubscribe = deps.events.subscribe((event) => {
    if (!invalidatesPublished(event.type) || !event.documentId) return;
    cache.invalidate(event.tenantId, event.documentId).catch((error: unknown) => {
      deps.logger.warn({ error, eventId: event.id }, 'published cache invalidation failed');
    });
  });
  const reads: PublishedReads = {
    ...cachedPublishedContent({ dataSource: deps.dataSource, cache }),
    async close() {
      unsubscribe();
      perNode.delete(deps.dataSource);
      if (redis) await closeRedis(redis);
    },
  };
  perNode.set(deps.dataSource, reads);
  return reads;
}
