import type { Client } from 'graphql-ws';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { startTestFleet, type TestServer } from '../../../test/test-server.js';
import { waitUntil } from '../../../test/wait.js';
import {
  collect,
  deliveryKey,
  DIRECT_PUBLISH,
  draftDocument,
  hostOf,
  wsClient,
  memberOf,
  type TestMember,
} from './graphql-test-support.js';

describe('GraphQL subscriptions across a fleet', () => {
  let database: TestDatabase;
  let nodes: TestServer[] = [];
  const clients: Client[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('graphql-fleet');
    nodes = await startTestFleet(database, {
      size: 2,
      env: { REDIS_URL: process.env.TEST_REDIS_URL! },
    });
  }, 120_000);
  afterAll(async () => {
    for (const client of clients.splice(0)) await client.dispose();
    for (const node of nodes) await node.close();
    await database?.drop();
  });

  /** Resolves once the client's connection runs operations (its subscriptions are set up first). */
  const ready = (client: Client) =>
    new Promise<void>((resolve, reject) =>
      client.subscribe(
        { query: '{ __typename }' },
        { next: () => resolve(), error: reject, complete: () => undefined },
      ),
    );

  it('a client subscribed through node A hears a document published through node B', async () => {
    const [nodeA, nodeB] = nodes as [TestServer, TestServer];
    const owner: TestMember = await memberOf(nodeB, 'owner');
    await owner.put('/api/v1/workflows/direct', DIRECT_PUBLISH).expect(200);
    const key = await deliveryKey(owner);
    const documentId = await draftDocument(nodeB, owner, 'Fleet news');
    const stranger = await memberOf(nodeA, 'owner');

    const client = wsClient(nodeA, hostOf(owner), key);
    const member = wsClient(nodeA, hostOf(owner), owner.token);
    const foreign = wsClient(nodeA, hostOf(stranger), stranger.token);
    clients.push(client, member, foreign);
    const contentType = (await owner.get(`/api/v1/documents/${documentId}`).expect(200)).body
      .contentType as string;
    const ofType = collect<{ documentPublished: { contentType: string } }>(
      client,
      `subscription { documentPublished(contentType: "${contentType}") { contentType versionId } }`,
    );
    const ofOtherType = collect(
      client,
      'subscription { documentPublished(contentType: "no_such_type") { documentId } }',
    );
    const everyType = collect<{ documentPublished: { documentId: string } }>(
      client,
      'subscription { documentPublished { documentId document { title } } }',
    );
    const transitions = collect<{ workflowTransitioned: { to: string } }>(
      member,
      `subscription { workflowTransitioned(documentId: "${documentId}") { from to transition } }`,
    );
    const changes = collect<{ documentChanged: { type: string } }>(
      member,
      `subscription { documentChanged(documentId: "${documentId}") { type versionId } }`,
    );
    const theirs = collect(foreign, 'subscription { documentPublished { documentId } }');
    await Promise.all([ready(client), ready(member), ready(foreign)]);

    await owner
      .post(`/api/v1/documents/${documentId}/workflow/transitions`, { transition: 'publish' })
      .expect(200);

    await waitUntil(() => everyType.results.length === 1, 'documentPublished on node A', 15_000);
    expect(everyType.results[0]!.documentPublished).toEqual({
      documentId,
      document: { title: 'Fleet news' },
    });
    await waitUntil(
      () => transitions.results.length === 1,
      'workflowTransitioned on node A',
      15_000,
    );
    expect(transitions.results[0]!.workflowTransitioned).toEqual({
      from: 'draft',
      to: 'published',
      transition: 'publish',
    });
    await waitUntil(() => changes.results.length >= 1, 'documentChanged on node A', 15_000);
    // version.created and document.published within one second: debounced to at most two.
    expect(changes.results.length).toBeLessThanOrEqual(2);
    await waitUntil(() => ofType.results.length === 1, 'the content-type filtered event', 15_000);
    expect(ofType.results[0]!.documentPublished.contentType).toBe(contentType);
    expect(ofOtherType.results).toEqual([]);
    expect(theirs.results).toEqual([]);
  }, 60_000);
});
