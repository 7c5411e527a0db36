import { FolioAuth } from '../auth/auth.js';
import { PublishedContent } from '../content/content.js';
import { HttpTransport } from '../http.js';
import { fillPath, RestClient } from './rest-client.js';

/**
 * A list endpoint served by a fetch function: `total` items in pages of the requested `limit`,
 * the cursor being the next offset. Records every URL asked for.
 */
function pagedServer(total: number) {
  const urls: URL[] = [];
  const fetchPages: typeof fetch = async (input) => {
    const url = urlOf(input);
    urls.push(url);
    const limit = Number(url.searchParams.get('limit') ?? 20);
    const from = Number(url.searchParams.get('cursor') ?? 0);
    const items = Array.from({ length: Math.max(0, Math.min(limit, total - from)) }, (_, i) => ({
      id: `doc-${from + i}`,
      title: `Doc ${from + i}`,
    }));
    const nextCursor = from + limit < total ? String(from + limit) : null;
    return new Response(JSON.stringify({ items, nextCursor }), {
      headers: { 'content-type': 'application/json' },
    });
  };
  const http = new HttpTransport('http://folio.test/', 'acme', fetchPages);
  const rest = new RestClient(http, new FolioAuth(http));
  return { rest, urls };
}

describe('fillPath', () => {
  it('substitutes and encodes path parameters', () => {
    expect(
      fillPath('/api/v1/documents/{documentId}/comments/{threadId}', {
        documentId: 'a b',
        threadId: 7,
      }),
    ).toBe('/api/v1/documents/a%20b/comments/7');
  });

  it('refuses a missing parameter instead of calling a wrong URL', () => {
    expect(() => fillPath('/api/v1/documents/{id}', {})).toThrow(/Missing path parameter "id"/);
  });
});

describe('cursor iteration', () => {
  it('follows nextCursor until the last page, keeping the query', async () => {
    const { rest, urls } = pagedServer(5);
    const ids: string[] = [];
    for await (const item of rest.paginate<{ id: string }>('/api/v1/documents', {
      query: { limit: 2, contentType: 'article' },
    })) {
      ids.push(item.id);
    }
    expect(ids).toEqual(['doc-0', 'doc-1', 'doc-2', 'doc-3', 'doc-4']);
    expect(urls.map((u) => u.searchParams.get('cursor'))).toEqual([null, '2', '4']);
    expect(urls.every((u) => u.searchParams.get('contentType') === 'article')).toBe(true);
    expect(urls[0]!.pathname).toBe('/api/v1/documents');
  });

  it('fetches a page only when the loop asks for more', async () => {
    const { rest, urls } = pagedServer(10);
    for await (const item of rest.paginate<{ id: string }>('/api/v1/documents', {
      query: { limit: 3 },
    })) {
      if (item.id === 'doc-1') break;
    }
    expect(urls).toHaveLength(1);
  });

  it('starts from a given cursor and stops on an empty list', async () => {
    const { rest, urls } = pagedServer(3);
    const seen: string[] = [];
    for await (const item of rest.paginate<{ id: string }>('/x', { query: { cursor: '1' } })) {
      seen.push(item.id);
    }
    expect(seen).toEqual(['doc-1', 'doc-2']);
    const empty = pagedServer(0);
    for await (const _ of empty.rest.paginate('/x')) throw new Error('no items expected');
    expect(empty.urls).toHaveLength(1);
    expect(urls).toHaveLength(1);
  });

  it('iterates published content page by page with the type filter', async () => {
    const { rest, urls } = pagedServer(4);
    const content = new PublishedContent(rest);
    const titles: string[] = [];
    for await (const doc of content.iterate({ type: 'article', limit: 3 })) titles.push(doc.title);
    expect(titles).toEqual(['Doc 0', 'Doc 1', 'Doc 2', 'Doc 3']);
    expect(urls.map((u) => u.pathname)).toEqual([
      '/api/v1/published/documents',
      '/api/v1/published/documents',
    ]);
    expect(urls.map((u) => u.searchParams.get('contentType'))).toEqual(['article', 'article']);
  });
});

/** Compile-time checks of the typed paths (the typecheck fails if these stop being errors). */
export function typedCallsAreChecked(rest: RestClient): void {
  void rest.get('/api/v1/documents', { query: { limit: 5 } });
  void rest.post('/api/v1/documents', { body: { title: 'Typed' } });
  void rest.get('/api/v1/documents/{documentId}/workflow', { params: { documentId: 'x' } });
  // @ts-expect-error a required body is missing
  void rest.post('/api/v1/documents');
  // @ts-expect-error the body does not match the schema
  void rest.post('/api/v1/documents', { body: { title: 3 } });
  // @ts-expect-error path parameters are required for templated paths
  void rest.get('/api/v1/documents/{documentId}/workflow');
}

function urlOf(input: RequestInfo | URL): URL {
  return new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
}
