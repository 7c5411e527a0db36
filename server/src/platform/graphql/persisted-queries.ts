/**
 * Automatic persisted queries (Apollo's APQ protocol): a client sends
 * `extensions.persistedQuery { version: 1, sha256Hash }` without the query; an unknown hash is
 * answered PERSISTED_QUERY_NOT_FOUND and the client retries with query and hash, which is stored.
 * Hash → query is content-addressed (the hash is checked), so one store serves every tenant.
 */
import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { RedisClient } from '../redis/connection.js';

/** Where hash → query lives. */
export interface PersistedQueryStore {
  get(hash: string): Promise<string | null>;
  set(hash: string, query: string): Promise<void>;
}

/** A bounded in-memory store (least recently used entries go first), for a node without Redis. */
export class MemoryPersistedQueries implements PersistedQueryStore {
  private readonly entries = new Map<string, string>();

  constructor(private readonly maxEntries = 1000) {}

  get(hash: string): Promise<string | null> {
    const query = this.entries.get(hash);
    if (query === undefined) return Promise.resolve(null);
    this.entries.delete(hash);
    this.entries.set(hash, query);
    return Promise.resolve(query);
  }

  set(hash: string, query: string): Promise<void> {
    this.entries.delete(hash);
    this.entries.set(hash, query);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return Promise.resolve();
  }
}

/** Redis-backed store shared by the fleet; entries expire so unused queries do not pile up. */
export class RedisPersistedQueries implements PersistedQueryStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keyOf: (hash: string) => string,
    private readonly ttlSeconds = 7 * 24 * 3600,
  ) {}

  get(hash: string): Promise<string | null> {
    return this.redis.get(this.keyOf(hash));
  }

  async set(hash: string, query: string): Promise<void> {
    await this.redis.set(this.keyOf(hash), query, 'EX', this.ttlSeconds);
  }
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

function apqError(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

/** The query of a request: as sent, or from the store by its hash; a GraphQLError otherwise. */
export async function resolvePersistedQuery(
  store: PersistedQueryStore,
  query: unknown,
  extensions: Record<string, unknown> | undefined,
  maxQueryLength: number,
): Promise<string | GraphQLError> {
  const persisted = extensions?.persistedQuery;
  if (persisted === undefined) {
    if (typeof query !== 'string' || query.length === 0)
      return apqError('The request has no query', 'BAD_USER_INPUT');
    return query;
  }
  if (typeof persisted !== 'object' || persisted === null)
    return apqError('extensions.persistedQuery must be an object', 'BAD_USER_INPUT');
  const { version, sha256Hash } = persisted as { version?: unknown; sha256Hash?: unknown };
  if (version !== 1)
    return apqError('Only persisted query version 1 is supported', 'PERSISTED_QUERY_NOT_SUPPORTED');
  if (typeof sha256Hash !== 'string' || !SHA256_HEX.test(sha256Hash))
    return apqError('sha256Hash must be 64 lowercase hex digits', 'BAD_USER_INPUT');
  if (query === undefined || query === null) {
    const stored = await store.get(sha256Hash);
    return stored ?? apqError('PersistedQueryNotFound', 'PERSISTED_QUERY_NOT_FOUND');
  }
  if (typeof query !== 'string' || query.length === 0)
    return apqError('The query must be a string', 'BAD_USER_INPUT');
  if (query.length > maxQueryLength)
    return apqError(`The query is longer than ${maxQueryLength} characters`, 'BAD_USER_INPUT');
  if (createHash('sha256').update(query).digest('hex') !== sha256Hash)
    return apqError('provided sha does not match query', 'BAD_USER_INPUT');
  await store.set(sha256Hash, query);
  return query;
}
