import { execute, parse } from 'graphql';
import type { DataSource } from 'typeorm';
import type { Principal } from '../../access/index.js';
import type { DocumentContent } from '../../collab/index.js';
import type { PublishedContent, PublishedDocument } from '../../publishing/index.js';
import { createGraphqlContext } from '../graphql.context.js';
import { buildGraphqlSchema } from './index.js';

const ids = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'];

function doc(id: string): PublishedDocument {
  return {
    id,
    slug: `s-${id.slice(-1)}`,
    title: `Doc ${id.slice(-1)}`,
    contentType: 'page',
    version: { id, number: 1, contentHash: 'sha256:x' },
    publishedAt: null,
    fields: { summary: 'S', hero: 'H' },
    body: { type: 'doc', content: [] } as unknown as PublishedDocument['body'],
    html: '<p></p>',
  };
}

describe('the GraphQL schema', () => {
  const calls: string[][] = [];
  const published: PublishedContent = {
    list: () => Promise.resolve({ items: [], nextCursor: null }),
    get: () => Promise.resolve(null),
    getMany: (_tenantId, wanted) => {
      calls.push([...wanted]);
      return Promise.resolve(
        new Map(wanted.filter((id) => ids.includes(id)).map((id) => [id, doc(id)])),
      );
    },
  };
  const schema = buildGraphqlSchema({
    dataSource: {} as DataSource,
    content: {} as DocumentContent,
    events: { subscribe: () => () => undefined },
    published,
    changeDebounceMs: 1000,
  });
  const principal: Principal = {
    kind: 'apiKey',
    tenantId: '00000000-0000-4000-8000-00000000000a',
    apiKeyId: '00000000-0000-4000-8000-00000000000b',
    permissions: new Set(['published.read']),
  };
  const run = (query: string) =>
    execute({
      schema,
      document: parse(query),
      contextValue: createGraphqlContext({ dataSource: {} as DataSource, published }, principal),
    });

  beforeEach(() => {
    calls.length = 0;
  });

  it('batches published documents of one operation into one getMany', async () => {
    const result = await run(`{
      a: publishedDocument(id: "${ids[0]}") { title }
      b: publishedDocument(id: "${ids[1]}") { title fields(keys: ["summary"]) }
      c: publishedDocument(id: "${ids[0]}") { slug }
      d: publishedDocument(id: "not-a-uuid") { slug }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      a: { title: 'Doc 1' },
      b: { title: 'Doc 2', fields: { summary: 'S' } },
      c: { slug: 's-1' },
      d: null,
    });
    expect(calls).toEqual([ids]);
  });

  it('refuses what the principal may not read', async () => {
    const result = await run(`{ document(id: "${ids[0]}") { id } }`);
    expect(result.errors?.[0]?.message).toBe('Missing permission documents.read');
    expect(calls).toEqual([]);
  });
});
