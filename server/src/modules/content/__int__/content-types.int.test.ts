/**
 * Content types over the real server: CRUD with ETag / If-Match, the built-ins, a document's
 * rendered content after edits from a stock y-websocket client, and tenant isolation.
 */
import request from 'supertest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { connectProvider, destroyProvider, synced } from '../../../test/collab-client.js';
import { createMember } from '../../../test/factories.js';
import { issueTestToken } from '../../../test/sessions.js';
import { startTestServer, type TestServer } from '../../../test/test-server.js';
import { eventually } from '../../../test/wait.js';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import type { Tenant } from '../../tenancy/index.js';

describe('/api/v1/content-types and /documents/:id/content', () => {
  let server: TestServer;
  let tenant: Tenant;
  let admin: string;
  let editor: string;
  let viewer: string;
  let stranger: string;
  const providers: WebsocketProvider[] = [];

  const as = (token: string) => ({
    get: (path: string) => request(server.url).get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string) => request(server.url).post(path).set('Authorization', `Bearer ${token}`),
    patch: (path: string) =>
      request(server.url).patch(path).set('Authorization', `Bearer ${token}`),
    delete: (path: string) =>
      request(server.url).delete(path).set('Authorization', `Bearer ${token}`),
  });

  const recipe = {
    key: 'recipe',
    name: 'Recipe',
    description: 'A dish',
    fields: [
      { key: 'servings', kind: 'number', label: 'Servings', required: true, min: 1, integer: true },
      { key: 'tags', kind: 'list', label: 'Tags', item: { kind: 'text', maxLength: 20 } },
    ],
  };

  async function token(role: string, t?: Tenant): Promise<string> {
    const m = await createMember(server.node.dataSource, { role, ...(t ? { tenant: t } : {}) });
    return issueTestToken(server.node, { tenantId: m.tenant.id, userId: m.user.id });
  }

  async function outbox(tenantId: string): Promise<string[]> {
    const rows = await withTenant(server.node.dataSource, tenantId, (tx) =>
      tx.query<{ type: string; target_id: string }[]>(
        `SELECT type, target_id FROM outbox_events
          WHERE tenant_id = $1 AND target_type = 'content_type' ORDER BY seq`,
        [tenantId],
      ),
    );
    return rows.map((r) => `${r.type}:${r.target_id}`);
  }

  beforeAll(async () => {
    server = await startTestServer({ label: 'content-types' });
    const a = await createMember(server.node.dataSource, { role: 'admin' });
    tenant = a.tenant;
    admin = await issueTestToken(server.node, { tenantId: tenant.id, userId: a.user.id });
    editor = await token('editor', tenant);
    viewer = await token('viewer', tenant);
    stranger = await token('owner');
  });
  afterAll(async () => {
    for (const provider of providers) destroyProvider(provider);
    await server?.close();
  });

  it('lists the built-ins to every tenant and refuses to change or delete them', async () => {
    const list = await as(viewer).get('/api/v1/content-types').expect(200);
    expect(list.body.items.map((t: { key: string }) => t.key)).toEqual(['article', 'page']);
    const article = await as(viewer).get('/api/v1/content-types/article').expect(200);
    expect(article.headers.etag).toBe('"1"');
    expect(article.body).toMatchObject({
      key: 'article',
      isBuiltIn: true,
      revision: 1,
      fields: [{ key: 'summary', kind: 'text', required: false }],
    });
    for (const req of [
      as(admin).post('/api/v1/content-types').send({ key: 'article', name: 'Mine' }),
      as(admin).patch('/api/v1/content-types/article').send({ name: 'Mine' }),
      as(admin).delete('/api/v1/content-types/page'),
    ]) {
      const res = await req.expect(409);
      expect(res.body.error.details).toEqual({ reason: 'built_in' });
    }
  });

  it('creates, reads, updates with If-Match and deletes a type, recording each event', async () => {
    const created = await as(admin).post('/api/v1/content-types').send(recipe).expect(201);
    expect(created.headers.etag).toBe('"1"');
    expect(created.body).toMatchObject({ key: 'recipe', isBuiltIn: false, revision: 1 });
    expect(created.body.fields[1]).toEqual({
      key: 'tags',
      kind: 'list',
      label: 'Tags',
      required: false,
      item: { kind: 'text', maxLength: 20 },
    });
    const taken = await as(admin).post('/api/v1/content-types').send(recipe).expect(409);
    expect(taken.body.error.details).toEqual({ reason: 'key_taken' });

    const read = await as(viewer).get('/api/v1/content-types/recipe').expect(200);
    expect(read.headers.etag).toBe('"1"');
    const updated = await as(admin)
      .patch('/api/v1/content-types/recipe')
      .set('If-Match', read.headers.etag!)
      .send({ name: 'Dish' })
      .expect(200);
    expect(updated.headers.etag).toBe('"2"');
    expect(updated.body).toMatchObject({ name: 'Dish', revision: 2, description: 'A dish' });
    const stale = await as(admin)
      .patch('/api/v1/content-types/recipe')
      .set('If-Match', '"1"')
      .send({ name: 'Lost update' })
      .expect(412);
    expect(stale.body.error).toMatchObject({
      code: 'precondition_failed',
      details: { revision: 2 },
    });
    await as(admin).patch('/api/v1/content-types/recipe').send({ description: null }).expect(200);
    const list = await as(viewer).get('/api/v1/content-types').expect(200);
    expect(list.body.items.map((t: { key: string }) => t.key)).toEqual([
      'article',
      'page',
      'recipe',
    ]);

    await as(admin).delete('/api/v1/content-types/recipe').set('If-Match', '"2"').expect(412);
    await as(admin).delete('/api/v1/content-types/recipe').set('If-Match', '"3"').expect(204);
    await as(viewer).get('/api/v1/content-types/recipe').expect(404);
    await as(admin).delete('/api/v1/content-types/recipe').expect(404);
    expect(await outbox(tenant.id)).toEqual([
      'content_type.created:recipe',
      'content_type.updated:recipe',
      'content_type.updated:recipe',
      'content_type.deleted:recipe',
    ]);
    // The outbox turns each event into an audit entry naming the acting member.
    const audit = await eventually(async () => {
      const res = await as(admin)
        .get('/api/v1/audit-log?targetType=content_type&targetId=recipe')
        .expect(200);
      return res.body.items.length === 4 ? res : null;
    });
    expect(audit.body.items.map((i: { action: string }) => i.action)).toEqual([
      'content_type.deleted',
      'content_type.updated',
      'content_type.updated',
      'content_type.created',
    ]);
  });

  it('refuses to delete a type while documents use it', async () => {
    await as(admin)
      .post('/api/v1/content-types')
      .send({ ...recipe, key: 'menu' })
      .expect(201);
    const doc = await as(editor)
      .post('/api/v1/documents')
      .send({ title: 'Lunch', contentType: 'menu' })
      .expect(201);
    const res = await as(admin).delete('/api/v1/content-types/menu').expect(409);
    expect(res.body.error.details).toEqual({ reason: 'in_use', documents: 1 });
    await as(editor).delete(`/api/v1/documents/${doc.body.id}`).expect(204);
    await as(admin).delete('/api/v1/content-types/menu').expect(204);
  });

  it('answers permissions and bad input with 4xx codes', async () => {
    const cases: [string, request.Test, number, string][] = [
      ['editor create', as(editor).post('/api/v1/content-types').send(recipe), 403, 'forbidden'],
      [
        'viewer patch',
        as(viewer).patch('/api/v1/content-types/x').send({ name: 'x' }),
        403,
        'forbidden',
      ],
      ['editor delete', as(editor).delete('/api/v1/content-types/x'), 403, 'forbidden'],
      [
        'duplicate field keys',
        as(admin)
          .post('/api/v1/content-types')
          .send({ key: 'dup', name: 'Dup', fields: [recipe.fields[0], recipe.fields[0]] }),
        400,
        'validation_failed',
      ],
      [
        'unknown kind',
        as(admin)
          .post('/api/v1/content-types')
          .send({ key: 'k', name: 'K', fields: [{ key: 'a', kind: 'colour', label: 'A' }] }),
        400,
        'validation_failed',
      ],
      [
        'bad key',
        as(admin).post('/api/v1/content-types').send({ key: 'Bad Key', name: 'x' }),
        400,
        'validation_failed',
      ],
      [
        'empty patch',
        as(admin).patch('/api/v1/content-types/x').send({}),
        400,
        'validation_failed',
      ],
      ['missing type', as(viewer).get('/api/v1/content-types/nope'), 404, 'not_found'],
      ['impossible key', as(viewer).get('/api/v1/content-types/NOPE!'), 404, 'not_found'],
      ['bad document id', as(viewer).get('/api/v1/documents/nope/content'), 404, 'not_found'],
      [
        'missing document',
        as(viewer).get('/api/v1/documents/00000000-0000-4000-8000-000000000000/content'),
        404,
        'not_found',
      ],
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

  it('renders a document edited through a real y-websocket client, with issues from its type', async () => {
    await as(admin)
      .post('/api/v1/content-types')
      .send({ ...recipe, key: 'dish' })
      .expect(201);
    const created = await as(editor)
      .post('/api/v1/documents')
      .send({ title: 'Soup', contentType: 'dish' })
      .expect(201);
    const id: string = created.body.id;
    const empty = await as(viewer).get(`/api/v1/documents/${id}/content`).expect(200);
    expect(empty.body).toMatchObject({
      documentId: id,
      contentType: 'dish',
      fields: {},
      body: { type: 'doc' },
      html: '',
      issues: [{ path: ['fields', 'servings'], code: 'required' }],
    });
    expect(empty.body.hash).toMatch(/^sha256:[0-9a-f]{64}$/);

    const doc = new Y.Doc();
    const provider = connectProvider(server.node.port, id, editor, doc);
    providers.push(provider);
    await synced(provider);
    doc.transact(() => {
      const heading = new Y.XmlElement('heading');
      heading.setAttribute('level', 2 as unknown as string);
      heading.insert(0, [new Y.XmlText('Soup')]);
      const paragraph = new Y.XmlElement('paragraph');
      const text = new Y.XmlText();
      paragraph.insert(0, [text]);
      text.applyDelta([
        { insert: 'Hot ' },
        { insert: 'tomato', attributes: { bold: {} } },
        { insert: ' <soup>', attributes: { link: { href: 'javascript:alert(1)' } } },
      ]);
      doc.getXmlFragment('body').insert(0, [heading, paragraph]);
      const fields = doc.getMap('fields');
      fields.set('servings', 4);
      const tags = new Y.Array<string>();
      fields.set('tags', tags);
      tags.push(['red', 'warm']);
    });
    const rendered = await eventually(async () => {
      const res = await as(viewer).get(`/api/v1/documents/${id}/content`).expect(200);
      return res.body.fields.servings === 4 ? res : null;
    });
    expect(rendered.body).toEqual({
      documentId: id,
      contentType: 'dish',
      fields: { servings: 4, tags: ['red', 'warm'] },
      body: {
        type: 'doc',
        content: [
          { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Soup' }] },
          {
            type: 'paragraph',
            content: [
              { type: 'text', text: 'Hot ' },
              { type: 'text', text: 'tomato', marks: [{ type: 'bold' }] },
              {
                type: 'text',
                text: ' <soup>',
                marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }],
              },
            ],
          },
        ],
      },
      html: '<h2>Soup</h2><p>Hot <strong>tomato</strong> &lt;soup&gt;</p>',
      hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      issues: [],
    });
    expect(rendered.body.hash).not.toBe(empty.body.hash);
    const again = await as(viewer).get(`/api/v1/documents/${id}/content`).expect(200);
    expect(again.body.hash).toBe(rendered.body.hash);

    doc.getMap('fields').set('servings', 0);
    const invalid = await eventually(async () => {
      const res = await as(viewer).get(`/api/v1/documents/${id}/content`).expect(200);
      return res.body.issues.length > 0 ? res : null;
    });
    expect(invalid.body.issues).toEqual([
      { path: ['fields', 'servings'], code: 'too_small', message: 'at least 1' },
    ]);
  });

  it('gives another tenant 403/404 and no data on every route', async () => {
    await as(admin)
      .post('/api/v1/content-types')
      .send({ ...recipe, key: 'secret' })
      .expect(201);
    const doc = await as(editor).post('/api/v1/documents').send({ title: 'Private' }).expect(201);
    const id: string = doc.body.id;
    const probes: [string, request.Test][] = [
      ['read type', as(stranger).get('/api/v1/content-types/secret')],
      ['patch type', as(stranger).patch('/api/v1/content-types/secret').send({ name: 'Mine' })],
      ['delete type', as(stranger).delete('/api/v1/content-types/secret')],
      ['document content', as(stranger).get(`/api/v1/documents/${id}/content`)],
    ];
    for (const [name, req] of probes) {
      const res = await req;
      expect({ name, status: res.status }).toEqual({ name, status: 404 });
      expect(JSON.stringify(res.body)).not.toMatch(/Recipe|Private|servings/);
    }
    const list = await as(stranger).get('/api/v1/content-types').expect(200);
    expect(list.body.items.map((t: { key: string }) => t.key)).toEqual(['article', 'page']);
    // The stranger's own type of the same key is theirs alone; ours is untouched.
    await as(stranger)
      .post('/api/v1/content-types')
      .send({ key: 'secret', name: 'Theirs' })
      .expect(201);
    const ours = await as(viewer).get('/api/v1/content-types/secret').expect(200);
    expect(ours.body).toMatchObject({ name: 'Recipe', revision: 1 });
    // A viewer of yet another tenant: no document, and no right to define types at all.
    const foreignViewer = await token('viewer');
    await as(foreignViewer).get(`/api/v1/documents/${id}/content`).expect(404);
    await as(foreignViewer).post('/api/v1/content-types').send(recipe).expect(403);
  });
});
