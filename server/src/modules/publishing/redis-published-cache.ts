import type { Keyspace } from '../../platform/redis/keys.js';
import type { RedisClient } from '../../platform/redis/connection.js';
import type { CachedPage, PublishedCache } from './published-cache.js';
import type { PublishedDocument } from './published-document.js';

/**
 * The fleet's cache in Redis. Every key of a tenant carries its hash tag (keyspace.tenant), so
 * the MGET of a page's documents and the DEL of an invalidation stay in one cluster slot.
 * Documents are strings with a TTL; slugs and listing pages are one hash each per tenant, so an
 * invalidation drops them all with one DEL. A hash's TTL is set when it is created (EXPIRE NX),
 * which bounds how long any of its fields may outlive a lost invalidation.
 */
export class RedisPublishedCache implements PublishedCache {
  constructor(
    private readonly redis: RedisClient,
    private readonly keyspace: Keyspace,
    private readonly ttlSeconds: number,
  ) {}

  async getDocuments(
    tenantId: string,
    ids: readonly string[],
  ): Promise<Map<string, PublishedDocument>> {
    const found = new Map<string, PublishedDocument>();
    if (ids.length === 0) return found;
    const values = await this.redis.mget(...ids.map((id) => this.docKey(tenantId, id)));
    values.forEach((value, i) => {
      const id = ids[i];
      if (value && id) found.set(id, JSON.parse(value) as PublishedDocument);
    });
    return found;
  }

  async setDocuments(tenantId: string, docs: readonly PublishedDocument[]): Promise<void> {
    if (docs.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const doc of docs) {
      pipeline.set(this.docKey(tenantId, doc.id), JSON.stringify(doc), 'EX', this.ttlSeconds);
    }
    await pipeline.exec();
  }

  async getSlug(tenantId: string, slug: string): Promise<string | null> {
    return this.redis.hget(this.keyspace.tenant(tenantId, 'published', 'slugs'), slug);
  }

  async setSlug(tenantId: string, slug: string, id: string): Promise<void> {
    await this.setField(this.keyspace.tenant(tenantId, 'published', 'slugs'), slug, id);
  }

  async getPage(tenantId: string, key: string): Promise<CachedPage | null> {
    const value = await this.redis.hget(this.keyspace.tenant(tenantId, 'published', 'pages'), key);
    return value ? (JSON.parse(value) as CachedPage) : null;
  }

  async setPage(tenantId: string, key: string, page: CachedPage): Promise<void> {
    const hash = this.keyspace.tenant(tenantId, 'published', 'pages');
    await this.setField(hash, key, JSON.stringify(page));
  }

  async invalidate(tenantId: string, documentId: string): Promise<void> {
    await this.redis.del(
      this.docKey(tenantId, documentId),
      this.keyspace.tenant(tenantId, 'published', 'slugs'),
      this.keyspace.tenant(tenantId, 'published', 'pages'),
    );
  }

  private docKey(tenantId: string, documentId: string): string {
    return this.keyspace.tenant(tenantId, 'published', 'doc', documentId);
  }

  private async setField(hash: string, field: string, value: string): Promise<void> {
    await this.redis.multi().hset(hash, field, value).expire(hash, this.ttlSeconds, 'NX').exec();
  }
}
