/**
 * Tenant isolation, application-wide: tenant B's credentials against tenant A's resources on
 * EVERY /api/v1 endpoint — by A's host, by an X-Folio-Tenant header naming A, and by A's ids on
 * B's own host. Always 403/404, never a byte of A's data, and A unchanged afterwards. The route
 * table of the running node decides what "every" means: an endpoint added without a row here
 * fails the coverage test.
 */
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { call } from '../../test/http.js';
import { startTestServer, type TestServer } from '../../test/test-server.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
interface Actor {
  slug: string;
  token: string;
  refreshToken: string;
  email: string;
  password: string;
  userId: string;
  tenantId: string;
}
interface Row {
  method: Method;
  /** The route pattern exactly as the node registers it. */
  pattern: string;
  /** The concrete path with A's ids; absent where the route has no parameters. */
  path?: () => string;
  body?: () => Record<string, unknown>;
}

const PASSWORD = 'matrix password 0123';
const unique = () => randomBytes(4).toString('hex');

async function signup(server: TestServer, slug: string): Promise<Actor> {
  const email = `owner-${slug}@example.test`;
  const res = await request(server.url)
    .post('/api/v1/signup')
    .send({ tenantSlug: slug, tenantName: `Tenant ${slug}`, email, password: PASSWORD })
    .expect(201);
  return {
    slug,
    token: res.body.accessToken,
    refreshToken: res.body.refreshToken,
    email,
    password: PASSWORD,
    userId: res.body.user.id,
    tenantId: res.body.tenant.id,
  };
}

