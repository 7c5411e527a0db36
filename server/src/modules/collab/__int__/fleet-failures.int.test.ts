/**
 * The issue's fleet failure tests on real processes: three compiled servers in serve mode share one
 * PostgreSQL database and one Redis (SPEC.md R32–R37). Stock y-websocket clients type unique tokens
 * (`Typist`). In the kill -9 test they connect through one `FailoverProxy` per node — the load
 * balancer — so the clients of the dead node reconnect to a surviving one with their own local
 * document, uploading whatever it lacks in sync step 2, exactly as behind a real load balancer.
 * After each failure every client, every running node's room (read by a fresh client), the
 * PostgreSQL log, and (after kill -9 of every node) a fresh process must hold every edit.
 */
import type { DataSource } from 'typeorm';
import type { WebsocketProvider } from 'y-websocket';
import { connectRuntime, createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { createMember } from '../../../test/factories.js';
import { FailoverProxy, Fleet } from '../../../test/fleet.js';
import {
  startPrivateRedis,
  startRestartableRedis,
  startTestRedisCluster,
} from '../../../test/services/redis.js';
import { issueTestToken } from '../../../test/sessions.js';
import { eventually, waitUntil } from '../../../test/wait.js';
import { docFromStoredState } from '../room/index.js';
import { PostgresRoomStorage } from '../storage/postgres-room-storage.js';
import { roomKey } from '../storage/room-key.js';
import {
  bodyText,
  connectProvider,
  destroyProvider,
  hasAllEdits,
  missingTokens,
  stateVector,
  synced,
  Typist,
} from '../../../test/collab-client.js';

const NODES = 3;
/** A modest rate per client: 60 of them on two cores shared with three servers and PostgreSQL. */
const TYPE_EVERY_MS = 150;
/** Generous deadlines for condition waits; a passing run needs a fraction of them. */
const DEADLINE_MS = 20_000;
const POLL_MS = 100;
/** Compactions during the run, so "nothing lost" also covers logs folded while nodes fail. */
const COMPACT_OFTEN = { COLLAB_COMPACT_AFTER_UPDATES: '25' };

/** One stock client of one document, connected through proxy or node number `via`. */
interface Client {
  readonly documentId: string;
  readonly via: number;
  readonly typist: Typist;
}

describe('fleet failures (three compiled servers, real PostgreSQL and Redis)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let storage: PostgresRoomStorage;
  /** What the running test started, released in reverse after it (and again in afterAll). */
  const releases: (() => Promise<void> | void)[] = [];
  const defer = (release: () => Promise<void> | void) => releases.push(release);
  const releaseAll = async () => {
    for (let release = releases.pop(); release; release = releases.pop()) await release();
  };

  beforeAll(async () => {
    database = await createTestDatabase('fleet_failures');
    dataSource = await connectRuntime(database, 'fleet-failures');
    storage = new PostgresRoomStorage(dataSource);
  });
  afterEach(releaseAll);
  afterAll(async () => {
    await releaseAll();
    await storage?.close();
    await dataSource?.destroy();
    await database?.drop();
  });

  const startFleet = async (
    redisEnv: Record<string, string>,
    env: Record<string, string> = {},
  ): Promise<Fleet> => {
    const fleet = await Fleet.start({
      databaseUrl: database.runtimeUrl,
      redisEnv,
      env,
      size: NODES,
    });
    defer(() => fleet.stop());
    return fleet;
  };

  /** A tenant with an editor, a token every node of `fleet` accepts, and `count` documents. */
  const seed = async (fleet: Fleet, count: number) => {
    const { tenant, user } = await createMember(dataSource, { role: 'editor' });
    const token = await issueTestToken(
      { dataSource, accessTokens: fleet.accessTokens },
      { tenantId: tenant.id, userId: user.id },
    );
    const documents: string[] = [];
    for (let d = 0; d < count; d += 1) {
      const created = await fetch(`${fleet.baseUrls[d % NODES]}/api/v1/documents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: `Fleet ${d}`, contentType: 'page' }),
      });
      expect(created.status).toBe(201);
      documents.push(((await created.json()) as { id: string }).id);
    }
    return { tenantId: tenant.id, token, documents };
  };

  /** Providers still open; each is destroyed once, by `closeProvider` or after the test. */
  const open = new Set<WebsocketProvider>();
  const closeProvider = (provider: WebsocketProvider) => {
    if (open.delete(provider)) destroyProvider(provider);
  };
  const openProvider = (port: number, documentId: string, token: string): WebsocketProvider => {
    const provider = connectProvider(port, documentId, token);
    open.add(provider);
    defer(() => closeProvider(provider));
    return provider;
  };

  /** `perDocument` typing clients per document, the k-th through `ports[k % ports.length]`. */
  const openClients = async (
    documents: readonly string[],
    perDocument: number,
    ports: readonly number[],
    token: string,
  ): Promise<Client[]> => {
    const clients = documents.flatMap((documentId, d) =>
      Array.from({ length: perDocument }, (_, k) => {
        const via = k % ports.length;
        const provider = openProvider(ports[via]!, documentId, token);
        const typist = new Typist(`d${d}c${k}`, provider, 1000 * d + k + 1, TYPE_EVERY_MS);
        defer(() => typist.stop());
        return { documentId, via, typist };
      }),
    );
    await Promise.all(clients.map(({ typist }) => synced(typist.provider, DEADLINE_MS)));
    // Staggered over one interval, as people type: a steady stream, not bursts in lockstep.
    clients.forEach(({ typist }, i) => {
      const timer = setTimeout(() => typist.start(), (i * TYPE_EVERY_MS) / clients.length);
      defer(() => clearTimeout(timer));
    });
    return clients;
  };

  const groupsOf = (clients: readonly Client[]): Map<string, Typist[]> => {
    const groups = new Map<string, Typist[]>();
    for (const { documentId, typist } of clients) {
      groups.set(documentId, [...(groups.get(documentId) ?? []), typist]);
    }
    return groups;
  };

  /** Every client made `edits` more edits than in `since` (its count when that was taken). */
  const typeOn = async (clients: readonly Client[], edits: number, what: string) => {
    const since = clients.map(({ typist }) => typist.edits);
    await waitUntil(
      () => clients.every(({ typist }, i) => typist.edits >= since[i]! + edits),
      what,
      DEADLINE_MS,
      POLL_MS,
    );
  };

  /** Edits cross the nodes: every client sees the first edit of every client of its document. */
  const waitForFlow = async (clients: readonly Client[]) => {
    const groups = groupsOf(clients);
    await typeOn(clients, 5, 'the first edits');
    await waitUntil(
      () =>
        [...groups.values()].every((group) =>
          group.every((reader) =>
            group.every((writer) => bodyText(reader.doc).includes(writer.tokens[0]!)),
          ),
        ),
      'edits flowing through every node',
      DEADLINE_MS,
      POLL_MS,
    );
  };

  /** Typing stopped: every client holds every edit of its document, all alike. */
  const waitForConvergence = async (clients: readonly Client[]): Promise<Map<string, string>> => {
    for (const { typist } of clients) typist.stop();
    const groups = groupsOf(clients);
    const isConverged = (group: readonly Typist[]) =>
      group.every(
        (typist) =>
          hasAllEdits(typist.doc, group) && bodyText(typist.doc) === bodyText(group[0]!.doc),
      );
    await waitUntil(
      () => [...groups.values()].every(isConverged),
      'every client to converge on every edit',
      DEADLINE_MS,
      POLL_MS,
    ).catch((error: Error) => {
      const missing = [...groups].map(
        ([documentId, group]) =>
          `${documentId}: ${group.map((t) => missingTokens(t.doc, group).length).join('/')}`,
      );
      throw new Error(`${error.message}; tokens missing per client: ${missing.join('; ')}`);
    });
    const bodies = new Map<string, string>();
    for (const [documentId, group] of groups) {
      for (const typist of group) {
        expect(stateVector(typist.doc)).toEqual(stateVector(group[0]!.doc));
        expect(typist.doc.getMap('fields').toJSON()).toEqual(
          group[0]!.doc.getMap('fields').toJSON(),
        );
        // A 44xx close would have stopped a stock client for good.
        expect(typist.closeCodes.filter((code) => code >= 4400 && code < 4500)).toEqual([]);
      }
      bodies.set(documentId, bodyText(group[0]!.doc));
    }
    return bodies;
  };

  /** A fresh client on `port` gets every document exactly as the clients converged on it. */
  const expectServed = async (
    port: number,
    token: string,
    groups: Map<string, Typist[]>,
    bodies: Map<string, string>,
  ) => {
    for (const [documentId, group] of groups) {
      const reader = openProvider(port, documentId, token);
      await synced(reader, DEADLINE_MS);
      await waitUntil(
        () => hasAllEdits(reader.doc, group) && bodyText(reader.doc) === bodies.get(documentId),
        `node on ${port} to serve ${documentId} whole`,
        DEADLINE_MS,
        POLL_MS,
      ).catch((error: Error) => {
        const missing = missingTokens(reader.doc, group).length;
        throw new Error(`${error.message}; ${missing} tokens missing`);
      });
      closeProvider(reader);
    }
  };

  /**
   * The PostgreSQL log holds every edit: appended by its origin, or — when the origin died before
   * its commit — by a peer after peerAckTimeoutMs or when its room drains (R35). Awaited.
   */
  const expectStored = async (
    tenantId: string,
    groups: Map<string, Typist[]>,
    bodies: Map<string, string>,
  ) => {
    for (const [documentId, group] of groups) {
      let missing = -1;
      await eventually(async () => {
        const doc = docFromStoredState(await storage.load(roomKey(tenantId, documentId)));
        missing = missingTokens(doc, group).length;
        const isWhole = hasAllEdits(doc, group) && bodyText(doc) === bodies.get(documentId);
        doc.destroy();
        return isWhole;
      }, DEADLINE_MS).catch((error: Error) => {
        throw new Error(`${documentId} in PostgreSQL: ${error.message}; ${missing} tokens missing`);
      });
    }
  };

  /** Every old client gone, every node killed -9: a restarted node serves all from PostgreSQL. */
  const expectRecoveredFromPostgres = async (
    fleet: Fleet,
    clients: readonly Client[],
    token: string,
    bodies: Map<string, string>,
  ) => {
    const groups = groupsOf(clients);
    for (const { typist } of clients) closeProvider(typist.provider);
    for (const node of fleet.nodes) await fleet.kill(node.index);
    const fresh = await fleet.restart(0);
    await expectServed(fresh.port, token, groups, bodies);
    expect(fleet.errorLines()).toEqual([]);
  };

  it('kill -9 of one node while 60 clients type into 10 documents: they fail over and no edit is lost (R32, R35)', async () => {
    const redis = await startPrivateRedis();
    defer(() => redis.stop());
    // The longest group-commit delay allowed: more edits published but not yet committed when the
    // node dies, which only its peers can persist (R35). Compactions fold the logs meanwhile.
    const fleet = await startFleet(
      { REDIS_URL: redis.url },
      { ...COMPACT_OFTEN, COLLAB_FLUSH_DELAY_MS: '50' },
    );
    const proxies = await Promise.all(
      fleet.ports.map((port) => FailoverProxy.start(port, () => fleet.ports)),
    );
    defer(async () => {
      await Promise.all(proxies.map((proxy) => proxy.close()));
    });
    const { tenantId, token, documents } = await seed(fleet, 10);
    const clients = await openClients(
      documents,
      6,
      proxies.map((proxy) => proxy.port),
      token,
    );
    expect(clients.length).toBeGreaterThanOrEqual(50);
    await waitForFlow(clients);
    await typeOn(clients, 5, 'typing through every node');

    const victim = 1;
    const victimPort = fleet.ports[victim]!;
    const moved = clients.filter((client) => client.via === victim);
    expect(proxies[victim]!.connectionsTo(victimPort)).toBe(moved.length);
    const closesBefore = moved.map(({ typist }) => typist.closeCodes.length);
    const editsAtKill = moved.map(({ typist }) => typist.edits);
    expect((await fleet.kill(victim)).signal).toBe('SIGKILL');
    await waitUntil(
      () =>
        moved.every(
          ({ typist }, i) => typist.closeCodes.length > closesBefore[i]! && typist.provider.synced,
        ),
      "the dead node's clients to reconnect to a surviving node and resync",
      DEADLINE_MS,
      POLL_MS,
    );
    // Behind the balancer, every client now talks to a surviving node.
    expect(proxies.map((proxy) => proxy.connectionsTo(victimPort))).toEqual([0, 0, 0]);
    const onSurvivors = (port: number) => proxies.reduce((n, p) => n + p.connectionsTo(port), 0);
    expect(onSurvivors(fleet.ports[0]!) + onSurvivors(fleet.ports[2]!)).toBe(clients.length);
    await typeOn(clients, 8, 'typing after the failover');
    const bodies = await waitForConvergence(clients);

    // The edits made through the dead node up to its death, explicitly.
    const madeBeforeKill = (documentId: string) =>
      moved.flatMap(({ typist, documentId: of }, i) =>
        of === documentId ? typist.tokens.slice(0, editsAtKill[i]) : [],
      );
    expect(documents.flatMap(madeBeforeKill).length).toBeGreaterThanOrEqual(moved.length * 10);
    for (const { typist, documentId } of clients) {
      const text = bodyText(typist.doc);
      expect(madeBeforeKill(documentId).filter((token) => !text.includes(token))).toEqual([]);
    }
    const groups = groupsOf(clients);
    for (const survivor of [0, 2])
      await expectServed(fleet.ports[survivor]!, token, groups, bodies);
    await expectStored(tenantId, groups, bodies);
    await expectRecoveredFromPostgres(fleet, clients, token, bodies);
  }, 50_000);

  it('a Redis restart mid-run: every node is ready again and every document converges, nothing lost (R36)', async () => {
    const redis = await startRestartableRedis();
    defer(() => redis.stop());
    const fleet = await startFleet({ REDIS_URL: redis.url }, COMPACT_OFTEN);
    const { tenantId, token, documents } = await seed(fleet, 4);
    const clients = await openClients(documents, 6, fleet.ports, token);
    await waitForFlow(clients);

    await redis.shutDown();
    await waitUntil(
      async () =>
        (await Promise.all(fleet.nodes.map((n) => fleet.isReady(n.index)))).every((r) => !r),
      'every node to report Redis gone on /readyz',
      DEADLINE_MS,
      POLL_MS,
    );
    // Truly partitioned: what a client of node 0 types now does not reach node 1's clients.
    const onNode = (via: number) =>
      clients.find((client) => client.documentId === documents[0] && client.via === via)!.typist;
    const editsAtOutage = onNode(0).edits;
    await typeOn(clients, 8, 'typing while Redis is down');
    expect(bodyText(onNode(1).doc)).not.toContain(onNode(0).tokens[editsAtOutage]);

    await redis.start();
    await waitUntil(
      async () =>
        (await Promise.all(fleet.nodes.map((n) => fleet.isReady(n.index)))).every(Boolean),
      'every node to answer /readyz 200 after the Redis restart',
      DEADLINE_MS,
      POLL_MS,
    );
    await typeOn(clients, 8, 'typing after the Redis restart');
    const bodies = await waitForConvergence(clients);
    const groups = groupsOf(clients);
    for (const node of fleet.nodes) await expectServed(node.port, token, groups, bodies);
    await expectStored(tenantId, groups, bodies);
    await expectRecoveredFromPostgres(fleet, clients, token, bodies);
  }, 45_000);

  it('converges across three processes on a 3-master Redis Cluster, every edit stored (R32–R34)', async () => {
    const cluster = await startTestRedisCluster(3);
    defer(() => cluster.stop());
    const fleet = await startFleet({ REDIS_CLUSTER_NODES: cluster.nodes.join(',') });
    const { tenantId, token, documents } = await seed(fleet, 3);
    const clients = await openClients(documents, 6, fleet.ports, token);
    await waitForFlow(clients);
    await typeOn(clients, 10, 'typing across the cluster');
    const bodies = await waitForConvergence(clients);
    const groups = groupsOf(clients);
    for (const node of fleet.nodes) await expectServed(node.port, token, groups, bodies);
    await expectStored(tenantId, groups, bodies);
    expect(fleet.errorLines()).toEqual([]);
  }, 30_000);
});
