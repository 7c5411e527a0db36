import type { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor } from '../../platform/db/keyset-cursor.js';
import { withTenant } from '../../platform/db/unit-of-work.js';
import type { PublishedCache } from './published-cache.js';
import type { PublishedDocument } from './published-document.js';
import { publishedRepository } from './published.repository.js';

/** Published reads, cached: what REST and GraphQL both serve. */
export interface PublishedContent {
  /** A page of published documents, newest publication first; `after` is a previous `nextCursor`. */
  list(
    tenantId: string,
    options: { contentType?: string; limit: number; after?: string },
  ): Promise<{ items: PublishedDocument[]; nextCursor: string | null }>;
  /** One published document by id or slug; null when there is none (drafts are never returned). */
  get(tenantId: string, key: { id: string } | { slug: string }): Promise<PublishedDocument | null>;
  /** The published documents among `ids` (for DataLoader batching); unpublished ids are absent. */
  getMany(tenantId: string, ids: readonly string[]): Promise<Map<string, PublishedDocument>>;
}

/** Builds the reads over the publication tables, through `cache`. */
export function cachedPublishedContent(deps: {
  readonly dataSource: DataSource;
  readonly cache: PublishedCache;
}): PublishedContent {
  const { dataSource, cache } = deps;

  async function getMany(tenantId: string, ids: readonly string[]) {
    const unique = [...new Set(ids)];
    const found = await cache.getDocuments(tenantId, unique);
    const missing = unique.filter((id) => !found.has(id));
    if (missing.length > 0) {
      const loaded = await withTenant(dataSource, tenantId, (tx) =>
        publishedRepository.byIds(tx, tenantId, missing),
      );
      await cache.setDocuments(tenantId, loaded);
      for (const doc of loaded) found.set(doc.id, doc);
    }
    return found;
  }

  async function idOf(tenantId: string, slug: string): Promise<string | null> {
    const cached = await cache.getSlug(tenantId, slug);
    if (cached) return cached;
    const id = await withTenant(dataSource, tenantId, (tx) =>
      publishedRepository.idBySlug(tx, tenantId, slug),
    );
    if (id) await cache.setSlug(tenantId, slug, id);
    return id;
  }

  return {
    async list(tenantId, options) {
      const key = `${options.contentType ?? '*'}|${options.limit}|${options.after ?? ''}`;
      let page = await cache.getPage(tenantId, key);
      if (!page) {
        const after = options.after ? decodeCursor(options.after) : undefined;
        const rows = await withTenant(dataSource, tenantId, (tx) =>
          publishedRepository.page(tx, tenantId, {
            limit: options.limit + 1,
            ...(options.contentType ? { contentType: options.contentType } : {}),
            ...(after ? { after } : {}),
          }),
        );
        const ids = rows.ids.slice(0, options.limit);
        const last = rows.keysets[ids.length - 1];
        page = {
          ids,
          nextCursor: rows.ids.length > options.limit && last ? encodeCursor(last) : null,
        };
        await cache.setPage(tenantId, key, page);
      }
      const docs = await getMany(tenantId, page.ids);
      // A document unpublished between the page and its bodies is simply left out.
      const items = page.ids.flatMap((id) => docs.get(id) ?? []);
      return { items, nextCursor: page.nextCursor };
    },

    async get(tenantId, key) {
      if ('id' in key) return (await getMany(tenantId, [key.id])).get(key.id) ?? null;
      const id = await idOf(tenantId, key.slug);
      if (!id) return null;
      const doc = (await getMany(tenantId, [id])).get(id) ?? null;
      if (!doc || doc.slug === key.slug) return doc;
      // The cached entry predates a rename of the document: read slug and document afresh.
      await cache.invalidate(tenantId, id);
      const fresh = await idOf(tenantId, key.slug);
      return fresh ? ((await getMany(tenantId, [fresh])).get(fresh) ?? null) : null;
    },

    getMany,
  };
}