describe('cross-tenant matrix over every /api/v1 endpoint', () => {
  let server: TestServer;
  let a: Actor;
  let b: Actor;
  let aEditorId: string;
  const aIds = {
    invitation: '',
    invitationToken: '',
    role: `arole${unique()}`,
    apiKey: '',
    apiKeyPrefix: '',
    domain: `a-${unique()}.example.com`,
    document: '',
  };
  let secrets: string[];
  let rows: Row[];

  const asA = (method: Method, path: string) =>
    call(server.url, method, path)
      .set('Host', `${a.slug}.localhost`)
      .set('Authorization', `Bearer ${a.token}`);

  beforeAll(async () => {
    server = await startTestServer({ label: 'matrix' });
    a = await signup(server, `ma-${unique()}`);
    b = await signup(server, `mb-${unique()}`);
    await asA('POST', '/api/v1/roles')
      .send({ key: aIds.role, name: 'A secret role', permissions: ['documents.read'] })
      .expect(201);
    const invitation = await asA('POST', '/api/v1/invitations')
      .send({ email: 'a-invitee@example.test', role: 'editor' })
      .expect(201);
    aIds.invitation = invitation.body.invitation.id;
    aIds.invitationToken = invitation.body.token;
    const editorInvite = await asA('POST', '/api/v1/invitations')
      .send({ email: 'a-editor@example.test', role: 'editor' })
      .expect(201);
    const accepted = await request(server.url)
      .post('/api/v1/invitations/accept')
      .set('Host', `${a.slug}.localhost`)
      .send({ token: editorInvite.body.token, password: PASSWORD, displayName: 'A editor' })
      .expect(201);
    aEditorId = accepted.body.user.id;
    const key = await asA('POST', '/api/v1/api-keys')
      .send({ name: 'A key', scopes: ['documents.read'] })
      .expect(201);
    aIds.apiKey = key.body.apiKey?.id ?? key.body.id;
    aIds.apiKeyPrefix = key.body.apiKey?.prefix ?? key.body.prefix;
    await asA('POST', '/api/v1/domains').send({ host: aIds.domain }).expect(201);
    const doc = await asA('POST', '/api/v1/documents').send({ title: 'A secret plan' }).expect(201);
    aIds.document = doc.body.id;
    secrets = [
      a.tenantId,
      a.userId,
      a.email,
      aEditorId,
      'a-editor@example.test',
      aIds.invitation,
      'a-invitee',
      'A secret role',
      aIds.apiKey,
      aIds.apiKeyPrefix,
      `Tenant ${a.slug}`,
    ];

    rows = [
      { method: 'GET', pattern: '/api/v1/tenant' },
      { method: 'PATCH', pattern: '/api/v1/tenant', body: () => ({ name: 'pwned' }) },
      { method: 'GET', pattern: '/api/v1/domains' },
      {
        method: 'POST',
        pattern: '/api/v1/domains',
        body: () => ({ host: `b-${unique()}.example.com` }),
      },
      {
        method: 'POST',
        pattern: '/api/v1/domains/:host/verify',
        path: () => `/api/v1/domains/${aIds.domain}/verify`,
      },
      {
        method: 'POST',
        pattern: '/api/v1/domains/:host/primary',
        path: () => `/api/v1/domains/${aIds.domain}/primary`,
      },
      {
        method: 'DELETE',
        pattern: '/api/v1/domains/:host',
        path: () => `/api/v1/domains/${aIds.domain}`,
      },
      { method: 'GET', pattern: '/api/v1/auth/tenants' },
      {
        method: 'POST',
        pattern: '/api/v1/signup',
        body: () => ({
          tenantSlug: `x-${unique()}`,
          tenantName: 'X',
          email: b.email,
          password: PASSWORD,
        }),
      },
      { method: 'GET', pattern: '/api/v1/invitations' },
      {
        method: 'POST',
        pattern: '/api/v1/invitations',
        body: () => ({ email: `i-${unique()}@example.test`, role: 'viewer' }),
      },
      {
        method: 'POST',
        pattern: '/api/v1/invitations/accept',
        body: () => ({ token: aIds.invitationToken, password: PASSWORD }),
      },
      {
        method: 'POST',
        pattern: '/api/v1/invitations/:id/resend',
        path: () => `/api/v1/invitations/${aIds.invitation}/resend`,
      },
      {
        method: 'DELETE',
        pattern: '/api/v1/invitations/:id',
        path: () => `/api/v1/invitations/${aIds.invitation}`,
      },
      { method: 'GET', pattern: '/api/v1/members' },
      {
        method: 'PATCH',
        pattern: '/api/v1/members/:userId',
        path: () => `/api/v1/members/${aEditorId}`,
        body: () => ({ role: 'viewer' }),
      },
      {
        method: 'DELETE',
        pattern: '/api/v1/members/:userId',
        path: () => `/api/v1/members/${aEditorId}`,
      },
      { method: 'GET', pattern: '/api/v1/roles' },
      {
        method: 'POST',
        pattern: '/api/v1/roles',
        body: () => ({ key: `r${unique()}`, name: 'R', permissions: ['documents.read'] }),
      },
      {
        method: 'PATCH',
        pattern: '/api/v1/roles/:key',
        path: () => `/api/v1/roles/${aIds.role}`,
        body: () => ({ name: 'pwned' }),
      },
      { method: 'DELETE', pattern: '/api/v1/roles/:key', path: () => `/api/v1/roles/${aIds.role}` },
      { method: 'GET', pattern: '/api/v1/audit-log' },
      {
        method: 'POST',
        pattern: '/api/v1/auth/login',
        body: () => ({ email: b.email, password: b.password }),
      },
      {
        method: 'POST',
        pattern: '/api/v1/auth/refresh',
        body: () => ({ refreshToken: b.refreshToken }),
      },
      { method: 'POST', pattern: '/api/v1/auth/logout' },
      { method: 'POST', pattern: '/api/v1/auth/logout-all' },
      { method: 'GET', pattern: '/api/v1/auth/me' },
      { method: 'POST', pattern: '/api/v1/auth/mfa/totp/enrol' },
      { method: 'POST', pattern: '/api/v1/auth/mfa/totp/verify', body: () => ({ code: '123456' }) },
      {
        method: 'POST',
        pattern: '/api/v1/auth/mfa/totp/disable',
        body: () => ({ code: '123456' }),
      },
      {
        method: 'POST',
        pattern: '/api/v1/auth/mfa/recovery-codes',
        body: () => ({ code: '123456' }),
      },
      { method: 'GET', pattern: '/api/v1/api-keys' },
      {
        method: 'POST',
        pattern: '/api/v1/api-keys',
        body: () => ({ name: 'B key', scopes: ['documents.read'] }),
      },
      {
        method: 'GET',
        pattern: '/api/v1/api-keys/:id',
        path: () => `/api/v1/api-keys/${aIds.apiKey}`,
      },
      {
        method: 'DELETE',
        pattern: '/api/v1/api-keys/:id',
        path: () => `/api/v1/api-keys/${aIds.apiKey}`,
      },
      { method: 'GET', pattern: '/api/v1/documents' },
      { method: 'POST', pattern: '/api/v1/documents', body: () => ({ title: 'B doc' }) },
      {
        method: 'GET',
        pattern: '/api/v1/documents/:id',
        path: () => `/api/v1/documents/${aIds.document}`,
      },
      {
        method: 'PATCH',
        pattern: '/api/v1/documents/:id',
        path: () => `/api/v1/documents/${aIds.document}`,
        body: () => ({ title: 'pwned' }),
      },
      {
        method: 'DELETE',
        pattern: '/api/v1/documents/:id',
        path: () => `/api/v1/documents/${aIds.document}`,
      },
    ];
  });
  afterAll(async () => {
    await server?.close();
  });

  it('covers every /api/v1 route the node serves', () => {
    const served = server.node.routes
      .filter((r) => r.path.startsWith('/api/v1/'))
      .map((r) => `${r.method} ${r.path}`);
    const covered = rows.map((r) => `${r.method} ${r.pattern}`);
    expect(served.filter((r) => !covered.includes(r))).toEqual([]);
    expect(covered.filter((r) => !served.includes(r))).toEqual([]);
  });

  function expectNoLeak(what: string, status: number, text: string): void {
    expect({ what, status: [403, 404].includes(status) ? 'refused' : status }).toEqual({
      what,
      status: 'refused',
    });
    for (const secret of secrets) {
      if (text.includes(secret)) throw new Error(`${what} leaked ${secret}: ${text}`);
    }
  }

  it("refuses B's token on A's host and with A's X-Folio-Tenant, on every endpoint", async () => {
    for (const row of rows) {
      for (const [mode, header] of [
        ['host', { Host: `${a.slug}.localhost` }],
        ['header', { 'X-Folio-Tenant': a.slug }],
      ] as const) {
        const path = row.path?.() ?? row.pattern;
        const res = await call(server.url, row.method, path)
          .set(header)
          .set('Authorization', `Bearer ${b.token}`)
          .send(row.body?.() ?? {});
        expectNoLeak(`${row.method} ${path} by ${mode}`, res.status, res.text);
      }
    }
  });

  it('has a leak detector that would notice (positive control: A reading its own data)', async () => {
    expect(Object.values(aIds).every((v) => typeof v === 'string' && v.length > 0)).toBe(true);
    const own = await asA('GET', '/api/v1/members').expect(200);
    expect(() => expectNoLeak('control', 404, own.text)).toThrow(/leaked/);
    expect(() => expectNoLeak('control', 200, '{}')).toThrow();
  });

  it("refuses A's API key on B's host", async () => {
    const key = await asA('POST', '/api/v1/api-keys')
      .send({ name: 'probe', scopes: ['members.read'] })
      .expect(201);
    const token: string = key.body.token;
    const res = await request(server.url)
      .get('/api/v1/members')
      .set('Host', `${b.slug}.localhost`)
      .set('Authorization', `Bearer ${token}`);
    expectNoLeak('A key on B host', res.status, res.text);
  });

  it("finds none of A's resources by id from B's own tenant", async () => {
    for (const row of rows.filter((r) => r.path)) {
      const path = row.path!();
      const res = await call(server.url, row.method, path)
        .set('Host', `${b.slug}.localhost`)
        .set('Authorization', `Bearer ${b.token}`)
        .send(row.body?.() ?? {});
      expectNoLeak(`${row.method} ${path} by id`, res.status, res.text.replaceAll(aIds.domain, ''));
    }
  });

  it('leaves A exactly as it was', async () => {
    const tenant = await asA('GET', '/api/v1/tenant').expect(200);
    expect(tenant.body.name ?? tenant.body.tenant?.name).toBe(`Tenant ${a.slug}`);
    const members = await asA('GET', '/api/v1/members').expect(200);
    expect(
      members.body.items
        .map((m: { user?: { id: string }; userId?: string }) => m.user?.id ?? m.userId)
        .sort(),
    ).toEqual([a.userId, aEditorId].sort());
    expect(JSON.stringify(members.body)).toContain('"editor"');
    const roles = await asA('GET', '/api/v1/roles').expect(200);
    expect(JSON.stringify(roles.body)).toContain('A secret role');
    const invitations = await asA('GET', '/api/v1/invitations').expect(200);
    expect(JSON.stringify(invitations.body)).toContain(aIds.invitation);
    const key = await asA('GET', `/api/v1/api-keys/${aIds.apiKey}`).expect(200);
    expect(JSON.stringify(key.body)).toContain('"revokedAt":null');
    const domains = await asA('GET', '/api/v1/domains').expect(200);
    expect(JSON.stringify(domains.body)).toContain(aIds.domain);
    const doc = await asA('GET', `/api/v1/documents/${aIds.document}`).expect(200);
    expect(doc.body.title).toBe('A secret plan');
    await asA('GET', '/api/v1/auth/me').expect(200);
  });
});
