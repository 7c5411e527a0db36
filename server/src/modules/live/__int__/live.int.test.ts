import request from 'supertest';
import { createMember } from '../../../test/factories.js';
import { issueTestToken } from '../../../test/sessions.js';
import { startTestServer, type TestServer } from '../../../test/test-server.js';
import type { PresenceEntry } from '../index.js';
import { connectLive, refusalOf, type LiveClient } from '../../../test/live-client.js';
import { waitUntil } from '../../../test/wait.js';
import { withGlobal } from '../../../platform/db/unit-of-work.js';
import { UserEntity } from '../../identity/index.js';
import {
  connectProvider,
  destroyProvider,
  nextCloseCode,
  synced,
} from '../../../test/collab-client.js';

interface PresenceEvent {
  documentId: string;
  users: PresenceEntry[];
}

describe('live channel (socket.io at /live) on one node', () => {
  let server: TestServer;
  const clients: LiveClient[] = [];
  let tenantId: string;
  let tenant: Awaited<ReturnType<typeof createMember>>['tenant'];
  let tokens: { editor: string; viewer: string; outsider: string };
  let ids: { editor: string; viewer: string; editorName: string };
  let documentId: string;
  let foreignDocumentId: string;

  const connect = async (token: string) => {
    const client = await connectLive(server.node.port, token);
    clients.push(client);
    return client;
  };

  const createDocument = async (token: string, title: string) => {
    const created = await request(server.url)
      .post('/api/v1/documents')
      .set('Authorization', `Bearer ${token}`)
      .send({ title, contentType: 'page' })
      .expect(201);
    return (created.body as { id: string }).id;
  };

  beforeAll(async () => {
    server = await startTestServer({ label: 'live' });
    const ds = server.node.dataSource;
    const editor = await createMember(ds, { role: 'editor' });
    const viewer = await createMember(ds, { role: 'viewer', tenant: editor.tenant });
    const outsider = await createMember(ds, { role: 'editor' });
    tenant = editor.tenant;
    tenantId = tenant.id;
    ids = { editor: editor.user.id, viewer: viewer.user.id, editorName: editor.user.displayName };
    tokens = {
      editor: await issueTestToken(server.node, { tenantId, userId: editor.user.id }),
      viewer: await issueTestToken(server.node, { tenantId, userId: viewer.user.id }),
      outsider: await issueTestToken(server.node, {
        tenantId: outsider.tenant.id,
        userId: outsider.user.id,
      }),
    };
    documentId = await createDocument(tokens.editor, 'Live');
    foreignDocumentId = await createDocument(tokens.outsider, 'Elsewhere');
  }, 30_000);

  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('refuses a handshake without a valid token, naming the error code', async () => {
    expect((await refusalOf(server.node.port, undefined)).message).toBe('unauthenticated');
    const forged = await refusalOf(server.node.port, 'not-a-token');
    expect(forged.message).toBe('unauthenticated');
    expect(forged.data).toMatchObject({ code: 'unauthenticated' });
  });

  it('greets an authenticated socket with its tenant and permissions', async () => {
    const editor = await connect(tokens.editor);
    const ready = await editor.waitFor<{ tenantId: string; userId: string; permissions: string[] }>(
      'ready',
    );
    expect(ready).toMatchObject({ tenantId, userId: ids.editor });
    expect(ready.permissions).toContain('documents.write');
  });

  it('lists who views and who edits a document, and tells the room when that changes', async () => {
    const editor = await connect(tokens.editor);
    const viewer = await connect(tokens.viewer);
    const joined = await editor.request<{ ok: boolean; mode: string; users: PresenceEntry[] }>(
      'document:join',
      { documentId, mode: 'edit' },
    );
    expect(joined).toMatchObject({ ok: true, mode: 'edit' });
    expect(joined.users).toEqual([
      { userId: ids.editor, displayName: ids.editorName, mode: 'edit', connections: 1 },
    ]);

    // A viewer asking to edit is shown viewing: presence never claims a right the member lacks.
    const viewing = await viewer.request<{ ok: boolean; mode: string; users: PresenceEntry[] }>(
      'document:join',
      { documentId, mode: 'edit' },
    );
    expect(viewing).toMatchObject({ ok: true, mode: 'view' });
    const heard = await editor.waitFor<PresenceEvent>('presence', (p) => p.users.length === 2);
    expect(heard.users).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ userId: ids.editor, mode: 'edit', connections: 1 }),
        expect.objectContaining({ userId: ids.viewer, mode: 'view', connections: 1 }),
      ]),
    );

    await expect(viewer.request('document:leave', { documentId })).resolves.toMatchObject({
      ok: true,
      left: true,
    });
    await editor.waitFor<PresenceEvent>(
      'presence',
      (p) => p.users.length === 1 && p.users[0]!.userId === ids.editor,
    );
    const listed = await editor.request<{ users: PresenceEntry[] }>('document:presence', {
      documentId,
    });
    expect(listed.users.map((u) => u.userId)).toEqual([ids.editor]);
  });

  it('drops a disconnected socket from presence', async () => {
    const editor = await connect(tokens.editor);
    const viewer = await connect(tokens.viewer);
    await editor.request('document:join', { documentId });
    await viewer.request('document:join', { documentId });
    viewer.close();
    await editor.waitFor<PresenceEvent>(
      'presence',
      (p) => p.users.length === 1 && p.users[0]!.userId === ids.editor,
    );
  });

  it("never lets a socket into another tenant's document", async () => {
    const editor = await connect(tokens.editor);
    const reply = await editor.request('document:join', { documentId: foreignDocumentId });
    expect(reply).toMatchObject({ ok: false, error: { code: 'not_found' } });
    await expect(
      editor.request('document:presence', { documentId: foreignDocumentId }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'not_found' } });
    // Nor does a tenant-wide notification of one tenant reach another's sockets.
    const outsider = await connect(tokens.outsider);
    server.node.live.emitToTenant(tenantId, 'notice', { text: 'for this tenant only' });
    await editor.waitFor('notice');
    await outsider.request('document:join', { documentId: foreignDocumentId });
    expect(outsider.events.some((e) => e.name === 'notice')).toBe(false);
  });

  it('answers malformed requests with a validation error and keeps the socket', async () => {
    const editor = await connect(tokens.editor);
    for (const payload of [
      null,
      42,
      'x',
      { documentId: 'not-a-uuid' },
      { documentId, mode: 'own' },
    ]) {
      await expect(editor.request('document:join', payload)).resolves.toMatchObject({
        ok: false,
        error: { code: 'validation_failed' },
      });
    }
    expect(editor.socket.connected).toBe(true);
    await expect(editor.request('document:join', { documentId })).resolves.toMatchObject({
      ok: true,
    });
  });

  it('closes the collab connection and live socket of a session that logs out', async () => {
    const { user } = await createMember(server.node.dataSource, { role: 'editor', tenant });
    const token = await issueTestToken(server.node, { tenantId, userId: user.id });
    const provider = connectProvider(server.node.port, documentId, token);
    try {
      await synced(provider);
      const closed = nextCloseCode(provider);
      const socket = await connect(token);
      await request(server.url)
        .post('/api/v1/auth/logout')
        .set('Authorization', `Bearer ${token}`)
        .send({})
        .expect(204);
      expect(await closed).toBe(4403);
      await socket.waitFor<{ reason: string }>(
        'access:revoked',
        (p) => p.reason === 'session_revoked',
      );
      await waitUntil(() => !socket.socket.connected, 'the socket disconnected');
    } finally {
      destroyProvider(provider);
    }
  });

  it('closes the connections of a revoked API key, and only those', async () => {
    const owner = await createMember(server.node.dataSource, { role: 'owner', tenant });
    const ownerToken = await issueTestToken(server.node, { tenantId, userId: owner.user.id });
    const created = await request(server.url)
      .post('/api/v1/api-keys')
      .set('Authorization', `Bearer ${ownerToken}`)
      .send({ name: 'sync bot', scopes: ['documents.read', 'documents.write'] })
      .expect(201);
    const key = created.body as { id: string; token: string };
    const bot = connectProvider(server.node.port, documentId, key.token);
    const human = connectProvider(server.node.port, documentId, tokens.editor);
    try {
      await Promise.all([synced(bot), synced(human)]);
      const closed = nextCloseCode(bot);
      const botSocket = await connect(key.token);
      await request(server.url)
        .delete(`/api/v1/api-keys/${key.id}`)
        .set('Authorization', `Bearer ${ownerToken}`)
        .expect(204);
      expect(await closed).toBe(4403);
      await botSocket.waitFor('access:revoked');
      expect(human.wsconnected).toBe(true);
    } finally {
      destroyProvider(bot);
      destroyProvider(human);
    }
  });

  it("closes a tenant's realtime connections when the platform suspends it or starts maintenance", async () => {
    const ds = server.node.dataSource;
    const staff = await createMember(ds, { role: 'owner', password: 'staff password 123' });
    await withGlobal(ds, (tx) =>
      tx.getRepository(UserEntity).update({ id: staff.user.id }, { isStaff: true }),
    );
    const login = await request(server.url)
      .post('/platform/v1/auth/login')
      .send({ email: staff.user.email, password: 'staff password 123' })
      .expect(200);
    const platform = (login.body as { accessToken: string }).accessToken;
    const victim = await createMember(ds, { role: 'editor' });
    const token = await issueTestToken(server.node, {
      tenantId: victim.tenant.id,
      userId: victim.user.id,
    });
    const document = await createDocument(token, 'Soon closed');

    for (const [action, code, errorCode] of [
      ['maintenance', 1013, 'unavailable'],
      ['suspend', 4403, 'forbidden'],
    ] as const) {
      const provider = connectProvider(server.node.port, document, token);
      try {
        await synced(provider);
        const closed = nextCloseCode(provider);
        const socket = await connect(token);
        await request(server.url)
          .post(`/platform/v1/tenants/${victim.tenant.id}/${action}`)
          .set('Authorization', `Bearer ${platform}`)
          .send({})
          .expect(200);
        expect(await closed).toBe(code);
        await socket.waitFor<{ code: string }>('access:revoked', (p) => p.code === errorCode);
      } finally {
        destroyProvider(provider);
      }
      await request(server.url)
        .post(`/platform/v1/tenants/${victim.tenant.id}/activate`)
        .set('Authorization', `Bearer ${platform}`)
        .send({})
        .expect(200);
    }
    // Other tenants' connections are untouched.
    const editor = await connect(tokens.editor);
    await expect(editor.request('document:join', { documentId })).resolves.toMatchObject({
      ok: true,
    });
  }, 20_000);

  it('delivers document notifications only to the sockets in that document', async () => {
    const inside = await connect(tokens.editor);
    const outside = await connect(tokens.viewer);
    await inside.request('document:join', { documentId });
    server.node.live.emitToDocument(tenantId, documentId, 'document:changed', { documentId });
    await inside.waitFor('document:changed');
    await outside.request('document:join', { documentId: foreignDocumentId });
    expect(outside.events.some((e) => e.name === 'document:changed')).toBe(false);
  });
});
