import type { PublishedDocument } from './published-document.js';

/** A cached page of a listing: the documents' ids (their bodies live in the document cache). */
export interface CachedPage {
  readonly ids: string[];
  readonly nextCursor: string | null;
}

/**
 * Where published reads are cached: documents by (tenant, document) — the entry carries its
 * version, so a republish replaces it — plus, per tenant, slug → id and listing pages.
 * `invalidate` drops the document and every slug and listing of its tenant (a publication can
 * change any listing's order, and a slug may have moved).
 */
export interface PublishedCache {
  getDocuments(tenantId: string, ids: readonly string[]): Promise<Map<string, PublishedDocument>>;
  setDocuments(tenantId: string, docs: readonly PublishedDocument[]): Promise<void>;
  getSlug(tenantId: string, slug: string): Promise<string | null>;
  setSlug(tenantId: string, slug: string, id: string): Promise<void>;
  getPage(tenantId: string, key: string): Promise<CachedPage | null>;
  setPage(tenantId: string, key: string, page: CachedPage): Promise<void>;
  invalidate(tenantId: string, documentId: string): Promise<void>;
}

interface Entry {
  readonly value: unknown;
  readonly expiresAt: number;
}

/**
 * The embedded cache: one bounded LRU per process (a Map keeps insertion order; a hit is
 * re-inserted). Slug and listing keys carry a per-tenant generation, so invalidating a tenant's
 * slugs and listings is one increment; their old entries age out of the LRU.
 */
export class MemoryPublishedCache implements PublishedCache {
  private readonly entries = new Map<string, Entry>();
  private readonly generations = new Map<string, number>();

  constructor(private readonly options: { ttlSeconds: number; maxEntries: number }) {}

  async getDocuments(
    tenantId: string,
    ids: readonly string[],
  ): Promise<Map<string, PublishedDocument>> {
    const found = new Map<string, PublishedDocument>();
    for (const id of ids) {
      const doc = this.read<PublishedDocument>(`${tenantId}|doc|${id}`);
      if (doc) found.set(id, doc);
    }
    return found;
  }

  async setDocuments(tenantId: string, docs: readonly PublishedDocument[]): Promise<void> {
    for (const doc of docs) this.write(`${tenantId}|doc|${doc.id}`, doc);
  }

  async getSlug(tenantId: string, slug: string): Promise<string | null> {
    return this.read<string>(this.tenantKey(tenantId, 'slug', slug));
  }

  async setSlug(tenantId: string, slug: string, id: string): Promise<void> {
    this.write(this.tenantKey(tenantId, 'slug', slug), id);
  }

  async getPage(tenantId: string, key: string): Promise<CachedPage | null> {
    return this.read<CachedPage>(this.tenantKey(tenantId, 'page', key));
  }

  async setPage(tenantId: string, key: string, page: CachedPage): Promise<void> {
    this.write(this.tenantKey(tenantId, 'page', key), page);
  }

  async invalidate(tenantId: string, documentId: string): Promise<void> {
    this.entries.delete(`${tenantId}|doc|${documentId}`);
    this.generations.set(tenantId, (this.generations.get(tenantId) ?? 0) + 1);
  }

  private tenantKey(tenantId: string, kind: string, key: string): string {
    return `${tenantId}|${this.generations.get(tenantId) ?? 0}|${kind}|${key}`;
  }

  private read<T>(key: string): T | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    this.entries.delete(key);
    if (entry.expiresAt <= Date.now()) return null;
    this.entries.set(key, entry);
    return entry.value as T;
  }

  private write(key: string, value: unknown): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: Date.now() + this.options.ttlSeconds * 1000 });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}

/** No caching at all (PUBLISHED_CACHE_TTL_SECONDS=0). */
export const noPublishedCache: PublishedCache = {
  getDocuments: async () => new Map(),
  setDocuments: async () => undefined,
  getSlug: async () => null,
  setSlug: async () => undefined,
  getPage: async () => null,
  setPage: async () => undefined,
  invalidate: async () => undefined,
};
