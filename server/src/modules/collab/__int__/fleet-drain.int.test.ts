/**
 * The node registry and graceful drain (what SIGTERM runs) on three nodes sharing PostgreSQL and
 * Redis: every node sees the fleet; a draining node tells its collab clients 4512 and its live
 * sockets `server:draining`, both reconnect through the load balancer to another node with
 * nothing lost, and the drained node leaves the registry at once. A node that stops beating (as
 * after kill -9) drops out after three missed heartbeats.
 */
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { WebsocketProvider } from 'y-websocket';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { FailoverProxy } from '../../../test/fleet.js';
import { connectLive, type LiveClient } from '../../../test/live-client.js';
import { startTestFleet, type TestServer } from '../../../test/test-server.js';
import { waitUntil } from '../../../test/wait.js';
import { createLogger } from '../../../platform/logging/logger.js';
import { NodeRegistry } from '../../../platform/fleet/node-registry.js';
import { closeRedis, createRedis } from '../../../platform/redis/connection.js';
import {
  appendParagraph,
  bodyText,
  connectProvider,
  destroyProvider,
  editorWithDocument,
  synced,
} from '../../../test/collab-client.js';

const HEARTBEAT_MS = 200;

describe('node registry and graceful drain across three nodes', () => {
  let database: TestDatabase;
  const nodes: TestServer[] = [];
  let proxy: FailoverProxy;
  let prefix: string;
  const providers: WebsocketProvider[] = [];
  const clients: LiveClient[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('fleet-drain');
    prefix = `drain${randomBytes(3).toString('hex')}`;
    const env = {
      REDIS_KEY_PREFIX: prefix,
      REDIS_URL: process.env.TEST_REDIS_URL!,
      FLEET_HEARTBEAT_MS: String(HEARTBEAT_MS),
    };
    nodes.push(...(await startTestFleet(database, { size: 3, env })));
    // The load balancer prefers the node about to drain, and fails over to the others.
    proxy = await FailoverProxy.start(nodes[2]!.node.port, () =>
      nodes.filter((n) => !n.lifecycle.isDraining()).map((n) => n.node.port),
    );
  }, 60_000);
  afterAll(async () => {
    for (const client of clients.splice(0)) client.close();
    for (const provider of providers.splice(0)) destroyProvider(provider);
    await proxy?.close();
    for (const node of nodes) await node.close();
    await database?.drop();
  });

  it('lists every node of the fleet with its figures', async () => {
    await waitUntil(
      async () => (await nodes[0]!.node.fleet.list()).length === 3,
      'three nodes in the registry',
    );
    const listed = await nodes[1]!.node.fleet.list();
    expect(listed.map((n) => n.port).sort()).toEqual(nodes.map((n) => n.node.port).sort());
    expect(listed.every((n) => n.state === 'active' && n.pid === process.pid)).toBe(true);
    // The gauge follows at this node's next heartbeat.
    await waitUntil(async () => {
      const metrics = await request(nodes[0]!.url).get('/metrics').expect(200);
      return /folio_fleet_nodes\{[^}]*state="active"[^}]*\} 3\n/.test(metrics.text);
    }, 'the fleet gauge');
  });

  it('drops a node that stopped beating after three missed heartbeats', async () => {
    const logger = createLogger({ level: 'silent', name: 'phantom' });
    const redis = createRedis({ url: process.env.TEST_REDIS_URL!, purpose: 'phantom', logger });
    try {
      const phantom = new NodeRegistry({
        self: { nodeId: 'phantom', host: 'gone', port: 1, pid: 1, roles: ['web'] },
        load: () => ({ rooms: 0, connections: 0, liveSockets: 0 }),
        isDraining: () => false,
        logger,
        redis: { client: redis, key: `${prefix}:fleet:nodes` },
        heartbeatMs: HEARTBEAT_MS,
      });
      await phantom.heartbeat(); // one beat, then silence: no stop(), as after kill -9
      expect((await nodes[0]!.node.fleet.list()).map((n) => n.nodeId)).toContain('phantom');
      await waitUntil(
        async () => !(await nodes[0]!.node.fleet.list()).some((n) => n.nodeId === 'phantom'),
        'the silent node dropped',
        HEARTBEAT_MS * 10,
      );
    } finally {
      await closeRedis(redis);
    }
  });

  it('drains a node: clients hear "reconnect elsewhere", move to another node, lose nothing', async () => {
    const { token, documentId } = await editorWithDocument(nodes[0]!, 'Drain');

    const moving = connectProvider(proxy.port, documentId, token);
    const staying = connectProvider(nodes[0]!.node.port, documentId, token);
    providers.push(moving, staying);
    await Promise.all([synced(moving, 10_000), synced(staying, 10_000)]);
    expect(proxy.connectionsTo(nodes[2]!.node.port)).toBe(1);
    const closes: number[] = [];
    moving.on('connection-close', (event) => {
      if (event) closes.push(event.code);
    });
    const socket = await connectLive(proxy.port, token, { reconnection: true });
    clients.push(socket);
    const reconnected = new Promise<void>((resolve) => {
      socket.socket.on('disconnect', () => socket.socket.once('connect', () => resolve()));
    });

    for (let i = 0; i < 20; i += 1) appendParagraph(moving.doc, `before ${i}`);
    const drainedId = nodes[2]!.node.nodeId;
    const result = await nodes[2]!.close();
    expect(result).toMatchObject({ ok: true, timedOut: false });

    expect(closes).toContain(4512);
    expect(socket.events.map((e) => e.name)).toContain('server:draining');
    // Gone from the registry at the end of its drain, not three heartbeats later.
    expect((await nodes[0]!.node.fleet.list()).map((n) => n.nodeId)).not.toContain(drainedId);

    // The stock client reconnects through the balancer to a surviving node and keeps editing.
    await waitUntil(
      () => moving.wsconnected && moving.synced,
      'the moved client reconnected',
      10_000,
    );
    await reconnected;
    for (let i = 0; i < 5; i += 1) appendParagraph(moving.doc, `after ${i}`);
    await waitUntil(
      () =>
        [...Array(20).keys()].every((i) => bodyText(staying.doc).includes(`before ${i}<`)) &&
        [...Array(5).keys()].every((i) => bodyText(staying.doc).includes(`after ${i}<`)),
      'every edit on the surviving node',
      10_000,
    );
    const joined = await socket.request<{ ok: boolean }>('document:join', { documentId });
    expect(joined.ok).toBe(true);
  });
});
