import express from 'express';
import request from 'supertest';
import { withGlobal, withTenant } from '../../../platform/db/unit-of-work.js';
import { errorHandler } from '../../../platform/http/error-handler.js';
import { createLogger } from '../../../platform/logging/logger.js';
import { createMember, createTenant } from '../../../test/factories.js';
import { issueTestToken } from '../../../test/sessions.js';
import { startTestServer, type TestServer } from '../../../test/test-server.js';
import { UserEntity, type User } from '../../identity/index.js';
import {
  DomainEntity,
  TenantEntity,
  tenantPagesMiddleware,
  type Tenant,
  type TenantSettings,
} from '../index.js';

const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const hostOf = (tenant: Pick<Tenant, 'slug'>) => `${tenant.slug}.localhost`;

/** A real access token for a member (a session row plus the node's AccessTokens). */
const tokenFor = (server: TestServer, m: { tenant: Tenant; user: User }): Promise<string> =>
  issueTestToken(server.node, { tenantId: m.tenant.id, userId: m.user.id });

/** Changes a tenant row behind the API's back, then drops it from the resolver cache. */
async function setTenant(
  server: TestServer,
  tenant: Tenant,
  patch: Partial<Pick<Tenant, 'status' | 'maintenanceRetryAfter' | 'name'>> & {
    settings?: TenantSettings;
  },
): Promise<void> {
  await withGlobal(server.node.dataSource, (tx) =>
    tx.getRepository(TenantEntity).update({ id: tenant.id }, patch),
  );
  await server.node.resolver.invalidate(tenant.id);
}

