/**
 * Bad input gets a clear 4xx and loses nothing: every route the node serves (the route table
 * decides), hit with seeded malformed bodies, path parameters, query strings and headers, answers
 * with a status below 500 and, for errors, the catalogue's envelope. The node stays ready.
 */
import request from 'supertest';
import { call } from '../../test/http.js';
import { ERROR_CATALOGUE } from '../../platform/errors.js';
import { withGlobal } from '../../platform/db/unit-of-work.js';
import { UserEntity } from '../../modules/identity/index.js';
import { createMember } from '../../test/factories.js';
import { issueTestToken } from '../../test/sessions.js';
import { startTestServer, type TestServer } from '../../test/test-server.js';

/** mulberry32: a tiny seeded PRNG, so a failure names a reproducible case. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTILE_PARAMS = [
  '%00',
  '..%2F..%2Fetc',
  'x'.repeat(400),
  '%E0%A4%A',
  "' OR 1=1 --",
  '00000000-0000-0000-0000-000000000000',
  'NaN',
  '-1',
  '%F0%9F%92%A9',
  'null',
  '__proto__',
  'a%20b',
];
const FIELD_NAMES = [
  'email',
  'password',
  'role',
  'key',
  'name',
  'scopes',
  'permissions',
  'host',
  'token',
  'code',
  'settings',
  'tenantSlug',
  'tenantName',
  'refreshToken',
  'expiresAt',
  'plan',
  'features',
  'quotas',
  'confirmSlug',
  'retryAfterSeconds',
  'displayName',
  'totp',
];
const HOSTILE_VALUES: unknown[] = [
  null,
  123,
  -1,
  1e308,
  true,
  [],
  {},
  [1, 2],
  'x'.repeat(5000),
  '\u0000',
  '<script>alert(1)</script>',
  { $gt: '' },
  '2026-13-45',
  'not-an-email',
  ['owner'],
  { a: { b: { c: { d: {} } } } },
];
const RAW_BODIES = [
  '{"unterminated":',
  '[1,2',
  'null',
  '"string"',
  '12',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"x":1}}}',
  '\u0000\u0001',
];
const HOSTILE_QUERIES = [
  'limit=-1',
  'limit=1e9',
  'limit=abc',
  'cursor=%00%00',
  'cursor=' + 'z'.repeat(600),
  'limit[]=1',
  'cursor[a]=b',
  'action=' + '%FF',
];
const HOSTILE_HEADERS: Record<string, string>[] = [
  { Authorization: 'Bearer' },
  { Authorization: 'Basic dXNlcjpwYXNz' },
  { Authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' },
  { Authorization: 'Bearer folio_AAAAAAAAAAAA_' + 'A'.repeat(46) },
  { 'X-Folio-Tenant': '../../etc' },
  { 'X-Folio-Tenant': 'UPPER_CASE!' },
  { Host: 'evil.example.com' },
  { Host: '[::1' },
  { 'Content-Type': 'application/json; charset=utf-7' },
  { 'X-Forwarded-For': 'garbage, 999.1.1.1' },
];

describe('malformed input on every route', () => {
  let server: TestServer;
  let slug: string;
  let tenantToken: () => Promise<string>;
  let platformToken: string;

  beforeAll(async () => {
    server = await startTestServer({ label: 'malformed' });
    const ds = server.node.dataSource;
    const { tenant, user } = await createMember(ds, {
      role: 'owner',
      password: 'malformed password 1',
    });
    slug = tenant.slug;
    tenantToken = () => issueTestToken(server.node, { tenantId: tenant.id, userId: user.id });
    await withGlobal(ds, (tx) =>
      tx.getRepository(UserEntity).update({ id: user.id }, { isStaff: true }),
    );
    const login = await request(server.url)
      .post('/platform/v1/auth/login')
      .send({ email: user.email, password: 'malformed password 1' })
      .expect(200);
    platformToken = login.body.accessToken ?? login.body.token;
    expect(typeof platformToken).toBe('string');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers thousands of malformed requests with 4xx envelopes, never 5xx', async () => {
    const random = prng(20261122);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const failures: string[] = [];
    let sent = 0;
    for (const route of server.node.routes) {
      // 48 variants of every route: with the GraphQL flood (graphql-limits), over 10,000 requests.
      for (let variant = 0; variant < 48; variant += 1) {
        const path =
          route.path.replace(/:[A-Za-z]+/g, () => pick(HOSTILE_PARAMS)) +
          (variant % 3 === 0 ? `?${pick(HOSTILE_QUERIES)}` : '');
        const isPlatform = route.path.startsWith('/platform/');
        let req = call(server.url, route.method, path)
          .set('Host', `${slug}.localhost`)
          .set('Authorization', `Bearer ${isPlatform ? platformToken : await tenantToken()}`);
        if (variant % 4 === 1) req = req.set(pick(HOSTILE_HEADERS));
        if (route.method !== 'GET') {
          if (variant % 2 === 0) {
            req = req.set('Content-Type', 'application/json').send(pick(RAW_BODIES));
          } else {
            const body: Record<string, unknown> = {};
            for (let i = 0; i < 1 + Math.floor(random() * 4); i += 1)
              body[pick(FIELD_NAMES)] = pick(HOSTILE_VALUES);
            req = req.send(body);
          }
        }
        const res = await req;
        sent += 1;
        const code: unknown = res.body?.error?.code;
        // GraphQL answers in its own envelope: { errors: [{ message, extensions: { code } }] }.
        const graphqlCode: unknown = res.body?.errors?.[0]?.extensions?.code;
        const isEnvelope =
          (typeof code === 'string' && code in ERROR_CATALOGUE) ||
          (path.startsWith('/graphql') && typeof graphqlCode === 'string');
        if (res.status >= 500 || (res.status >= 400 && !isEnvelope && !res.type.includes('html'))) {
          failures.push(`${route.method} ${path} → ${res.status} ${res.text.slice(0, 200)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(5000);
    await request(server.url).get('/readyz').expect(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 400_000);
});
