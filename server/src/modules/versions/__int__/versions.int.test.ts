import { performance } from 'node:perf_hooks';
import request from 'supertest';
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import {
  appendParagraph,
  bodyText,
  connectProvider,
  destroyProvider,
  synced,
} from '../../../test/collab-client.js';
import { withGlobal, withTenant } from '../../../platform/db/unit-of-work.js';
import { createMember } from '../../../test/factories.js';
import { connectLive, type LiveClient } from '../../../test/live-client.js';
import { issueTestToken } from '../../../test/sessions.js';
import { startTestServer, type TestServer } from '../../../test/test-server.js';
import { eventually, waitUntil } from '../../../test/wait.js';
import type { Tenant } from '../../tenancy/index.js';
import type { VersionsModule } from '../index.js';

interface VersionJson {
  id: string;
  number: number;
  reason: string;
  label: string | null;
  authors: string[];
  contentHash: string;
  restoredFrom: string | null;
  createdBy: string | null;
}

/** Replaces the whole body with one paragraph, in one transaction, as an editor would. */
function setBody(doc: Y.Doc, text: string): void {
  doc.transact(() => {
    const body = doc.getXmlFragment('body');
    body.delete(0, body.length);
    appendParagraph(doc, text);
  });
}

describe('/api/v1/documents/:documentId/versions', () => {
  let server: TestServer;
  let tenant: Tenant;
  let editor: { id: string; token: string };
  let editor2: { id: string; token: string };
  let viewer: { id: string; token: string };
  let checkpointer: VersionsModule['checkpointer'];
  const providers: WebsocketProvider[] = [];
  const lives: LiveClient[] = [];
  // Made by the first test, used by the later ones: a document with versions, and its first.
  let shared: { documentId: string; versionId: string };

  const as = (token: string) => ({
    get: (path: string) => request(server.url).get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string) => request(server.url).post(path).set('Authorization', `Bearer ${token}`),
  });
  const versionsOf = (documentId: string) => `/api/v1/documents/${documentId}/versions`;
  const list = async (documentId: string): Promise<VersionJson[]> =>
    (
      await as(editor.token)
        .get(`${versionsOf(documentId)}?limit=200`)
        .expect(200)
    ).body.items;
  const serverText = async (documentId: string) =>
    bodyText(await server.node.content.read(tenant.id, documentId));
  /** Waits until every burst of edits so far has ended in its checkpoint. */
  const checkpointsSettled = () =>
    waitUntil(() => checkpointer.active === 0, 'checkpoints to settle', 5000);
  const connect = async (documentId: string, token: string) => {
    const provider = connectProvider(server.node.port, documentId, token);
    providers.push(provider);
    await synced(provider);
    return provider;
  };
  const newDocument = async (title: string): Promise<string> =>
    (await as(editor.token).post('/api/v1/documents').send({ title }).expect(201)).body.id;
  const member = async (role: string) => {
    const { user } = await createMember(server.node.dataSource, { tenant, role });
    const token = await issueTestToken(server.node, { tenantId: tenant.id, userId: user.id });
    return { id: user.id, token };
  };

  beforeAll(async () => {
    server = await startTestServer({
      label: 'versions',
      env: { VERSION_CHECKPOINT_IDLE_MS: '300', COLLAB_IDLE_UNLOAD_MS: '200' },
    });
    const first = await createMember(server.node.dataSource, { role: 'editor' });
    tenant = first.tenant;
    editor = {
      id: first.user.id,
      token: await issueTestToken(server.node, { tenantId: tenant.id, userId: first.user.id }),
    };
    editor2 = await member('editor');
    viewer = await member('viewer');
    const versions = server.node.features.find((f) => f.name === 'versions') as VersionsModule;
    checkpointer = versions.checkpointer;
  });
  afterEach(() => {
    for (const provider of providers.splice(0)) destroyProvider(provider);
    for (const live of lives.splice(0)) live.close();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('checkpoints real edits after idle, credits their authors, and lists, reads and compares', async () => {
    const documentId = await newDocument('Versioned');
    const writer = await connect(documentId, editor.token);
    writer.doc.transact(() => {
      writer.doc.getMap('fields').set('title', 'First title');
      appendParagraph(writer.doc, 'The quick brown fox');
    });
    const [v1] = await eventually(async () => {
      const items = await list(documentId);
      return items.length === 1 ? items : null;
    });
    expect(v1).toMatchObject({
      number: 1,
      reason: 'checkpoint',
      authors: [editor.id],
      label: null,
      createdBy: null,
    });

    // Edits that cancel out: the checkpoint they start finds the hash unchanged.
    await checkpointsSettled();
    const before = checkpointer.completed;
    writer.doc.getMap('fields').set('scratch', 1);
    writer.doc.getMap('fields').delete('scratch');
    await waitUntil(() => checkpointer.completed > before, 'the no-op checkpoint');
    expect(await list(documentId)).toHaveLength(1);

    // Manual versions are always new (so they can carry a label), even when nothing changed.
    const manual = await as(editor.token)
      .post(versionsOf(documentId))
      .send({ label: 'Before the rewrite' })
      .expect(201);
    expect(manual.body).toMatchObject({
      number: 2,
      reason: 'manual',
      label: 'Before the rewrite',
      createdBy: editor.id,
      // The cancelled-out edits are still edits by this member since version 1.
      authors: [editor.id],
      contentHash: v1!.contentHash,
      rendered: {
        fields: { title: 'First title' },
        body: {
          type: 'doc',
          content: [
            { type: 'paragraph', content: [{ type: 'text', text: 'The quick brown fox' }] },
          ],
        },
      },
    });
    expect(manual.body.html).toContain('The quick brown fox');

    const second = await connect(documentId, editor2.token);
    second.doc.transact(() => {
      second.doc.getMap('fields').set('title', 'Second title');
      const text = second.doc.getXmlFragment('body').get(0) as Y.XmlElement;
      const line = text.get(0) as Y.XmlText;
      line.delete(4, 5);
      line.insert(4, 'slow');
    });
    const v3 = await eventually(async () => (await list(documentId)).find((v) => v.number === 3));
    expect(v3).toMatchObject({ reason: 'checkpoint', authors: [editor2.id] });

    const compared = await as(viewer.token)
      .get(`${versionsOf(documentId)}/compare?from=${v1!.id}&to=${v3.id}`)
      .expect(200);
    expect(compared.body).toMatchObject({
      from: { id: v1!.id, number: 1 },
      to: { id: v3.id, number: 3 },
      identical: false,
      fields: [
        { path: ['title'], change: 'changed', before: 'First title', after: 'Second title' },
      ],
    });
    expect(compared.body.text.filter((p: { op: string }) => p.op !== 'equal')).toEqual([
      { op: 'delete', text: 'quick' },
      { op: 'insert', text: 'slow' },
    ]);
    const toCurrent = await as(viewer.token)
      .get(`${versionsOf(documentId)}/compare?from=${v3.id}`)
      .expect(200);
    expect(toCurrent.body).toMatchObject({
      to: { id: 'current', number: null, contentHash: v3.contentHash },
      identical: true,
      fields: [],
      text: [{ op: 'equal', text: 'The slow brown fox' }],
    });

    const page1 = await as(viewer.token)
      .get(`${versionsOf(documentId)}?limit=2`)
      .expect(200);
    expect(page1.body.items.map((v: VersionJson) => v.number)).toEqual([3, 2]);
    expect(page1.body.items[0]).not.toHaveProperty('state');
    expect(page1.body.items[0]).not.toHaveProperty('rendered');
    const page2 = await as(viewer.token)
      .get(`${versionsOf(documentId)}?limit=2&cursor=${page1.body.nextCursor}`)
      .expect(200);
    expect(page2.body).toMatchObject({ items: [{ number: 1 }], nextCursor: null });

    const plain = await as(viewer.token)
      .get(`${versionsOf(documentId)}/${v1!.id}`)
      .expect(200);
    expect(plain.body).not.toHaveProperty('state');
    const withState = await as(viewer.token)
      .get(`${versionsOf(documentId)}/${v1!.id}?include=state`)
      .expect(200);
    const decoded = new Y.Doc();
    Y.applyUpdate(decoded, Buffer.from(withState.body.state, 'base64'));
    expect(bodyText(decoded)).toContain('The quick brown fox');
    decoded.destroy();

    await as(viewer.token).post(versionsOf(documentId)).send({}).expect(403);
    await as(editor.token)
      .post(versionsOf(documentId))
      .send({ label: 'x'.repeat(201) })
      .expect(400);
    await as(editor.token)
      .get(`${versionsOf(documentId)}?cursor=bogus`)
      .expect(400);
    await as(editor.token).get(versionsOf('0f0e0d0c-0b0a-4909-8807-060504030201')).expect(404);
    await as(editor.token).get(versionsOf('not-a-uuid')).expect(404);
    await as(editor.token)
      .get(`${versionsOf(documentId)}/0f0e0d0c-0b0a-4909-8807-060504030201`)
      .expect(404);
    shared = { documentId, versionId: v1!.id };
    await checkpointsSettled();
  });

  it('restoring a version changes the text in a connected stock y-websocket client within 1 s', async () => {
    const documentId = await newDocument('Restored live');
    const writer = await connect(documentId, editor.token);
    const reader = await connect(documentId, viewer.token);
    setBody(writer.doc, 'Original words');
    await waitUntil(async () => (await serverText(documentId)).includes('Original'), 'the edit');
    await checkpointsSettled();
    const [original] = await list(documentId);
    expect(original).toMatchObject({ number: 1, reason: 'checkpoint' });
    setBody(writer.doc, 'Replaced words');
    await waitUntil(() => bodyText(reader.doc).includes('Replaced'), 'the reader to see the edit');
    await checkpointsSettled();
    expect(await list(documentId)).toHaveLength(2);
    const live = await connectLive(server.node.port, viewer.token);
    lives.push(live);
    await live.request('document:join', { documentId, mode: 'view' });

    const started = performance.now();
    const restoring = as(editor.token)
      .post(`${versionsOf(documentId)}/${original!.id}/restore`)
      .send({ label: 'Back to the original' })
      .then((res) => res);
    await waitUntil(
      () =>
        bodyText(reader.doc).includes('Original words') &&
        !bodyText(reader.doc).includes('Replaced'),
      'the reader to see the restored text',
      1000,
      2,
    );
    const elapsedMs = performance.now() - started;
    process.stdout.write(`restore reached the connected client in ${elapsedMs.toFixed(1)} ms\n`);
    expect(elapsedMs).toBeLessThan(1000);
    expect(bodyText(writer.doc)).toBe(bodyText(reader.doc));

    const restored = await restoring;
    expect(restored.status).toBe(201);
    expect(restored.body).toMatchObject({
      number: 3,
      reason: 'restore',
      label: 'Back to the original',
      restoredFrom: original!.id,
      contentHash: original!.contentHash,
      createdBy: editor.id,
      authors: [editor.id],
    });
    const event = await live.waitFor<{ payload: Record<string, unknown> }>('version.restored');
    expect(event.payload).toMatchObject({
      versionId: restored.body.id,
      restoredFrom: original!.id,
      restoredFromNumber: 1,
    });
    await live.waitFor<{ payload: { reason: string } }>(
      'version.created',
      (e) => e.payload.reason === 'restore',
    );
    // The restore's own change starts a checkpoint, which finds the restored hash: no duplicate.
    await checkpointsSettled();
    expect((await list(documentId)).map((v) => v.reason)).toEqual([
      'restore',
      'checkpoint',
      'checkpoint',
    ]);
  });

  it('restores a document no room is open for: storage changes, a later client sees it', async () => {
    const documentId = await newDocument('Restored cold');
    const writer = await connect(documentId, editor.token);
    setBody(writer.doc, 'Stored original');
    await waitUntil(async () => (await serverText(documentId)).includes('original'), 'the edit');
    await checkpointsSettled();
    setBody(writer.doc, 'Stored replacement');
    await waitUntil(async () => (await serverText(documentId)).includes('replacement'), 'edit 2');
    await checkpointsSettled();
    const [replacement, original] = await list(documentId);
    expect(replacement!.number).toBe(2);
    for (const provider of providers.splice(0)) destroyProvider(provider);
    await waitUntil(() => server.node.collab.manager.roomCount === 0, 'the room to unload');

    await as(editor.token)
      .post(`${versionsOf(documentId)}/${original!.id}/restore`)
      .send({})
      .expect(201);
    // Once the room the restore opened has unloaded again, a read comes from storage alone.
    await waitUntil(() => server.node.collab.manager.roomCount === 0, 'the room to unload again');
    expect(await serverText(documentId)).toContain('Stored original');
    expect(await serverText(documentId)).not.toContain('replacement');

    const later = await connect(documentId, viewer.token);
    expect(bodyText(later.doc)).toContain('Stored original');
    expect(bodyText(later.doc)).not.toContain('replacement');
    // A version is restored only through its own document.
    await as(editor.token)
      .post(`${versionsOf(shared.documentId)}/${original!.id}/restore`)
      .send({})
      .expect(404);
    await as(editor.token)
      .get(`${versionsOf(shared.documentId)}/${original!.id}`)
      .expect(404);
  });

  it('keeps versions immutable, audits them, and deletes them with their document', async () => {
    const { documentId, versionId } = shared;
    const ds = server.node.dataSource;
    await expect(
      withTenant(ds, tenant.id, (tx) =>
        tx.query(`UPDATE document_versions SET label = 'rewritten' WHERE id = $1`, [versionId]),
      ),
    ).rejects.toThrow(/permission denied/);
    const owner = await member('owner');
    const audit = await eventually(async () => {
      const res = await as(owner.token).get(`/api/v1/audit-log?targetId=${versionId}`).expect(200);
      return res.body.items.length > 0 ? res.body.items : null;
    });
    // Version 1 is a checkpoint: the platform made it, not the member whose edit started it.
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'version.created',
        actor: expect.objectContaining({ type: 'system' }),
        target: { type: 'version', id: versionId },
      }),
    ]);

    // Deleting the member who made a version keeps the version, without its creator.
    const leaver = await member('editor');
    const made = await as(leaver.token).post(versionsOf(documentId)).send({}).expect(201);
    await withGlobal(ds, (tx) => tx.query(`DELETE FROM users WHERE id = $1`, [leaver.id]));
    const kept = await as(editor.token)
      .get(`${versionsOf(documentId)}/${made.body.id}`)
      .expect(200);
    expect(kept.body).toMatchObject({ createdBy: null, contentHash: made.body.contentHash });

    const doomed = await newDocument('Doomed');
    await as(editor.token).post(versionsOf(doomed)).send({}).expect(201);
    await request(server.url)
      .delete(`/api/v1/documents/${doomed}`)
      .set('Authorization', `Bearer ${editor.token}`)
      .expect(204);
    const [left] = await withTenant(ds, tenant.id, (tx) =>
      tx.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM document_versions WHERE document_id = $1`,
        [doomed],
      ),
    );
    expect(left!.n).toBe(0);
    expect(await list(documentId)).not.toHaveLength(0);
  });

  it("another tenant's member can neither read nor change versions", async () => {
    const outsider = await createMember(server.node.dataSource, { role: 'owner' });
    const token = await issueTestToken(server.node, {
      tenantId: outsider.tenant.id,
      userId: outsider.user.id,
    });
    const { documentId, versionId } = shared;
    const before = await list(documentId);
    const textBefore = await serverText(documentId);
    const base = versionsOf(documentId);
    const attempts = [
      as(token).get(base),
      as(token).post(base).send({ label: 'intrusion' }),
      as(token).get(`${base}/${versionId}?include=state`),
      as(token).get(`${base}/compare?from=${versionId}&to=current`),
      as(token).post(`${base}/${versionId}/restore`).send({}),
    ];
    for (const attempt of attempts) {
      const res = await attempt;
      expect([403, 404]).toContain(res.status);
      expect(res.body).not.toHaveProperty('items');
      expect(res.body).not.toHaveProperty('rendered');
      expect(JSON.stringify(res.body)).not.toContain('quick');
    }
    expect(await list(documentId)).toEqual(before);
    expect(await serverText(documentId)).toBe(textBefore);
    await checkpointsSettled();
    expect(await list(documentId)).toEqual(before);
  });
});