describe('tenant gates (socket peer is the client: no trusted proxies)', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ label: 'gates' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers a suspended tenant with 403 tenant_suspended in JSON', async () => {
    const m = await createMember(server.node.dataSource, { role: 'admin' });
    const token = await tokenFor(server, m);
    await setTenant(server, m.tenant, { status: 'suspended' });
    const res = await request(server.url)
      .get('/api/v1/tenant')
      .set('Host', hostOf(m.tenant))
      .set('Authorization', `Bearer ${token}`)
      .expect(403);
    expect(res.body).toEqual({
      error: {
        code: 'forbidden',
        message: 'This tenant is suspended',
        details: { reason: 'tenant_suspended' },
      },
    });
    // On the bare host the token's tenant applies, and so do its gates.
    await request(server.url)
      .get('/api/v1/tenant')
      .set('Authorization', `Bearer ${token}`)
      .expect(403);
  });

  it('shows browsers a branded, escaped page for a suspended tenant', async () => {
    const tenant = await createTenant(server.node.dataSource);
    await setTenant(server, tenant, {
      status: 'suspended',
      name: '<script>alert("x")</script> & Co',
      settings: {
        branding: { logoUrl: 'https://cdn.example.com/logo.png', primaryColor: '#ff3366' },
        supportContact: { email: 'help@example.com', url: 'https://help.example.com/' },
      },
    });
    const page = await request(server.url)
      .get('/api/v1/tenant')
      .set('Host', hostOf(tenant))
      .set('Accept', HTML)
      .expect(403);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).not.toContain('<script>alert');
    expect(page.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(page.text).toContain('src="https://cdn.example.com/logo.png"');
    expect(page.text).toContain('--brand: #ff3366');
    expect(page.text).toContain('mailto:help@example.com');
    expect(page.text).toContain('https://help.example.com/');
    expect(page.text).toContain('suspended');
    const csp = page.headers['content-security-policy'] as string;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain('img-src https://cdn.example.com');
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers['cache-control']).toBe('no-store');
  });

  it('answers maintenance with 503 and Retry-After, and lets staff members through', async () => {
    const ds = server.node.dataSource;
    const m = await createMember(ds, { role: 'viewer' });
    const staff = await createMember(ds, { tenant: m.tenant, role: 'viewer' });
    await withGlobal(ds, (tx) =>
      tx.getRepository(UserEntity).update({ id: staff.user.id }, { isStaff: true }),
    );
    const [memberToken, staffToken] = await Promise.all([
      tokenFor(server, m),
      tokenFor(server, staff),
    ]);
    await setTenant(server, m.tenant, { status: 'maintenance', maintenanceRetryAfter: 120 });

    const res = await request(server.url)
      .get('/api/v1/tenant')
      .set('Host', hostOf(m.tenant))
      .set('Authorization', `Bearer ${memberToken}`)
      .expect(503);
    expect(res.headers['retry-after']).toBe('120');
    expect(res.body.error).toEqual({
      code: 'unavailable',
      message: 'This tenant is down for maintenance',
      details: { reason: 'tenant_maintenance', retryAfterSeconds: 120 },
    });
    const anonymous = await request(server.url)
      .get('/api/v1/tenant')
      .set('Host', hostOf(m.tenant))
      .set('Accept', HTML)
      .expect(503);
    expect(anonymous.headers['retry-after']).toBe('120');
    expect(anonymous.text).toContain('Down for maintenance');

    const bypass = await request(server.url)
      .get('/api/v1/tenant')
      .set('Host', hostOf(m.tenant))
      .set('Authorization', `Bearer ${staffToken}`)
      .expect(200);
    expect(bypass.body.status).toBe('maintenance');
  });

  it('keeps sign-in open during maintenance so staff can get a token; others meet the 503', async () => {
    const ds = server.node.dataSource;
    const password = 'correct horse battery staple';
    const staff = await createMember(ds, { role: 'viewer', password });
    const member = await createMember(ds, { tenant: staff.tenant, role: 'viewer', password });
    await withGlobal(ds, (tx) =>
      tx.getRepository(UserEntity).update({ id: staff.user.id }, { isStaff: true }),
    );
    await setTenant(server, staff.tenant, { status: 'maintenance' });
    const signIn = (email: string) =>
      request(server.url)
        .post('/api/v1/auth/login')
        .set('Host', hostOf(staff.tenant))
        .send({ email, password })
        .expect(200);
    const staffLogin = await signIn(staff.user.email);
    await request(server.url)
      .get('/api/v1/tenant')
      .set('Host', hostOf(staff.tenant))
      .set('Authorization', `Bearer ${staffLogin.body.accessToken}`)
      .expect(200);
    const memberLogin = await signIn(member.user.email);
    await request(server.url)
      .get('/api/v1/tenant')
      .set('Host', hostOf(staff.tenant))
      .set('Authorization', `Bearer ${memberLogin.body.accessToken}`)
      .expect(503);
    // Only sign-in is open: other unauthenticated calls still get the 503.
    await request(server.url)
      .post('/api/v1/auth/logout')
      .set('Host', hostOf(staff.tenant))
      .send({})
      .expect(503);
  });

  it('enforces the IP allowlist on the socket address and ignores a spoofed X-Forwarded-For', async () => {
    const m = await createMember(server.node.dataSource, { role: 'viewer' });
    const token = await tokenFor(server, m);
    await setTenant(server, m.tenant, { settings: { ipAllowlist: ['203.0.113.0/24'] } });
    const denied = await request(server.url)
      .get('/api/v1/tenant')
      .set('Host', hostOf(m.tenant))
      .set('Authorization', `Bearer ${token}`)
      .set('X-Forwarded-For', '203.0.113.5')
      .expect(403);
    expect(denied.body.error.code).toBe('forbidden');
    expect(denied.body.error.details).toEqual({ reason: 'ip_not_allowed' });

    const html = await request(server.url)
      .get('/api/v1/tenant')
      .set('Host', hostOf(m.tenant))
      .set('Accept', HTML)
      .expect(403);
    expect(html.text).toContain('Access denied');

    await setTenant(server, m.tenant, { settings: { ipAllowlist: ['10.0.0.0/8', '127.0.0.1'] } });
    await request(server.url)
      .get('/api/v1/tenant')
      .set('Host', hostOf(m.tenant))
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
  });

  it('sends each tenant its own Content-Security-Policy', async () => {
    const ds = server.node.dataSource;
    const a = await createMember(ds, { role: 'viewer' });
    const b = await createMember(ds, { role: 'viewer' });
    await setTenant(server, a.tenant, {
      settings: {
        csp: { imgSrc: ['https://img.example.com'], connectSrc: ['wss://rt.example.com'] },
      },
    });
    const resA = await request(server.url)
      .get('/api/v1/tenant')
      .set('Host', hostOf(a.tenant))
      .set('Authorization', `Bearer ${await tokenFor(server, a)}`)
      .expect(200);
    const cspA = resA.headers['content-security-policy'] as string;
    expect(cspA.split('; ')).toEqual(
      expect.arrayContaining([
        "default-src 'self'",
        "img-src 'self' https://img.example.com",
        "connect-src 'self' wss://rt.example.com",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'self'",
      ]),
    );
    const resB = await request(server.url)
      .get('/api/v1/tenant')
      .set('Host', hostOf(b.tenant))
      .set('Authorization', `Bearer ${await tokenFor(server, b)}`)
      .expect(200);
    const cspB = resB.headers['content-security-policy'] as string;
    expect(cspB).toContain("default-src 'self'");
    expect(cspB).not.toContain('img.example.com');
    // Requests that concern no tenant keep helmet's default policy.
    const probe = await request(server.url).get('/healthz').expect(200);
    expect(probe.headers['content-security-policy']).not.toBe(cspB);
  });

  it('redirects HTML navigation on a secondary host to the primary host, and only that', async () => {
    const ds = server.node.dataSource;
    const m = await createMember(ds, { role: 'viewer' });
    const token = await tokenFor(server, m);
    const primary = `www.${m.tenant.slug}.example`;
    const secondary = `${m.tenant.slug}.example`;
    await withTenant(ds, m.tenant.id, async (tx) => {
      const repo = tx.getRepository(DomainEntity);
      await repo.insert({
        tenantId: m.tenant.id,
        host: secondary,
        isPrimary: false,
        verificationToken: 't1',
        verifiedAt: new Date(),
      });
      await repo.insert({
        tenantId: m.tenant.id,
        host: primary,
        isPrimary: true,
        verificationToken: 't2',
        verifiedAt: new Date(),
      });
    });
    await server.node.resolver.invalidate(m.tenant.id);

    const fromSecondary = await request(server.url)
      .get('/api/v1/tenant?x=1')
      .set('Host', secondary)
      .set('Accept', HTML)
      .expect(301);
    expect(fromSecondary.headers.location).toBe(`http://${primary}/api/v1/tenant?x=1`);
    const fromSubdomain = await request(server.url)
      .get('/api/v1/tenant')
      .set('Host', `${hostOf(m.tenant)}:7410`)
      .set('Accept', HTML)
      .expect(301);
    expect(fromSubdomain.headers.location).toBe(`http://${primary}:7410/api/v1/tenant`);

    // JSON clients, non-GET requests and the primary host itself are never redirected.
    const json = await request(server.url)
      .get('/api/v1/tenant')
      .set('Host', secondary)
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(json.body.id).toBe(m.tenant.id);
    await request(server.url)
      .patch('/api/v1/tenant')
      .set('Host', secondary)
      .set('Accept', HTML)
      .send({ name: 'x' })
      .expect(401);
    const onPrimary = await request(server.url)
      .get('/api/v1/tenant')
      .set('Host', primary)
      .set('Accept', HTML);
    expect(onPrimary.status).toBe(401);
  });

  it('shows browsers a 404 page for a host that names no tenant, JSON to API clients', async () => {
    const html = await request(server.url)
      .get('/api/v1/tenant')
      .set('Host', 'nobody-here.localhost')
      .set('Accept', HTML)
      .expect(404);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.text).toContain('Site not found');
    const json = await request(server.url)
      .get('/api/v1/tenant')
      .set('Host', 'nobody-here.localhost')
      .expect(404);
    expect(json.body.error.code).toBe('not_found');
  });

  it('applies the gates to X-Folio-Tenant requests too, without redirecting them', async () => {
    const tenant = await createTenant(server.node.dataSource);
    await setTenant(server, tenant, { status: 'suspended' });
    const res = await request(server.url)
      .get('/api/v1/tenant')
      .set('X-Folio-Tenant', tenant.slug)
      .expect(403);
    expect(res.body.error.details).toEqual({ reason: 'tenant_suspended' });
  });
  it('gives HTML pages outside /api/v1 the same gates through tenantPagesMiddleware', async () => {
    const app = express();
    app.use(
      tenantPagesMiddleware({
        config: { FOLIO_TRUSTED_PROXIES: [] },
        resolver: server.node.resolver,
      }),
    );
    app.get('/welcome', (_req, res) => {
      res.type('html').send('<p>welcome</p>');
    });
    app.use(errorHandler(createLogger({ level: 'silent' })));
    const page = (host: string) =>
      request(app).get('/welcome').set('Host', host).set('Accept', HTML);

    const tenant = await createTenant(server.node.dataSource);
    const open = await page(hostOf(tenant)).expect(200);
    expect(open.text).toBe('<p>welcome</p>');
    expect(open.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    // A host naming no tenant is left alone; an unknown tenant host gets the 404 page.
    await page('localhost').expect(200);
    expect((await page('nobody-at-all.localhost').expect(404)).text).toContain('Site not found');

    await setTenant(server, tenant, {
      name: 'Paged & Co',
      status: 'maintenance',
      maintenanceRetryAfter: 60,
    });
    const maintenance = await page(hostOf(tenant)).expect(503);
    expect(maintenance.headers['retry-after']).toBe('60');
    expect(maintenance.text).toContain('Paged &amp; Co');

    const primary = `www.${tenant.slug}.example`;
    await withTenant(server.node.dataSource, tenant.id, (tx) =>
      tx.getRepository(DomainEntity).insert({
        tenantId: tenant.id,
        host: primary,
        isPrimary: true,
        verificationToken: 't',
        verifiedAt: new Date(),
      }),
    );
    await setTenant(server, tenant, { status: 'active' });
    const moved = await page(hostOf(tenant)).expect(301);
    expect(moved.headers.location).toBe(`http://${primary}/welcome`);
  });
});

