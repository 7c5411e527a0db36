import { Validator } from '@seriousme/openapi-schema-validator';
import request from 'supertest';
import { startTestServer, type TestServer } from '../../test/test-server.js';

type Operations = Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;

describe('/api/v1/openapi.json', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ label: 'openapi' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('is a valid OpenAPI 3.1 document, served without credentials or tenant', async () => {
    const res = await request(server.url).get('/api/v1/openapi.json').expect(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body.openapi).toBe('3.1.0');
    const result = await new Validator().validate(res.body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(res.body.components.schemas.Error.properties.error.required).toEqual([
      'code',
      'message',
    ]);
    expect(res.body.components.securitySchemes.bearer).toMatchObject({ scheme: 'bearer' });
  });

  it('describes every /api/v1 route the node serves, and nothing else', async () => {
    const { body } = await request(server.url).get('/api/v1/openapi.json').expect(200);
    const served = server.node.routes
      .filter((route) => route.path.startsWith('/api/v1/') || route.path === '/api/v1')
      .map((route) => `${route.method} ${route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`);
    const documented = Object.entries(body.paths as Operations).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const missing = served.filter((route) => !documented.includes(route));
    const extra = documented.filter((route) => !served.includes(route));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    expect(new Set(served).size).toBe(served.length);
  });

  it('takes request schemas from the zod schemas and path parameters from the pattern', async () => {
    const { body } = await request(server.url).get('/api/v1/openapi.json').expect(200);
    const paths = body.paths as Operations;
    const createDocument = body.paths['/api/v1/documents'].post;
    expect(createDocument.requestBody.content['application/json'].schema).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['title']),
    });
    expect(createDocument['x-folio-permission']).toBe('documents.write');
    const version = paths['/api/v1/documents/{documentId}/versions/{versionId}']!.get!;
    const names = (version.parameters ?? []).map((p) => `${p.in}:${p.name}`);
    expect(names).toEqual(
      expect.arrayContaining(['path:documentId', 'path:versionId', 'query:include']),
    );
    expect(body.components.parameters.TenantHeader).toMatchObject({
      name: 'X-Folio-Tenant',
      in: 'header',
    });
  });

  it('serves a self-contained docs page', async () => {
    const res = await request(server.url).get('/api/v1/docs').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('openapi.json');
    // Nothing from the network: no external scripts, styles or fonts.
    expect(res.text).not.toMatch(/(src|href)=["']?https?:/);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
  });
});
