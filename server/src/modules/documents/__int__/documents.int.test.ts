import request from 'supertest';
import { createMember } from '../../../test/factories.js';
import { issueTestToken } from '../../../test/sessions.js';
import { startTestServer, type TestServer } from '../../../test/test-server.js';
import type { Tenant } from '../../tenancy/index.js';
import { eventually } from '../../../test/wait.js';

describe('/api/v1/documents', () => {
  let server: TestServer;
  let tenant: Tenant;
  let editor: string;
  let viewer: string;

  const as = (token: string) => ({
    get: (path: string) => request(server.url).get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string) => request(server.url).post(path).set('Authorization', `Bearer ${token}`),
    patch: (path: string) =>
      request(server.url).patch(path).set('Authorization', `Bearer ${token}`),
    delete: (path: string) =>
      request(server.url).delete(path).set('Authorization', `Bearer ${token}`),
  });

  beforeAll(async () => {
    server = await startTestServer({ label: 'documents' });
    const ds = server.node.dataSource;
    const e = await createMember(ds, { role: 'editor' });
    tenant = e.tenant;
    editor = await issueTestToken(server.node, { tenantId: tenant.id, userId: e.user.id });
    const v = await createMember(ds, { tenant, role: 'viewer' });
    viewer = await issueTestToken(server.node, { tenantId: tenant.id, userId: v.user.id });
    const admin = await createMember(ds, { tenant, role: 'admin' });
    const adminToken = await issueTestToken(server.node, {
      tenantId: tenant.id,
      userId: admin.user.id,
    });
    await as(adminToken)
      .post('/api/v1/content-types')
      .send({ key: 'recipe', name: 'Recipe' })
      .expect(201);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('creates, reads, renames and deletes a document, auditing each change', async () => {
    const created = await as(editor)
      .post('/api/v1/documents')
      .send({ title: 'Crème Brûlée Recipe', contentType: 'recipe' })
      .expect(201);
    expect(created.body).toMatchObject({
      title: 'Crème Brûlée Recipe',
      slug: 'creme-brulee-recipe',
      contentType: 'recipe',
    });
    const id: string = created.body.id;
    await as(viewer).get(`/api/v1/documents/${id}`).expect(200);
    const renamed = await as(editor)
      .patch(`/api/v1/documents/${id}`)
      .send({ title: 'Crème brûlée', slug: 'creme-brulee' })
      .expect(200);
    expect(renamed.body).toMatchObject({ title: 'Crème brûlée', slug: 'creme-brulee' });
    await as(editor).delete(`/api/v1/documents/${id}`).expect(204);
    await as(editor).get(`/api/v1/documents/${id}`).expect(404);
    const owner = await createMember(server.node.dataSource, { tenant, role: 'owner' });
    const ownerToken = await issueTestToken(server.node, {
      tenantId: tenant.id,
      userId: owner.user.id,
    });
    // Audited through the outbox: the entries land once each event is delivered (after commit).
    const actions = await eventually(async () => {
      const audit = await as(ownerToken).get(`/api/v1/audit-log?targetId=${id}`).expect(200);
      const found = audit.body.items.map((i: { action: string }) => i.action);
      return found.length >= 3 ? found : null;
    });
    expect(actions).toEqual(['document.deleted', 'document.updated', 'document.created']);
    const audit = await as(ownerToken).get(`/api/v1/audit-log?targetId=${id}`).expect(200);
    const updated = audit.body.items.find(
      (i: { action: string }) => i.action === 'document.updated',
    );
    expect(updated.after).toMatchObject({
      title: 'Crème brûlée',
      slug: 'creme-brulee',
      changed: ['title', 'slug'],
      previous: { title: 'Crème Brûlée Recipe', slug: 'creme-brulee-recipe' },
    });
    expect(updated.actor).toEqual({ type: 'user', id: expect.any(String) });
  });

  it('derives unique slugs, refuses a taken explicit one with 409', async () => {
    const first = await as(editor)
      .post('/api/v1/documents')
      .send({ title: 'Same Title' })
      .expect(201);
    const second = await as(editor)
      .post('/api/v1/documents')
      .send({ title: 'Same Title' })
      .expect(201);
    expect(first.body.slug).toBe('same-title');
    expect(second.body.slug).toMatch(/^same-title-[0-9a-f]{6}$/);
    const taken = await as(editor)
      .post('/api/v1/documents')
      .send({ title: 'Other', slug: 'same-title' })
      .expect(409);
    expect(taken.body.error).toMatchObject({ code: 'conflict', details: { reason: 'slug_taken' } });
    await as(editor)
      .patch(`/api/v1/documents/${second.body.id}`)
      .send({ slug: 'same-title' })
      .expect(409);
  });

  it('lists newest first with cursors, filtered by content type and title', async () => {
    const other = await createMember(server.node.dataSource, { role: 'editor' });
    const token = await issueTestToken(server.node, {
      tenantId: other.tenant.id,
      userId: other.user.id,
    });
    for (let i = 0; i < 5; i += 1) {
      await as(token)
        .post('/api/v1/documents')
        .send({ title: `Page ${i}`, contentType: i % 2 ? 'page' : 'article' })
        .expect(201);
    }
    const first = await as(token).get('/api/v1/documents?limit=2').expect(200);
    expect(first.body.items.map((d: { title: string }) => d.title)).toEqual(['Page 4', 'Page 3']);
    const second = await as(token)
      .get(`/api/v1/documents?limit=2&cursor=${first.body.nextCursor}`)
      .expect(200);
    expect(second.body.items.map((d: { title: string }) => d.title)).toEqual(['Page 2', 'Page 1']);
    const pages = await as(token).get('/api/v1/documents?contentType=page').expect(200);
    expect(pages.body.items.map((d: { title: string }) => d.title)).toEqual(['Page 3', 'Page 1']);
    const search = await as(token).get('/api/v1/documents?q=page%204').expect(200);
    expect(search.body.items).toHaveLength(1);
    const wildcard = await as(token).get('/api/v1/documents?q=%25').expect(200);
    expect(wildcard.body.items).toHaveLength(0);
  });

  it('lets viewers read but not write, and answers bad input with 4xx codes', async () => {
    const denied = await as(viewer).post('/api/v1/documents').send({ title: 'Nope' }).expect(403);
    expect(denied.body.error.details).toEqual({ permission: 'documents.write' });
    await as(viewer).get('/api/v1/documents').expect(200);
    const cases: [string, request.Test, number, string][] = [
      [
        'empty title',
        as(editor).post('/api/v1/documents').send({ title: '' }),
        400,
        'validation_failed',
      ],
      [
        'unknown field',
        as(editor).post('/api/v1/documents').send({ title: 'x', tenantId: tenant.id }),
        400,
        'validation_failed',
      ],
      [
        'bad slug',
        as(editor).post('/api/v1/documents').send({ title: 'x', slug: '-bad-' }),
        400,
        'validation_failed',
      ],
      [
        'bad content type',
        as(editor).post('/api/v1/documents').send({ title: 'x', contentType: 'Bad Type' }),
        400,
        'validation_failed',
      ],
      [
        'a content type the tenant does not have',
        as(editor).post('/api/v1/documents').send({ title: 'x', contentType: 'no-such-type' }),
        400,
        'validation_failed',
      ],
      [
        'empty patch',
        as(editor).patch('/api/v1/documents/00000000-0000-4000-8000-000000000000').send({}),
        400,
        'validation_failed',
      ],
      ['bad id', as(editor).get('/api/v1/documents/not-a-uuid'), 404, 'not_found'],
      [
        'missing id',
        as(editor).delete('/api/v1/documents/00000000-0000-4000-8000-000000000000'),
        404,
        'not_found',
      ],
      ['bad cursor', as(editor).get('/api/v1/documents?cursor=nope'), 400, 'validation_failed'],
    ];
    for (const [name, req, status, code] of cases) {
      const res = await req;
      expect({ name, status: res.status, code: res.body.error?.code }).toEqual({
        name,
        status,
        code,
      });
    }
  });
});
