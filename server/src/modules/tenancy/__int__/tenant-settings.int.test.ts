import request from 'supertest';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { createMember } from '../../../test/factories.js';
import { issueTestToken } from '../../../test/sessions.js';
import { startTestServer, type TestServer } from '../../../test/test-server.js';
import type { User } from '../../identity/index.js';
import { PLANS, type Tenant } from '../index.js';

const hostOf = (tenant: Pick<Tenant, 'slug'>) => `${tenant.slug}.localhost`;

/** A real access token for a member (a session row plus the node's AccessTokens). */
const tokenFor = (server: TestServer, m: { tenant: Tenant; user: User }): Promise<string> =>
  issueTestToken(server.node, { tenantId: m.tenant.id, userId: m.user.id });

describe('tenant settings: GET and PATCH /api/v1/tenant', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ label: 'tenant_settings' });
  });
  afterAll(async () => {
    await server?.close();
  });

  async function member(role: string, tenant?: Tenant) {
    const m = await createMember(server.node.dataSource, { role, ...(tenant ? { tenant } : {}) });
    const token = await tokenFor(server, m);
    return {
      ...m,
      token,
      get: () =>
        request(server.url)
          .get('/api/v1/tenant')
          .set('Host', hostOf(m.tenant))
          .set('Authorization', `Bearer ${token}`),
      patch: (body: unknown) =>
        request(server.url)
          .patch('/api/v1/tenant')
          .set('Host', hostOf(m.tenant))
          .set('Authorization', `Bearer ${token}`)
          .send(body as object),
    };
  }

  it('shows any member the tenant with its effective quotas', async () => {
    const viewer = await member('viewer');
    const res = await viewer.get().expect(200);
    expect(res.body).toEqual({
      id: viewer.tenant.id,
      slug: viewer.tenant.slug,
      name: viewer.tenant.name,
      status: 'active',
      plan: 'free',
      features: {},
      settings: {},
      quotas: PLANS.free,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    await request(server.url).get('/api/v1/tenant').set('Host', hostOf(viewer.tenant)).expect(401);
  });

  it('lets settings.manage rename and merge settings per top-level key, audited with a diff', async () => {
    const admin = await member('admin');
    await admin
      .patch({
        settings: {
          branding: { primaryColor: '#112233' },
          supportContact: { email: 'help@example.com' },
        },
      })
      .expect(200);
    const res = await admin
      .patch({
        name: 'Acme Docs',
        settings: { branding: { logoUrl: 'https://cdn.example.com/l.png' }, supportContact: null },
      })
      .expect(200);
    // A section given replaces that section; null removes it; others stay.
    expect(res.body.name).toBe('Acme Docs');
    expect(res.body.settings).toEqual({ branding: { logoUrl: 'https://cdn.example.com/l.png' } });
    expect((await admin.get().expect(200)).body.name).toBe('Acme Docs');

    const rows = await withTenant<
      {
        action: string;
        actor_type: string;
        actor_id: string;
        target_id: string;
        diff: Record<string, unknown>;
      }[]
    >(server.node.dataSource, admin.tenant.id, (tx) =>
      tx.query(
        `SELECT action, actor_type, actor_id, target_id, diff FROM audit_log
          WHERE action = 'tenant.settings_updated' ORDER BY id`,
      ),
    );
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({
      actor_type: 'user',
      actor_id: admin.user.id,
      target_id: admin.tenant.id,
      diff: {
        name: { before: admin.tenant.name, after: 'Acme Docs' },
        settings: {
          before: {
            branding: { primaryColor: '#112233' },
            supportContact: { email: 'help@example.com' },
          },
          after: { branding: { logoUrl: 'https://cdn.example.com/l.png' } },
        },
      },
    });
  });

  it('refuses members without settings.manage', async () => {
    const editor = await member('editor');
    const res = await editor.patch({ name: 'Nope' }).expect(403);
    expect(res.body.error.details).toEqual({ permission: 'settings.manage' });
    expect((await editor.get().expect(200)).body.name).toBe(editor.tenant.name);
  });

  it('validates the body and the merged settings with stable codes', async () => {
    const admin = await member('owner');
    const bad: unknown[] = [
      {},
      { name: '' },
      { name: 'x'.repeat(201) },
      { slug: 'new-slug' },
      { settings: { unknownKey: 1 } },
      { settings: { branding: { primaryColor: 'red' } } },
      { settings: { branding: { logoUrl: 'javascript:alert(1)' } } },
      { settings: { csp: { scriptSrc: ["'unsafe-inline'"] } } },
      { settings: { csp: { imgSrc: ['https://ok.example; script-src *'] } } },
      { settings: { ipAllowlist: ['10.0.0.0/33'] } },
      { settings: { ipAllowlist: ['1::2::3'] } },
      { settings: [] },
      [],
    ];
    for (const body of bad) {
      const res = await admin.patch(body);
      expect([body, res.status, res.body.error?.code]).toEqual([body, 400, 'validation_failed']);
    }
    const detail = await admin.patch({ settings: { branding: { primaryColor: 'red' } } });
    expect(detail.body.error.details).toEqual([
      { path: 'body.settings.branding.primaryColor', message: 'must be a colour like #1a73e8' },
    ]);
    const malformed = await request(server.url)
      .patch('/api/v1/tenant')
      .set('Host', hostOf(admin.tenant))
      .set('Authorization', `Bearer ${admin.token}`)
      .set('Content-Type', 'application/json')
      .send('{"name": ')
      .expect(400);
    expect(malformed.body.error.code).toBe('malformed_json');
    expect((await admin.get().expect(200)).body.settings).toEqual({});
  });

  it('refuses an IP allowlist that would lock the caller out', async () => {
    const admin = await member('admin');
    const res = await admin.patch({ settings: { ipAllowlist: ['203.0.113.0/24'] } }).expect(400);
    expect(res.body.error.code).toBe('bad_request');
    expect(res.body.error.message).toMatch(/lock you out/);
    expect(res.body.error.details).toEqual({
      reason: 'allowlist_excludes_caller',
      clientIp: '127.0.0.1',
    });
    const ok = await admin
      .patch({ settings: { ipAllowlist: ['203.0.113.0/24', '127.0.0.0/8'] } })
      .expect(200);
    expect(ok.body.settings.ipAllowlist).toEqual(['203.0.113.0/24', '127.0.0.0/8']);
    // Clearing the list is always allowed.
    await admin.patch({ settings: { ipAllowlist: null } }).expect(200);
  });

  it('applies a change on the very next request although the tenant was cached', async () => {
    const admin = await member('admin');
    const before = await admin.get().expect(200);
    expect(before.headers['content-security-policy']).not.toContain('fonts.example.com');
    await admin
      .patch({ settings: { csp: { fontSrc: ['https://fonts.example.com'] } } })
      .expect(200);
    const after = await admin.get().expect(200);
    expect(after.headers['content-security-policy']).toContain(
      "font-src 'self' https://fonts.example.com",
    );
  });

  it("never shows or changes tenant A's settings with tenant B's token", async () => {
    const a = await member('owner');
    const b = await member('owner');
    await a.patch({ settings: { supportContact: { email: 'secret-a@example.com' } } }).expect(200);
    const asB = (req: request.Test) => req.set('Authorization', `Bearer ${b.token}`);

    for (const target of [
      (r: request.Test) => r.set('Host', hostOf(a.tenant)),
      (r: request.Test) => r.set('X-Folio-Tenant', a.tenant.slug),
    ]) {
      const read = await target(asB(request(server.url).get('/api/v1/tenant'))).expect(403);
      expect(JSON.stringify(read.body)).not.toContain('secret-a');
      await target(
        asB(request(server.url).patch('/api/v1/tenant').send({ name: 'Hijacked' })),
      ).expect(403);
    }
    // On the bare host B's token acts in B's own tenant only.
    const own = await asB(request(server.url).get('/api/v1/tenant')).expect(200);
    expect(own.body.id).toBe(b.tenant.id);
    await asB(request(server.url).patch('/api/v1/tenant').send({ name: 'B renamed' })).expect(200);
    expect((await a.get().expect(200)).body.name).toBe(a.tenant.name);
  });
});
