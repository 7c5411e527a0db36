import request from 'supertest';
import type { WebsocketProvider } from 'y-websocket';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { createMember } from '../../../test/factories.js';
import { startTestRedisTarget, type TestRedisTarget } from '../../../test/services/redis.js';
import { issueTestToken } from '../../../test/sessions.js';
import { startTestFleet, type TestServer } from '../../../test/test-server.js';
import { waitUntil } from '../../../test/wait.js';
import {
  appendParagraph,
  bodyText,
  connectProvider,
  destroyProvider,
  editorWithDocument,
  synced,
} from '../../../test/collab-client.js';

const NODES = 3;
const DOCUMENTS = 3;

describe.each([
  { redis: 'a single Redis', cluster: false },
  { redis: 'a 3-master Redis Cluster', cluster: true },
])('rooms across three nodes over $redis', ({ cluster }) => {
  let database: TestDatabase;
  let redis: TestRedisTarget | undefined;
  let nodes: TestServer[] = [];
  const providers: WebsocketProvider[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('fleet-sync');
    redis = await startTestRedisTarget(cluster);
    nodes = await startTestFleet(database, { size: NODES, env: redis.env });
  }, 60_000);
  afterAll(async () => {
    for (const provider of providers.splice(0)) destroyProvider(provider);
    for (const node of nodes) await node.close();
    await redis?.stop();
    await database?.drop();
  });

  it('converges every document for clients spread over the nodes, without sticky routing', async () => {
    const ds = nodes[0]!.node.dataSource;
    const { tenant, user } = await createMember(ds, { role: 'editor' });
    const token = await issueTestToken(nodes[0]!.node, { tenantId: tenant.id, userId: user.id });
    const documents: string[] = [];
    for (let d = 0; d < DOCUMENTS; d += 1) {
      const created = await request(nodes[d % NODES]!.url)
        .post('/api/v1/documents')
        .set('Authorization', `Bearer ${token}`)
        .send({ title: `Shared ${d}`, contentType: 'page' })
        .expect(201);
      documents.push((created.body as { id: string }).id);
    }
    // Two clients per document on every node.
    const clients = documents.flatMap((documentId) =>
      nodes.flatMap((node) =>
        [0, 1].map(() => {
          const provider = connectProvider(node.node.port, documentId, token);
          providers.push(provider);
          return { documentId, provider };
        }),
      ),
    );
    await Promise.all(clients.map(({ provider }) => synced(provider, 10_000)));
    clients.forEach(({ provider }, i) => {
      appendParagraph(provider.doc, `from client ${i}`);
      provider.doc.getMap('fields').set(`k${i}`, i);
    });
    for (const documentId of documents) {
      const group = clients.filter((c) => c.documentId === documentId).map((c) => c.provider);
      const expected = clients.flatMap((c, i) => (c.documentId === documentId ? [i] : []));
      await waitUntil(
        () =>
          group.every(
            (p) =>
              bodyText(p.doc) === bodyText(group[0]!.doc) &&
              expected.every((i) => bodyText(p.doc).includes(`from client ${i}<`)) &&
              expected.every((i) => p.doc.getMap('fields').get(`k${i}`) === i),
          ),
        `convergence of ${documentId}`,
        15_000,
      );
    }
    const metrics = await request(nodes[1]!.url).get('/metrics').expect(200);
    expect(metrics.text).toMatch(
      /folio_collab_peer_messages_total\{[^}]*direction="in",kind="update"/,
    );
  });

  it('relays awareness between nodes with the server-bound identity, and its removal on close (R40)', async () => {
    const { user, token, documentId } = await editorWithDocument(nodes[0]!, 'Cursors');
    const writer = connectProvider(nodes[0]!.node.port, documentId, token);
    const watcher = connectProvider(nodes[1]!.node.port, documentId, token);
    providers.push(writer, watcher);
    await Promise.all([synced(writer, 10_000), synced(watcher, 10_000)]);
    writer.awareness.setLocalStateField('user', { name: 'someone else', color: '#ff0000' });
    writer.awareness.setLocalStateField('cursor', { anchor: 3 });
    const writerId = writer.doc.clientID;
    await waitUntil(
      () => watcher.awareness.getStates().get(writerId)?.['cursor'] !== undefined,
      'the cursor on the other node',
      10_000,
    );
    expect(watcher.awareness.getStates().get(writerId)).toEqual({
      cursor: { anchor: 3 },
      user: { id: user.id, name: user.displayName, color: '#ff0000' },
    });
    // A third node opening the room later learns the cursor as well.
    const late = connectProvider(nodes[2]!.node.port, documentId, token);
    providers.push(late);
    await synced(late, 10_000);
    await waitUntil(
      () => late.awareness.getStates().has(writerId),
      'the cursor on a room opened later',
      10_000,
    );
    providers.splice(providers.indexOf(writer), 1);
    destroyProvider(writer);
    await waitUntil(
      () =>
        !watcher.awareness.getStates().has(writerId) && !late.awareness.getStates().has(writerId),
      'the cursor to leave with its connection',
      10_000,
    );
  });
});
