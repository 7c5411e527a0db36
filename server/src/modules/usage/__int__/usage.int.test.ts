import request from 'supertest';
import * as Y from 'yjs';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { createMember } from '../../../test/factories.js';
import { issueTestToken } from '../../../test/sessions.js';
import { startTestServer, type TestServer } from '../../../test/test-server.js';
import { PLANS, type Tenant } from '../../tenancy/index.js';

const DAY_MS = 86_400_000;
const utcDay = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * DAY_MS).toISOString().slice(0, 10);

describe('GET /api/v1/usage', () => {
  let server: TestServer;
  let tenant: Tenant;
  let admin: string;
  let editor: string;
  let other: { tenant: Tenant; token: string };

  const as = (token: string) => ({
    get: (path: string) => request(server.url).get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string) => request(server.url).post(path).set('Authorization', `Bearer ${token}`),
    del: (path: string) => request(server.url).delete(path).set('Authorization', `Bearer ${token}`),
  });
  const usage = async (token = admin, query = '') =>
    (await as(token).get(`/api/v1/usage${query}`).expect(200)).body;

  beforeAll(async () => {
    server = await startTestServer({
      label: 'usage',
      env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' },
    });
    const ds = server.node.dataSource;
    const a = await createMember(ds, { role: 'admin' });
    tenant = a.tenant;
    admin = await issueTestToken(server.node, { tenantId: tenant.id, userId: a.user.id });
    const e = await createMember(ds, { tenant, role: 'editor' });
    editor = await issueTestToken(server.node, { tenantId: tenant.id, userId: e.user.id });
    const o = await createMember(ds, { role: 'admin' });
    other = {
      tenant: o.tenant,
      token: await issueTestToken(server.node, { tenantId: o.tenant.id, userId: o.user.id }),
    };
  }, 30_000);
  afterAll(async () => {
    await server?.close();
  });

  it('starts from the plan limits and zero usage for a new tenant', async () => {
    const body = await usage();
    expect(body.plan).toBe('free');
    expect(body.meters).toEqual({
      documents: { used: 0, limit: PLANS.free.documents },
      members: { used: 2, limit: PLANS.free.members },
      storageBytes: { used: 0, limit: PLANS.free.storageBytes },
      apiKeys: { used: 0, limit: null },
      webhooks: { used: 0, limit: null },
    });
    expect(body.rateLimits).toEqual({
      apiRequestsPerMinute: PLANS.free.apiRequestsPerMinute,
      documentBytes: PLANS.free.documentBytes,
    });
    expect(body.daily.days).toHaveLength(30);
    expect(body.daily.to).toBe(utcDay(0));
    expect(body.daily.from).toBe(utcDay(-29));
  });

  it('counts what the tenant creates, and only that tenant', async () => {
    const before = await usage();
    const doc = await as(admin)
      .post('/api/v1/documents')
      .send({ title: 'Usage one', contentType: 'article' })
      .expect(201);
    const documentId: string = doc.body.id;
    await as(admin)
      .post('/api/v1/documents')
      .send({ title: 'Usage two', contentType: 'article' })
      .expect(201);
    await server.node.content.change(tenant.id, documentId, (ydoc) => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText('Some words that take up bytes in the log')]);
      ydoc.getXmlFragment('body').insert(0, [paragraph]);
    });
    await as(admin).post(`/api/v1/documents/${documentId}/versions`).send({}).expect(201);
    await as(admin)
      .post(`/api/v1/documents/${documentId}/comments`)
      .send({ anchor: { kind: 'text', from: 0, to: 4 }, body: 'A remark' })
      .expect(201);
    const kept = await as(admin)
      .post('/api/v1/api-keys')
      .send({ name: 'kept', scopes: ['documents.read'] })
      .expect(201);
    const revoked = await as(admin)
      .post('/api/v1/api-keys')
      .send({ name: 'revoked', scopes: ['documents.read'] })
      .expect(201);
    await as(admin)
      .del(`/api/v1/api-keys/${revoked.body.apiKey?.id ?? revoked.body.id}`)
      .expect((res) => expect(res.status).toBeLessThan(300));
    expect(kept.body.token).toBeTruthy();
    const hook = await as(admin)
      .post('/api/v1/webhooks')
      .send({ url: 'http://127.0.0.1:9/hook', eventTypes: ['comment.created'] })
      .expect(201);
    await as(admin).post(`/api/v1/webhooks/${hook.body.id}/ping`).expect(202);
    // Activity in the other tenant must not move this tenant's figures.
    await as(other.token)
      .post('/api/v1/documents')
      .send({ title: 'Elsewhere', contentType: 'article' })
      .expect(201);

    const after = await usage();
    expect(after.meters.documents.used).toBe(before.meters.documents.used + 2);
    expect(after.meters.apiKeys.used).toBe(1);
    expect(after.meters.webhooks.used).toBe(1);
    expect(after.details.activeWebhooks).toBe(1);
    const { storage } = after.details;
    expect(storage.versions).toBeGreaterThan(0);
    expect(storage.collabUpdates + storage.collabSnapshots).toBeGreaterThan(0);
    expect(after.meters.storageBytes.used).toBe(
      storage.collabUpdates + storage.collabSnapshots + storage.versions,
    );
    const today = after.daily.days.at(-1);
    expect(today).toMatchObject({
      date: utcDay(0),
      documentsCreated: 2,
      versionsCreated: 1,
      commentsPosted: 1,
      webhookDeliveries: 1,
    });
    expect(today.auditEntries).toBeGreaterThan(0);

    const elsewhere = await usage(other.token);
    expect(elsewhere.meters.documents.used).toBe(1);
    expect(elsewhere.meters.apiKeys.used).toBe(0);
    expect(elsewhere.meters.storageBytes.used).toBe(0);
    expect(elsewhere.daily.days.at(-1)).toMatchObject({ documentsCreated: 1, commentsPosted: 0 });
  });

  it('puts older activity on its own UTC day and leaves days outside the window out', async () => {
    const created = await as(admin)
      .post('/api/v1/documents')
      .send({ title: 'Back-dated', contentType: 'article' })
      .expect(201);
    const old = await as(admin)
      .post('/api/v1/documents')
      .send({ title: 'Too old', contentType: 'article' })
      .expect(201);
    await withTenant(server.node.dataSource, tenant.id, async (tx) => {
      await tx.query(
        `UPDATE documents SET created_at = now() - interval '3 days' WHERE tenant_id = $1 AND id = $2`,
        [tenant.id, created.body.id],
      );
      await tx.query(
        `UPDATE documents SET created_at = now() - interval '10 days' WHERE tenant_id = $1 AND id = $2`,
        [tenant.id, old.body.id],
      );
    });
    const week = await usage(admin, '?days=7');
    expect(week.daily.days.map((d: { date: string }) => d.date)).toEqual(
      [-6, -5, -4, -3, -2, -1, 0].map(utcDay),
    );
    const byDate = new Map(
      week.daily.days.map((d: { date: string; documentsCreated: number }) => [
        d.date,
        d.documentsCreated,
      ]),
    );
    expect(byDate.get(utcDay(-3))).toBe(1);
    const total = week.daily.days.reduce(
      (sum: number, d: { documentsCreated: number }) => sum + d.documentsCreated,
      0,
    );
    // Two from the previous test (today) and the back-dated one; the ten-day-old one is outside.
    expect(total).toBe(3);
    expect((await usage(admin, '?days=30')).daily.days.at(-11).documentsCreated).toBe(1);
    // The meter counts every document, whenever it was made.
    expect(week.meters.documents.used).toBe(4);
  });

  it("shows a quota override of the tenant's plan at once", async () => {
    await withTenant(server.node.dataSource, tenant.id, (tx) =>
      tx.query(`UPDATE tenants SET quotas = '{"documents": 7}' WHERE id = $1`, [tenant.id]),
    );
    const body = await usage();
    expect(body.meters.documents.limit).toBe(7);
    expect(body.meters.members.limit).toBe(PLANS.free.members);
  });

  it('needs settings.manage and a valid window', async () => {
    const refused = await as(editor).get('/api/v1/usage').expect(403);
    expect(refused.body.error.code).toBe('forbidden');
    await request(server.url).get('/api/v1/usage').expect(401);
    for (const days of ['0', '91', 'x']) {
      const res = await as(admin).get(`/api/v1/usage?days=${days}`).expect(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    await as(admin).get('/api/v1/usage?tenantId=x').expect(400);
  });
});
