import { jest } from '@jest/globals';
import { MemoryPublishedCache } from './published-cache.js';
import type { PublishedDocument } from './published-document.js';

const T = 'tenant-a';

function doc(id: string, version = 'v1'): PublishedDocument {
  return {
    id,
    slug: `slug-${id}`,
    title: id,
    contentType: 'article',
    version: { id: version, number: 1, contentHash: 'sha256:x' },
    publishedAt: '2026-01-01T00:00:00.000Z',
    fields: {},
    body: { type: 'doc', content: [] } as unknown as PublishedDocument['body'],
    html: '',
  };
}

describe('MemoryPublishedCache', () => {
  it('evicts the least recently used entry beyond its bound', async () => {
    const cache = new MemoryPublishedCache({ ttlSeconds: 60, maxEntries: 2 });
    await cache.setDocuments(T, [doc('a'), doc('b')]);
    await cache.getDocuments(T, ['a']); // a is now the most recent
    await cache.setDocuments(T, [doc('c')]);
    expect([...(await cache.getDocuments(T, ['a', 'b', 'c'])).keys()]).toEqual(['a', 'c']);
  });

  it('forgets entries after the TTL', async () => {
    const now = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
    const cache = new MemoryPublishedCache({ ttlSeconds: 1, maxEntries: 10 });
    await cache.setSlug(T, 'hello', 'a');
    expect(await cache.getSlug(T, 'hello')).toBe('a');
    now.mockReturnValue(1_001_001);
    expect(await cache.getSlug(T, 'hello')).toBeNull();
    now.mockRestore();
  });

  it("invalidation drops the document and all of its tenant's slugs and pages, not other tenants'", async () => {
    const cache = new MemoryPublishedCache({ ttlSeconds: 60, maxEntries: 100 });
    await cache.setDocuments(T, [doc('a'), doc('b')]);
    await cache.setSlug(T, 'slug-b', 'b');
    await cache.setPage(T, 'all', { ids: ['a', 'b'], nextCursor: null });
    await cache.setPage('tenant-b', 'all', { ids: ['z'], nextCursor: null });
    await cache.invalidate(T, 'a');
    expect([...(await cache.getDocuments(T, ['a', 'b'])).keys()]).toEqual(['b']);
    expect(await cache.getSlug(T, 'slug-b')).toBeNull();
    expect(await cache.getPage(T, 'all')).toBeNull();
    expect(await cache.getPage('tenant-b', 'all')).toEqual({ ids: ['z'], nextCursor: null });
  });
});
