import request from 'supertest';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { runWithContext, newContext } from '../../../platform/context.js';
import { createMember } from '../../../test/factories.js';
import { issueTestToken } from '../../../test/sessions.js';
import { startTestServer, type TestServer } from '../../../test/test-server.js';
import { recordAudit } from '../index.js';

describe('GET /api/v1/audit-log', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ label: 'audit' });
  });
  afterAll(async () => {
    await server?.close();
  });

  async function audited(tenantId: string, count: number): Promise<void> {
    const ctx = newContext({ actor: { kind: 'system', reason: 'test' }, clientIp: '203.0.113.9' });
    await runWithContext(ctx, () =>
      withTenant(server.node.dataSource, tenantId, async (tx) => {
        for (let i = 0; i < count; i += 1) {
          await recordAudit(tx, {
            tenantId,
            action: 'settings.updated',
            targetType: 'tenant',
            targetId: tenantId,
            before: { name: `v${i}`, passwordHash: 'secret' },
            after: { name: `v${i + 1}`, passwordHash: 'secret' },
          });
        }
      }),
    );
  }

  it('pages through the tenant’s entries newest first, with diffs and without secrets', async () => {
    const { tenant, user } = await createMember(server.node.dataSource, { role: 'admin' });
    await audited(tenant.id, 5);
    const token = await issueTestToken(server.node, { tenantId: tenant.id, userId: user.id });
    const first = await request(server.url)
      .get('/api/v1/audit-log?limit=3')
      .set('X-Folio-Tenant', tenant.slug)
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(first.body.items).toHaveLength(3);
    expect(first.body.items[0]).toMatchObject({
      action: 'settings.updated',
      actor: { type: 'system', id: 'test' },
      diff: { name: { before: 'v4', after: 'v5' } },
      ip: '203.0.113.9',
    });
    expect(JSON.stringify(first.body)).not.toContain('passwordHash');
    const second = await request(server.url)
      .get(`/api/v1/audit-log?limit=3&cursor=${first.body.nextCursor}`)
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(second.body.items.map((i: { after: { name: string } }) => i.after.name)).toEqual([
      'v2',
      'v1',
    ]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('refuses members without audit.read and tokens of another tenant', async () => {
    const a = await createMember(server.node.dataSource, { role: 'admin' });
    await audited(a.tenant.id, 1);
    const editor = await createMember(server.node.dataSource, { tenant: a.tenant, role: 'editor' });
    const editorToken = await issueTestToken(server.node, {
      tenantId: a.tenant.id,
      userId: editor.user.id,
    });
    const denied = await request(server.url)
      .get('/api/v1/audit-log')
      .set('Authorization', `Bearer ${editorToken}`)
      .expect(403);
    expect(denied.body.error).toMatchObject({
      code: 'forbidden',
      details: { permission: 'audit.read' },
    });

    const b = await createMember(server.node.dataSource, { role: 'owner' });
    const bToken = await issueTestToken(server.node, { tenantId: b.tenant.id, userId: b.user.id });
    for (const tenantHeader of [
      { 'X-Folio-Tenant': a.tenant.slug },
      { Host: `${a.tenant.slug}.localhost` },
    ]) {
      const res = await request(server.url)
        .get('/api/v1/audit-log')
        .set(tenantHeader)
        .set('Authorization', `Bearer ${bToken}`);
      expect(res.status).toBe(403);
      expect(res.body.items).toBeUndefined();
    }
    const own = await request(server.url)
      .get('/api/v1/audit-log')
      .set('Authorization', `Bearer ${bToken}`)
      .expect(200);
    expect(own.body.items).toEqual([]);
  });

  it('answers bad queries and missing credentials with stable 4xx codes', async () => {
    const { tenant, user } = await createMember(server.node.dataSource, { role: 'owner' });
    const token = await issueTestToken(server.node, { tenantId: tenant.id, userId: user.id });
    for (const query of ['limit=0', 'limit=abc', 'cursor=xyz', 'unknown=1', 'limit=1&limit=2']) {
      const res = await request(server.url)
        .get(`/api/v1/audit-log?${query}`)
        .set('Authorization', `Bearer ${token}`);
      expect({ query, status: res.status, code: res.body.error?.code }).toEqual({
        query,
        status: 400,
        code: 'validation_failed',
      });
    }
    const anonymous = await request(server.url)
      .get('/api/v1/audit-log')
      .set('X-Folio-Tenant', tenant.slug)
      .expect(401);
    expect(anonymous.body.error.code).toBe('unauthenticated');
    const garbage = await request(server.url)
      .get('/api/v1/audit-log')
      .set('Authorization', 'Bearer not.a.jwt')
      .expect(401);
    expect(garbage.body.error.code).toBe('unauthenticated');
  });
});