describe('tenant gates behind trusted proxies', () => {
  let server: TestServer;
  let untrusted: TestServer;

  beforeAll(async () => {
    [server, untrusted] = await Promise.all([
      startTestServer({
        label: 'gates_proxy',
        env: { FOLIO_TRUSTED_PROXIES: '127.0.0.1/32, 10.0.0.0/8' },
      }),
      startTestServer({ label: 'gates_noproxy', env: { FOLIO_TRUSTED_PROXIES: '10.0.0.0/8' } }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([server?.close(), untrusted?.close()]);
  });

  async function allowlisted(target: TestServer) {
    const m = await createMember(target.node.dataSource, { role: 'admin' });
    await setTenant(target, m.tenant, { settings: { ipAllowlist: ['203.0.113.0/24'] } });
    return { ...m, token: await tokenFor(target, m) };
  }

  it('believes X-Forwarded-For from a trusted proxy', async () => {
    const m = await allowlisted(server);
    const get = (xff: string) =>
      request(server.url)
        .get('/api/v1/tenant')
        .set('Host', hostOf(m.tenant))
        .set('Authorization', `Bearer ${m.token}`)
        .set('X-Forwarded-For', xff);
    await get('203.0.113.5').expect(200);
    // Walking from the right through trusted hops (10.1.2.3) to the client.
    await get('203.0.113.5, 10.1.2.3').expect(200);
    const denied = await get('198.51.100.1').expect(403);
    expect(denied.body.error.details).toEqual({ reason: 'ip_not_allowed' });
    // A client-written entry left of the real client address is ignored.
    await get('203.0.113.5, 198.51.100.1').expect(403);
    await get('garbage').expect(403);
  });

  it('records the resolved client address in audit entries', async () => {
    const m = await allowlisted(server);
    await request(server.url)
      .patch('/api/v1/tenant')
      .set('Host', hostOf(m.tenant))
      .set('Authorization', `Bearer ${m.token}`)
      .set('X-Forwarded-For', '203.0.113.77')
      .send({ name: 'Renamed behind a proxy' })
      .expect(200);
    const rows = await withTenant<{ ip: string }[]>(server.node.dataSource, m.tenant.id, (tx) =>
      tx.query(`SELECT host(ip) AS ip FROM audit_log WHERE action = 'tenant.settings_updated'`),
    );
    expect(rows).toEqual([{ ip: '203.0.113.77' }]);
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    const m = await allowlisted(untrusted);
    const res = await request(untrusted.url)
      .get('/api/v1/tenant')
      .set('Host', hostOf(m.tenant))
      .set('Authorization', `Bearer ${m.token}`)
      .set('X-Forwarded-For', '203.0.113.5')
      .expect(403);
    expect(res.body.error.details).toEqual({ reason: 'ip_not_allowed' });
  });

  it('uses the forwarded scheme of a trusted proxy for the primary-host redirect', async () => {
    const tenant = await createTenant(server.node.dataSource);
    const res = await request(server.url)
      .get('/api/v1/tenant')
      .set('Host', `${tenant.slug}.example.org`)
      .set('Accept', HTML)
      .set('X-Forwarded-Proto', 'https');
    // An unverified custom host names no tenant at all.
    expect(res.status).toBe(404);
    const custom = `docs.${tenant.slug}.example.org`;
    await withTenant(server.node.dataSource, tenant.id, (tx) =>
      tx.getRepository(DomainEntity).insert({
        tenantId: tenant.id,
        host: custom,
        isPrimary: false,
        verificationToken: 't',
        verifiedAt: new Date(),
      }),
    );
    await server.node.resolver.invalidate(tenant.id);
    const redirected = await request(server.url)
      .get('/api/v1/tenant')
      .set('Host', custom)
      .set('Accept', HTML)
      .set('X-Forwarded-Proto', 'https')
      .expect(301);
    expect(redirected.headers.location).toBe(`https://${hostOf(tenant)}/api/v1/tenant`);
  });
});
