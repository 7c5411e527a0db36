import request from 'supertest';
import { startTestServer, type TestServer } from '../../../test/test-server.js';
import { draftDocument, gql, hostOf, memberOf, type TestMember } from './graphql-test-support.js';

describe('GraphQL limits and malformed input', () => {
  let server: TestServer;
  let owner: TestMember;
  let documentId: string;

  beforeAll(async () => {
    server = await startTestServer({
      label: 'graphql-limits',
      env: { GRAPHQL_MAX_DEPTH: '4', GRAPHQL_MAX_COST: '2000' },
    });
    owner = await memberOf(server, 'owner');
    documentId = await draftDocument(server, owner, 'Limits');
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  const ask = (query: string) => gql(server, hostOf(owner), owner.token, { query });
  const threads = async () =>
    (await owner.get(`/api/v1/documents/${documentId}/comments`).expect(200)).body
      .items as unknown[];
  const add = (alias: string, selection: string) =>
    `${alias}: addComment(documentId: "${documentId}", anchor: {kind: "text", from: 0, to: 4}, body: "x") { ${selection} }`;

  it('runs a mutation within the limits', async () => {
    const res = await ask(`mutation { ${add('a', 'id comments { author { type } }')} }`).expect(
      200,
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.a.id).toEqual(expect.any(String));
    expect(await threads()).toHaveLength(1);
  });

  it('refuses a too-deep mutation before it runs', async () => {
    const res = await ask(
      `mutation { ${add('a', 'comments { author { member { userId } } }')} }`,
    ).expect(400);
    expect(res.body.errors[0].extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'depth',
      max: 4,
    });
    expect(res.body.data).toBeUndefined();
    expect(await threads()).toHaveLength(1);
  });

  it('refuses an over-cost mutation before it runs (lists count 20 without first)', async () => {
    // Each alias costs 1 + 1 + 20 × 3 = 62; 40 of them pass 2000.
    const aliases = Array.from({ length: 40 }, (_, i) =>
      add(`a${i}`, 'comments { author { type id } id }'),
    );
    const res = await ask(`mutation { ${aliases.join(' ')} }`).expect(400);
    expect(res.body.errors[0].extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'cost',
      max: 2000,
    });
    expect(await threads()).toHaveLength(1);
    // 1 + 100 × (1 + 1 + 5) = 701 per connection; three pass 2000.
    const members =
      'members(first: 100) { edges { node { userId email role displayName joinedAt } } }';
    const paged = await ask(`{ a: ${members} b: ${members} c: ${members} }`).expect(400);
    expect(paged.body.errors[0].extensions.limit).toBe('cost');
  });

  it('answers thousands of malformed requests with 4xx only', async () => {
    const host = hostOf(owner);
    const auth = `Bearer ${owner.token}`;
    const bodies: (string | object)[] = [
      '{',
      '[]',
      '"query"',
      'null',
      '{"query": 1}',
      '{"query": null}',
      '{"query": ""}',
      '{"query": {}}',
      { query: '{' },
      { query: '{ nope }' },
      { query: 'query { members(first: "x") { pageInfo { hasNextPage } } }' },
      {
        query: 'query($f: Int) { members(first: $f) { pageInfo { hasNextPage } } }',
        variables: { f: 'x' },
      },
      { query: 'query($f: Int!) { members(first: $f) { pageInfo { hasNextPage } } }' },
      { query: '{ __typename }', variables: [] },
      { query: '{ __typename }', variables: 'x' },
      { query: '{ __typename }', operationName: 7 },
      { query: '{ __typename }', extensions: [] },
      { query: 'query A { __typename } query B { __typename }' },
      { query: '{ __typename }', operationName: 'Missing' },
      { query: 'subscription { documentPublished { documentId } }' },
      { query: '{ members(first: 1000) { pageInfo { hasNextPage } } }' },
      { extensions: { persistedQuery: { version: 2, sha256Hash: 'a'.repeat(64) } } },
      { extensions: { persistedQuery: { version: 1, sha256Hash: 'xyz' } } },
      { extensions: { persistedQuery: 'x' } },
      {
        query: '{ __typename }',
        extensions: { persistedQuery: { version: 1, sha256Hash: 'b'.repeat(64) } },
      },
      { query: `{ ${'a: __typename '.repeat(6000)} }` },
      { query: 'fragment F on Query { ...F } { ...F }' },
      { query: `{ document(id: "${'x'.repeat(500)}") { id } }` },
      { query: '{ publishedDocuments(after: "!!!") { pageInfo { hasNextPage } } }' },
      { query: '{ members(after: "bm9wZQ") { pageInfo { hasNextPage } } }' },
      {
        query: `{ document(id: "${documentId}") { versions(after: "zz") { pageInfo { hasNextPage } } } }`,
      },
      { query: '{ publishedDocument { id } }' },
      {
        query: `mutation { addComment(documentId: "${documentId}", anchor: {kind: "bogus"}, body: "x") { id } }`,
      },
      {
        query: `mutation { transitionDocument(documentId: "${documentId}", transition: "nope") { revision } }`,
      },
      { query: '\u0000\uffff' },
      { query: 'x'.repeat(200_000) },
    ];
    const statuses = new Map<number, number>();
    const deadline = Date.now() + 150_000;
    // With the REST flood (malformed-input), over 10,000 malformed requests in all.
    const total = 5000;
    let sent = 0;
    const worker = async () => {
      while (sent < total && Date.now() < deadline) {
        const i = sent++;
        const body = bodies[i % bodies.length]!;
        const variant = Math.floor(i / bodies.length) % 3;
        let test: request.Test;
        if (variant === 2 && typeof body === 'object') {
          const params: Record<string, string> = {};
          for (const [k, v] of Object.entries(body))
            params[k] = typeof v === 'string' ? v : JSON.stringify(v);
          test = request(server.url).get('/graphql').query(params);
        } else {
          test = request(server.url)
            .post('/graphql')
            .set('Content-Type', variant === 1 ? 'text/plain' : 'application/json');
          test = test.send(typeof body === 'string' ? body : JSON.stringify(body));
        }
        const res = await test
          .set('Host', host)
          .set('Authorization', auth)
          .set('Accept', 'application/json');
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    const count = [...statuses.values()].reduce((a, b) => a + b, 0);
    expect(count).toBe(total);
    const serverErrors = [...statuses.keys()].filter((s) => s >= 500);
    expect({ serverErrors, statuses: Object.fromEntries(statuses) }).toMatchObject({
      serverErrors: [],
    });
    expect(await threads()).toHaveLength(1);
  }, 200_000);

  it('serves the query page to browsers, with a CSP that allows only its own script', async () => {
    const res = await request(server.url).get('/graphql').set('Accept', 'text/html').expect(200);
    expect(res.text).toContain('Folio GraphQL');
    expect(res.headers['content-security-policy']).toMatch(/script-src 'nonce-/);
  });
});
