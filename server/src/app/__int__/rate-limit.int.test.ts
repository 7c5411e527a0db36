import { Redis } from 'ioredis';
import request from 'supertest';
import { createMember } from '../../test/factories.js';
import { issueTestToken } from '../../test/sessions.js';
import { startTestServer, type TestServer } from '../../test/test-server.js';
import { withGlobal } from '../../platform/db/unit-of-work.js';

/** Tokens of `count` members of one new tenant, its quotas overridden before its first request. */
async function memberTokens(server: TestServer, count: number, quotas?: Record<string, number>) {
  const ds = server.node.dataSource;
  const first = await createMember(ds, { role: 'viewer' });
  if (quotas) {
    await withGlobal(ds, (tx) =>
      tx.query(`UPDATE tenants SET quotas = $2 WHERE id = $1`, [
        first.tenant.id,
        JSON.stringify(quotas),
      ]),
    );
  }
  const tokens: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const { user } =
      i === 0 ? first : await createMember(ds, { tenant: first.tenant, role: 'viewer' });
    tokens.push(await issueTestToken(server.node, { tenantId: first.tenant.id, userId: user.id }));
  }
  return tokens;
}

const get = (server: TestServer, token: string) =>
  request(server.url).get('/api/v1/documents').set('Authorization', `Bearer ${token}`);

describe.each([
  { store: 'memory', redis: false },
  { store: 'redis', redis: true },
])('/api/v1 rate limits ($store)', ({ redis }) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({
      label: 'rate-limit',
      redis,
      env: {
        RATE_LIMIT_ENABLED: 'true',
        RATE_LIMIT_PER_IP_PER_MINUTE: '1000',
        RATE_LIMIT_PER_TOKEN_PER_MINUTE: '4',
      },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('limits a credential and reports the tightest budget on every response', async () => {
    const [token, sameTenant] = await memberTokens(server, 2);
    for (let i = 0; i < 4; i += 1) {
      const res = await get(server, token!).expect(200);
      expect(res.headers['ratelimit-limit']).toBe('4');
      expect(res.headers['ratelimit-remaining']).toBe(String(3 - i));
      expect(Number(res.headers['ratelimit-reset'])).toBeGreaterThan(0);
    }
    const limited = await get(server, token!).expect(429);
    expect(limited.body.error).toMatchObject({
      code: 'rate_limited',
      details: { scope: 'credential', limit: 4 },
    });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(limited.headers['ratelimit-remaining']).toBe('0');
    // Another session of the same tenant has its own budget.
    await get(server, sameTenant!).expect(200);
  });

  it("limits a tenant by its plan's apiRequestsPerMinute without touching another tenant", async () => {
    const quotas = { apiRequestsPerMinute: 3 };
    const busy = await memberTokens(server, 2, quotas);
    // Two tokens of one tenant share its budget: 3 requests in all.
    await get(server, busy[0]!).expect(200);
    await get(server, busy[1]!).expect(200);
    await get(server, busy[0]!).expect(200);
    const limited = await get(server, busy[1]!).expect(429);
    expect(limited.body.error.details).toMatchObject({ scope: 'tenant', limit: 3 });
    const [other] = await memberTokens(server, 1);
    const res = await get(server, other!).expect(200);
    expect(res.headers['ratelimit-remaining']).toBe('3');
  });

  if (redis) {
    it('keeps the counters in Redis under the keyspace prefix', async () => {
      const client = new Redis(process.env.TEST_REDIS_URL!);
      try {
        const prefix = server.node.keyspace.global('rate-limit');
        const keys = await client.keys(`${prefix}:*`);
        expect(keys.some((key) => key.startsWith(`${prefix}:credential:session:`))).toBe(true);
        expect(keys.some((key) => key.startsWith(`${prefix}:tenant:`))).toBe(true);
        await client.del(...keys);
      } finally {
        client.disconnect();
      }
    });
  }
});

describe('/api/v1 rate limits per client address', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({
      label: 'rate-limit-ip',
      env: { RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_PER_IP_PER_MINUTE: '5' },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('limits anonymous requests by address, and leaves the OpenAPI document open', async () => {
    for (let i = 0; i < 5; i += 1) {
      const res = await request(server.url)
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: 'x' });
      expect(res.status).not.toBe(429);
      expect(res.headers['ratelimit-limit']).toBe('5');
    }
    const limited = await request(server.url)
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: 'x' })
      .expect(429);
    expect(limited.body.error.details).toMatchObject({ scope: 'ip' });
    await request(server.url).get('/api/v1/openapi.json').expect(200);
  });
});
