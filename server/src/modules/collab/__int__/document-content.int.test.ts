/**
 * The DocumentContent port over real rooms, storage and stock y-websocket clients: reads see
 * unflushed live edits and stored state alike; a server change reaches connected clients and
 * storage; change listeners hear who made each change.
 */
import request from 'supertest';
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { createMember } from '../../../test/factories.js';
import { issueTestToken } from '../../../test/sessions.js';
import { startTestServer, type TestServer } from '../../../test/test-server.js';
import { waitUntil } from '../../../test/wait.js';
import {
  appendParagraph,
  bodyText,
  connectProvider,
  destroyProvider,
  synced,
} from '../../../test/collab-client.js';
import { documentKey, type DocumentChange } from '../index.js';

describe('DocumentContent over live rooms', () => {
  let server: TestServer;
  let tenantId: string;
  let userId: string;
  let token: string;
  const providers: WebsocketProvider[] = [];

  async function newDocument(title: string): Promise<string> {
    const res = await request(server.url)
      .post('/api/v1/documents')
      .set('Authorization', `Bearer ${token}`)
      .send({ title })
      .expect(201);
    return res.body.id as string;
  }

  function open(documentId: string): { doc: Y.Doc; provider: WebsocketProvider } {
    const doc = new Y.Doc();
    const provider = connectProvider(server.node.port, documentId, token, doc);
    providers.push(provider);
    return { doc, provider };
  }

  beforeAll(async () => {
    server = await startTestServer({ label: 'doc-content', env: { COLLAB_IDLE_UNLOAD_MS: '200' } });
    const member = await createMember(server.node.dataSource, { role: 'editor' });
    tenantId = member.tenant.id;
    userId = member.user.id;
    token = await issueTestToken(server.node, { tenantId, userId });
  });
  afterAll(async () => {
    for (const provider of providers) destroyProvider(provider);
    await server?.close();
  });

  it('reads a live document, then the same content from storage once its room unloaded', async () => {
    const documentId = await newDocument('read me');
    const { doc, provider } = open(documentId);
    await synced(provider);
    appendParagraph(doc, 'typed live');
    await waitUntil(
      async () =>
        bodyText(await server.node.content.read(tenantId, documentId)) ===
        '<paragraph>typed live</paragraph>',
      'the live read',
    );
    destroyProvider(provider);
    await waitUntil(() => server.node.collab.manager.roomCount === 0, 'the room to unload');
    const stored = await server.node.content.read(tenantId, documentId);
    expect(bodyText(stored)).toBe('<paragraph>typed live</paragraph>');
    const empty = await server.node.content.read(tenantId, await newDocument('never edited'));
    expect(bodyText(empty)).toBe('');
  });

  it('a server change reaches a connected client and storage; listeners hear user and server', async () => {
    const documentId = await newDocument('change me');
    const heard: DocumentChange[] = [];
    const unsubscribe = server.node.content.onChange((change) => {
      if (change.documentId === documentId) heard.push(change);
    });
    try {
      const { doc, provider } = open(documentId);
      await synced(provider);
      appendParagraph(doc, 'by the user');
      await waitUntil(() => heard.length === 1, 'the user change');
      const result = await server.node.content.change(tenantId, documentId, (live) => {
        live.getMap('fields').set('restoredBy', 'server');
        return live.getMap('fields').size;
      });
      expect(result).toBe(1);
      await waitUntil(
        () => doc.getMap('fields').get('restoredBy') === 'server',
        'the client to see it',
      );
      const key = documentKey(tenantId, documentId);
      expect(heard).toEqual([
        { key, tenantId, documentId, userId },
        { key, tenantId, documentId, userId: null },
      ]);
      const rows = await server.node.collab.storage.load(`${tenantId}:${documentId}`);
      const fromStorage = new Y.Doc();
      for (const part of rows ?? []) Y.applyUpdate(fromStorage, part);
      expect(fromStorage.getMap('fields').get('restoredBy')).toBe('server');
    } finally {
      unsubscribe();
    }
  });

  it('a server change to a document no node holds opens its room, persists and idles out', async () => {
    const documentId = await newDocument('cold change');
    await server.node.content.change(tenantId, documentId, (live) => {
      live.getMap('fields').set('cold', true);
    });
    await waitUntil(
      () => server.node.collab.manager.room(`${tenantId}:${documentId}`) === undefined,
      'the room to unload',
    );
    const { doc, provider } = open(documentId);
    await synced(provider);
    expect(doc.getMap('fields').get('cold')).toBe(true);
  });
});
