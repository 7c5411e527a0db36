import request from 'supertest';
import { startTestServer, type TestServer } from '../../test/test-server.js';

describe('HTTP surface of a node (in-process bus and queue)', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ label: 'http' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers the liveness and readiness probes', async () => {
    await request(server.url).get('/healthz').expect(200, { status: 'ok' });
    const ready = await request(server.url).get('/readyz').expect(200);
    expect(ready.body).toEqual({ status: 'ready', checks: { database: 'ok' } });
  });

  it('exposes process metrics and HTTP durations labelled by route, not by raw path', async () => {
    await request(server.url).get('/healthz');
    await request(server.url).get('/no/such/path/123');
    const res = await request(server.url).get('/metrics').expect(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.text).toContain('folio_process_cpu_user_seconds_total');
    expect(res.text).toMatch(
      /folio_http_request_duration_seconds_count\{[^}]*route="\/healthz"[^}]*status_code="200"/,
    );
    expect(res.text).toMatch(/route="unmatched"[^}]*status_code="404"/);
    expect(res.text).not.toContain('/no/such/path/123');
  });

  it('answers unknown routes with the error envelope', async () => {
    const res = await request(server.url).get('/api/v1/nothing-here').expect(404);
    expect(res.body).toEqual({
      error: { code: 'not_found', message: 'No route for GET /api/v1/nothing-here' },
    });
  });

  it('turns malformed and oversized JSON into stable 4xx codes', async () => {
    const malformed = await request(server.url)
      .post('/api/v1/anything')
      .set('Content-Type', 'application/json')
      .send('{"unterminated": ')
      .expect(400);
    expect(malformed.body.error.code).toBe('malformed_json');
    const huge = await request(server.url)
      .post('/api/v1/anything')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ blob: 'x'.repeat(1_100_000) }))
      .expect(413);
    expect(huge.body.error.code).toBe('payload_too_large');
    const charset = await request(server.url)
      .post('/api/v1/anything')
      .set('Content-Type', 'application/json; charset=klingon')
      .send('{}')
      .expect(415);
    expect(charset.body.error.code).toBe('unsupported_media_type');
  });

  it('echoes a well-formed request id and replaces a hostile one', async () => {
    const echoed = await request(server.url).get('/healthz').set('X-Request-Id', 'abc-123');
    expect(echoed.headers['x-request-id']).toBe('abc-123');
    const replaced = await request(server.url)
      .get('/healthz')
      .set('X-Request-Id', 'bad id\twith spaces');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends security headers and no X-Powered-By', async () => {
    const res = await request(server.url).get('/');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBeDefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.body.name).toBe('Folio');
  });
});

describe('HTTP surface of a node on Redis', () => {
  it('reports Redis in readiness and turns unready while draining', async () => {
    const server = await startTestServer({ label: 'http_redis', redis: true });
    try {
      const ready = await request(server.url).get('/readyz').expect(200);
      expect(ready.body.checks).toEqual({ database: 'ok', redis: 'ok' });
      expect(server.node.mode).toBe('redis');
    } finally {
      const result = await server.close();
      expect(result).toEqual({ ok: true, failed: [], timedOut: false });
    }
  });
});
