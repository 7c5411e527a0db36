import request from 'supertest';
import { appendParagraph } from '../../../test/collab-client.js';
import { createMember } from '../../../test/factories.js';
import { connectLive } from '../../../test/live-client.js';
import { issueTestToken } from '../../../test/sessions.js';
import { startTestServer, type TestServer } from '../../../test/test-server.js';
import { eventually } from '../../../test/wait.js';
import type { Tenant } from '../../tenancy/index.js';

interface ThreadBody {
  id: string;
  status: string;
  quote: string;
  anchor: { kind: string; resolved: { status: string; quote: string } };
  comments: { id: string; body: string | null; mentions: string[]; deletedAt: string | null }[];
}

describe('/api/v1/documents/:documentId/comments', () => {
  let server: TestServer;
  let tenant: Tenant;
  const tokens: Record<'owner' | 'editor' | 'reviewer' | 'viewer' | 'stranger', string> = {
    owner: '',
    editor: '',
    reviewer: '',
    viewer: '',
    stranger: '',
  };
  const users: Record<string, string> = {};

  const as = (token: string) => ({
    get: (path: string) => request(server.url).get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string) => request(server.url).post(path).set('Authorization', `Bearer ${token}`),
    patch: (path: string) =>
      request(server.url).patch(path).set('Authorization', `Bearer ${token}`),
    delete: (path: string) =>
      request(server.url).delete(path).set('Authorization', `Bearer ${token}`),
  });

  /** A document whose body holds `paragraphs`, written through the collaboration engine. */
  async function documentWith(paragraphs: string[], fields: Record<string, string> = {}) {
    const created = await as(tokens.editor)
      .post('/api/v1/documents')
      .send({ title: `Doc ${Math.random()}` })
      .expect(201);
    const id: string = created.body.id;
    await server.node.content.change(tenant.id, id, (doc) => {
      for (const text of paragraphs) appendParagraph(doc, text);
      for (const [key, value] of Object.entries(fields)) doc.getMap('fields').set(key, value);
    });
    return id;
  }

  beforeAll(async () => {
    server = await startTestServer({ label: 'comments' });
    const ds = server.node.dataSource;
    const first = await createMember(ds, { role: 'editor' });
    tenant = first.tenant;
    users.editor = first.user.id;
    tokens.editor = await issueTestToken(server.node, {
      tenantId: tenant.id,
      userId: first.user.id,
    });
    for (const role of ['owner', 'reviewer', 'viewer'] as const) {
      const m = await createMember(ds, { tenant, role });
      users[role] = m.user.id;
      tokens[role] = await issueTestToken(server.node, { tenantId: tenant.id, userId: m.user.id });
    }
    const stranger = await createMember(ds, { role: 'owner' });
    users.stranger = stranger.user.id;
    tokens.stranger = await issueTestToken(server.node, {
      tenantId: stranger.tenant.id,
      userId: stranger.user.id,
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('opens a thread on offsets, replies, resolves and reopens it, filtering the list by status', async () => {
    const id = await documentWith(['Intro line', 'the target words here']);
    const base = `/api/v1/documents/${id}/comments`;
    const created = await as(tokens.editor)
      .post(base)
      .send({ anchor: { kind: 'text', from: 15, to: 27 }, body: 'Is this right?' })
      .expect(201);
    const thread: ThreadBody = created.body;
    expect(thread).toMatchObject({
      status: 'open',
      quote: 'target words',
      anchor: {
        kind: 'text',
        resolved: { status: 'anchored', quote: 'target words', from: 15, to: 27 },
      },
      comments: [{ body: 'Is this right?', author: { type: 'user', id: users.editor } }],
    });
    expect(Object.keys(thread.anchor).sort()).toEqual(['end', 'kind', 'resolved', 'start']);
    await as(tokens.reviewer)
      .post(`${base}/${thread.id}/replies`)
      .send({ body: 'Yes' })
      .expect(201);
    const resolved = await as(tokens.reviewer).post(`${base}/${thread.id}/resolve`).expect(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', resolvedBy: users.reviewer });
    expect(resolved.body.comments.map((c: { body: string }) => c.body)).toEqual([
      'Is this right?',
      'Yes',
    ]);
    const again = await as(tokens.editor).post(`${base}/${thread.id}/resolve`).expect(409);
    expect(again.body.error.details).toEqual({ reason: 'already_resolved' });
    const other = await as(tokens.editor)
      .post(base)
      .send({ anchor: { kind: 'text', from: 0, to: 5 }, body: 'Second' })
      .expect(201);
    const open = await as(tokens.viewer).get(`${base}?status=open`).expect(200);
    expect(open.body.items.map((t: ThreadBody) => t.id)).toEqual([other.body.id]);
    await as(tokens.editor).post(`${base}/${thread.id}/reopen`).expect(200);
    const first = await as(tokens.viewer).get(`${base}?limit=1`).expect(200);
    expect(first.body.items.map((t: ThreadBody) => t.id)).toEqual([other.body.id]);
    const second = await as(tokens.viewer)
      .get(`${base}?limit=1&cursor=${first.body.nextCursor}`)
      .expect(200);
    expect(second.body).toMatchObject({
      items: [{ id: thread.id, status: 'open' }],
      nextCursor: null,
    });
  });

  it('lets only the author edit, the author or a document deleter delete, softly', async () => {
    const id = await documentWith(['Some words to discuss']);
    const base = `/api/v1/documents/${id}/comments`;
    const { body: thread } = await as(tokens.editor)
      .post(base)
      .send({ anchor: { kind: 'text', from: 5, to: 10 }, body: 'Original' })
      .expect(201);
    const commentId: string = thread.comments[0].id;
    const path = `${base}/${thread.id}/comments/${commentId}`;
    const denied = await as(tokens.reviewer).patch(path).send({ body: 'Hijacked' }).expect(403);
    expect(denied.body.error.code).toBe('forbidden');
    const edited = await as(tokens.editor).patch(path).send({ body: 'Edited' }).expect(200);
    expect(edited.body).toMatchObject({ body: 'Edited', editedAt: expect.any(String) });
    const { body: reply } = await as(tokens.reviewer)
      .post(`${base}/${thread.id}/replies`)
      .send({ body: 'A reply' })
      .expect(201);
    // A reviewer may comment but not delete documents: someone else's comment is not theirs to delete.
    await as(tokens.reviewer).delete(path).expect(403);
    await as(tokens.owner).delete(`${base}/${thread.id}/comments/${reply.id}`).expect(204);
    await as(tokens.editor).delete(path).expect(204);
    await as(tokens.editor).delete(path).expect(204);
    await as(tokens.editor).patch(path).send({ body: 'Back' }).expect(409);
    const read = await as(tokens.viewer).get(`${base}/${thread.id}`).expect(200);
    expect(read.body.comments).toEqual([
      expect.objectContaining({ id: commentId, body: null, deletedAt: expect.any(String) }),
      expect.objectContaining({ id: reply.id, body: null, deletedAt: expect.any(String) }),
    ]);
  });

  it('records mentions of members from the list and @[id] tokens, refusing non-members', async () => {
    const id = await documentWith(['Mention me']);
    const base = `/api/v1/documents/${id}/comments`;
    const refused = await as(tokens.editor)
      .post(base)
      .send({ anchor: { kind: 'text', from: 0, to: 7 }, body: `Hi @[${users.stranger}]` })
      .expect(400);
    expect(refused.body.error).toMatchObject({ code: 'validation_failed' });
    expect(JSON.stringify(refused.body.error.details)).toContain(users.stranger);
    await as(tokens.editor)
      .post(base)
      .send({ anchor: { kind: 'text', from: 0, to: 7 }, body: 'x', mentions: [users.stranger] })
      .expect(400);
    const listed = await as(tokens.viewer).get(base).expect(200);
    expect(listed.body.items).toEqual([]);
    const { body: thread } = await as(tokens.editor)
      .post(base)
      .send({
        anchor: { kind: 'text', from: 0, to: 7 },
        body: `@[${users.reviewer!.toUpperCase()}] please look`,
        mentions: [users.viewer, users.reviewer],
      })
      .expect(201);
    expect([...thread.comments[0].mentions].sort()).toEqual([users.reviewer, users.viewer].sort());
    await as(tokens.editor)
      .post(`${base}/${thread.id}/replies`)
      .send({ body: `and @[${users.stranger}]` })
      .expect(400);
  });

  it('anchors comments to fields and orphans them when the field goes', async () => {
    const id = await documentWith(['Body'], { summary: 'A short summary' });
    const base = `/api/v1/documents/${id}/comments`;
    const { body: thread } = await as(tokens.reviewer)
      .post(base)
      .send({ anchor: { kind: 'field', field: 'summary' }, body: 'Too short' })
      .expect(201);
    expect(thread).toMatchObject({
      quote: 'A short summary',
      anchor: { kind: 'field', field: 'summary', resolved: { status: 'anchored' } },
    });
    await as(tokens.reviewer)
      .post(base)
      .send({ anchor: { kind: 'field', field: 'missing' }, body: 'Where?' })
      .expect(400);
    await server.node.content.change(tenant.id, id, (doc) =>
      doc.getMap('fields').delete('summary'),
    );
    const read = await as(tokens.viewer).get(`${base}/${thread.id}`).expect(200);
    expect(read.body.anchor.resolved).toEqual({
      status: 'orphaned',
      quote: '',
      from: null,
      to: null,
    });
  });

  it('orphans a thread whose words were deleted and refuses anchors that cannot anchor', async () => {
    const id = await documentWith(['keep the target words please']);
    const base = `/api/v1/documents/${id}/comments`;
    const { body: thread } = await as(tokens.editor)
      .post(base)
      .send({ anchor: { kind: 'text', from: 9, to: 21 }, body: 'Hmm' })
      .expect(201);
    await server.node.content.change(tenant.id, id, (doc) => {
      const paragraph = doc.getXmlFragment('body').get(0) as unknown as { get(i: number): unknown };
      (paragraph.get(0) as { delete(index: number, length: number): void }).delete(5, 17);
    });
    const read = await as(tokens.viewer).get(`${base}/${thread.id}`).expect(200);
    expect(read.body).toMatchObject({
      quote: 'target words',
      anchor: { resolved: { status: 'orphaned', quote: '' } },
    });
    const bad: unknown[] = [
      { kind: 'text', from: 3, to: 3 },
      { kind: 'text', from: 4, to: 2 },
      { kind: 'text', from: 0, to: 500 },
      { kind: 'text', start: 'AAAA', end: 'AAAA' },
      { kind: 'text', start: 'not base64!', end: 'x' },
      { kind: 'text', from: 0 },
      { kind: 'range', from: 0, to: 1 },
    ];
    for (const anchor of bad) {
      const res = await as(tokens.editor).post(base).send({ anchor, body: 'x' });
      expect([anchor, res.status, res.body.error?.code]).toEqual([
        anchor,
        400,
        'validation_failed',
      ]);
    }
    const long = 'x'.repeat(10_001);
    await as(tokens.editor)
      .post(base)
      .send({ anchor: { kind: 'text', from: 0, to: 4 }, body: long })
      .expect(400);
    await as(tokens.editor)
      .post(base)
      .send({ anchor: { kind: 'text', from: 0, to: 4 }, body: '   ' })
      .expect(400);
    await as(tokens.editor)
      .post('/api/v1/documents/00000000-0000-4000-8000-000000000000/comments')
      .send({ anchor: { kind: 'text', from: 0, to: 4 }, body: 'x' })
      .expect(404);
    await as(tokens.viewer).get(`${base}/not-a-uuid`).expect(404);
  });

  it('refuses a viewer everything but reading', async () => {
    const id = await documentWith(['Viewer territory']);
    const base = `/api/v1/documents/${id}/comments`;
    const { body: thread } = await as(tokens.editor)
      .post(base)
      .send({ anchor: { kind: 'text', from: 0, to: 6 }, body: 'Mine' })
      .expect(201);
    const commentPath = `${base}/${thread.id}/comments/${thread.comments[0].id}`;
    const denied = await as(tokens.viewer)
      .post(base)
      .send({ anchor: { kind: 'text', from: 0, to: 6 }, body: 'No' })
      .expect(403);
    expect(denied.body.error.details).toEqual({ permission: 'documents.comment' });
    await as(tokens.viewer).post(`${base}/${thread.id}/replies`).send({ body: 'No' }).expect(403);
    await as(tokens.viewer).post(`${base}/${thread.id}/resolve`).expect(403);
    await as(tokens.viewer).post(`${base}/${thread.id}/reopen`).expect(403);
    await as(tokens.viewer).patch(commentPath).send({ body: 'No' }).expect(403);
    await as(tokens.viewer).delete(commentPath).expect(403);
    await as(tokens.viewer).get(`${base}/${thread.id}`).expect(200);
  });

  it("gives another tenant's token nothing to read or change on any route", async () => {
    const id = await documentWith(['Private words']);
    const base = `/api/v1/documents/${id}/comments`;
    const { body: thread } = await as(tokens.editor)
      .post(base)
      .send({ anchor: { kind: 'text', from: 0, to: 7 }, body: 'Secret' })
      .expect(201);
    const commentPath = `${base}/${thread.id}/comments/${thread.comments[0].id}`;
    const attempts = [
      as(tokens.stranger).get(base),
      as(tokens.stranger)
        .post(base)
        .send({ anchor: { kind: 'text', from: 0, to: 7 }, body: 'x' }),
      as(tokens.stranger).get(`${base}/${thread.id}`),
      as(tokens.stranger).post(`${base}/${thread.id}/replies`).send({ body: 'x' }),
      as(tokens.stranger).patch(commentPath).send({ body: 'x' }),
      as(tokens.stranger).delete(commentPath),
      as(tokens.stranger).post(`${base}/${thread.id}/resolve`),
      as(tokens.stranger).post(`${base}/${thread.id}/reopen`),
    ];
    for (const attempt of attempts) {
      const res = await attempt;
      expect([403, 404]).toContain(res.status);
      expect(JSON.stringify(res.body)).not.toContain('Secret');
      expect(JSON.stringify(res.body)).not.toContain('Private');
    }
    const elsewhere = await documentWith(['Another document']);
    await as(tokens.editor).get(`/api/v1/documents/${elsewhere}/comments/${thread.id}`).expect(404);
    await as(tokens.editor)
      .post(`/api/v1/documents/${elsewhere}/comments/${thread.id}/replies`)
      .send({ body: 'x' })
      .expect(404);
    const after = await as(tokens.viewer).get(`${base}/${thread.id}`).expect(200);
    expect(after.body).toMatchObject({
      status: 'open',
      comments: [{ body: 'Secret', editedAt: null, deletedAt: null }],
    });
    expect(after.body.comments).toHaveLength(1);
  });

  it('lets an API key comment by offsets and edit only its own comments, auditing each event', async () => {
    const id = await documentWith(['Words for a bot']);
    const base = `/api/v1/documents/${id}/comments`;
    const { body: key } = await as(tokens.owner)
      .post('/api/v1/api-keys')
      .send({ name: 'review bot', scopes: ['documents.read', 'documents.comment'] })
      .expect(201);
    const { body: thread } = await as(key.token)
      .post(base)
      .send({ anchor: { kind: 'text', from: 10, to: 15 }, body: 'Beep' })
      .expect(201);
    expect(thread).toMatchObject({
      quote: 'a bot',
      createdBy: null,
      comments: [{ author: { type: 'apiKey', id: key.id } }],
    });
    const path = `${base}/${thread.id}/comments/${thread.comments[0].id}`;
    await as(tokens.editor).patch(path).send({ body: 'Boop' }).expect(403);
    await as(key.token).patch(path).send({ body: 'Boop' }).expect(200);
    const { body: reply } = await as(tokens.editor)
      .post(`${base}/${thread.id}/replies`)
      .send({ body: 'Human here' })
      .expect(201);
    await as(key.token)
      .patch(`${base}/${thread.id}/comments/${reply.id}`)
      .send({ body: 'Bot was here' })
      .expect(403);
    await as(key.token).post(`${base}/${thread.id}/resolve`).expect(200);
    const actions = await eventually(async () => {
      const audit = await as(tokens.owner).get(`/api/v1/audit-log?targetId=${thread.id}`);
      const names = (audit.body.items ?? []).map((i: { action: string }) => i.action);
      return names.length === 4 ? names : null;
    });
    expect([...actions].sort()).toEqual(
      ['comment.created', 'comment.edited', 'comment.replied', 'comment.resolved'].sort(),
    );
  });

  it('delivers each comment event to a live client joined to the document', async () => {
    const id = await documentWith(['Live words here']);
    const base = `/api/v1/documents/${id}/comments`;
    const live = await connectLive(server.node.port, tokens.viewer);
    try {
      await live.request('document:join', { documentId: id });
      const { body: thread } = await as(tokens.editor)
        .post(base)
        .send({ anchor: { kind: 'text', from: 5, to: 10 }, body: `ping @[${users.viewer}]` })
        .expect(201);
      const { body: reply } = await as(tokens.reviewer)
        .post(`${base}/${thread.id}/replies`)
        .send({ body: 'pong' })
        .expect(201);
      const commentPath = `${base}/${thread.id}/comments/${reply.id}`;
      await as(tokens.reviewer)
        .patch(commentPath)
        .send({ body: `pong! @[${users.editor}]` })
        .expect(200);
      await as(tokens.reviewer).delete(commentPath).expect(204);
      await as(tokens.reviewer).post(`${base}/${thread.id}/resolve`).expect(200);
      await as(tokens.reviewer).post(`${base}/${thread.id}/reopen`).expect(200);
      const target = { type: 'comment_thread', id: thread.id };
      type Event = { documentId: string; target: unknown; payload: Record<string, unknown> };
      const mine = (e: Event) => e.documentId === id && e.payload.threadId === thread.id;
      const created = await live.waitFor<Event>('comment.created', mine);
      expect(created).toMatchObject({ target, payload: { commentId: thread.comments[0].id } });
      const mentioned = await live.waitFor<Event>('comment.mentioned', mine);
      expect(mentioned.payload).toMatchObject({ mentionedUserId: users.viewer });
      for (const type of ['replied', 'edited', 'deleted'] as const) {
        const event = await live.waitFor<Event>(`comment.${type}`, mine);
        expect(event).toMatchObject({ target, payload: { commentId: reply.id } });
      }
      const added = await live.waitFor<Event>(
        'comment.mentioned',
        (e) => mine(e) && e.payload.commentId === reply.id,
      );
      expect(added.payload).toMatchObject({ mentionedUserId: users.editor });
      await live.waitFor<Event>('comment.resolved', mine);
      await live.waitFor<Event>('comment.reopened', mine);
    } finally {
      live.close();
    }
  });
});
