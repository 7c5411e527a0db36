/**
 * The event feed over a real two-node fleet (one database, one Redis): an event recorded and
 * delivered on one node is heard by feed listeners on both — what GraphQL subscriptions and
 * cache invalidation rely on.
 */
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { createTenant } from '../../../test/factories.js';
import { startTestFleet, type TestServer } from '../../../test/test-server.js';
import { waitUntil } from '../../../test/wait.js';
import { recordEvent, type LiveEventEnvelope } from '../index.js';

describe('event feed across nodes', () => {
  let database: TestDatabase;
  let nodes: TestServer[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('event-feed');
    nodes = await startTestFleet(database, {
      size: 2,
      env: { REDIS_URL: process.env.TEST_REDIS_URL! },
    });
  });
  afterAll(async () => {
    for (const node of nodes) await node.close();
    await database?.drop();
  });

  it('every node hears each delivered event once', async () => {
    const [a, b] = nodes as [TestServer, TestServer];
    const tenant = await createTenant(a.node.dataSource);
    const heard: Record<'a' | 'b', LiveEventEnvelope[]> = { a: [], b: [] };
    const stopA = a.node.events.subscribe((e) => e.tenantId === tenant.id && heard.a.push(e));
    const stopB = b.node.events.subscribe((e) => e.tenantId === tenant.id && heard.b.push(e));
    try {
      for (let n = 1; n <= 5; n += 1) {
        await withTenant(a.node.dataSource, tenant.id, (tx) =>
          recordEvent(tx, {
            tenantId: tenant.id,
            type: 'test.fanned_out',
            target: { type: 'test', id: String(n) },
            payload: { n },
          }),
        );
      }
      await waitUntil(
        () => heard.a.length === 5 && heard.b.length === 5,
        'both nodes to hear all five',
      );
      expect(heard.b.map((e) => e.payload.n).sort()).toEqual([1, 2, 3, 4, 5]);
      expect(new Set(heard.a.map((e) => e.id))).toEqual(new Set(heard.b.map((e) => e.id)));
    } finally {
      stopA();
      stopB();
    }
  });
});
