/**
 * The transactional outbox against real PostgreSQL: events are delivered only after their
 * transaction commits (LISTEN/NOTIFY), exactly once across dispatchers, retried after a handler
 * failure, swept up when their notification was missed — and, through a real node, reach the
 * audit log and live socket.io clients of their own tenant only.
 */
import type { DataSource } from 'typeorm';
import { createLogger } from '../../../platform/logging/logger.js';
import { runWithContextPatch } from '../../../platform/context.js';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { connectRuntime, createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { createMember, createTenant } from '../../../test/factories.js';
import { connectLive } from '../../../test/live-client.js';
import { issueTestToken } from '../../../test/sessions.js';
import { startTestServer, type TestServer } from '../../../test/test-server.js';
import { waitUntil } from '../../../test/wait.js';
import { OutboxDispatcher, recordEvent, type OutboxEvent, type OutboxHandler } from '../index.js';
import type { LiveEventEnvelope } from '../index.js';

const logger = createLogger({ level: 'silent' });

function event(tenantId: string, n: number) {
  return {
    tenantId,
    type: 'test.happened',
    documentId: null,
    target: { type: 'test', id: String(n) },
    payload: { n },
  };
}

describe('outbox dispatcher (real PostgreSQL)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let tenantId: string;
  const dispatchers: OutboxDispatcher[] = [];

  function recorder(
    name: string,
    seen: OutboxEvent[],
    failFirst = new Set<number>(),
  ): OutboxHandler {
    return {
      name,
      inTransaction: async (_tx, e) => {
        const n = Number(e.payload.n);
        if (failFirst.delete(n)) throw new Error(`handler ${name} failed once for ${n}`);
      },
      afterCommit: (e) => {
        seen.push(e);
      },
    };
  }

  async function startDispatcher(handler: OutboxHandler): Promise<OutboxDispatcher> {
    const dispatcher = new OutboxDispatcher({
      dataSource: ds,
      databaseUrl: db.runtimeUrl,
      logger,
      handlers: [handler],
      sweepMs: 200,
    });
    dispatchers.push(dispatcher);
    await dispatcher.start();
    return dispatcher;
  }

  beforeAll(async () => {
    db = await createTestDatabase('outbox');
    ds = await connectRuntime(db, 'outbox', 6);
    tenantId = (await createTenant(ds)).id;
  });
  afterEach(async () => {
    while (dispatchers.length > 0) await dispatchers.pop()!.stop();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('delivers committed events in order, and never those of a rolled-back transaction', async () => {
    const seen: OutboxEvent[] = [];
    await startDispatcher(recorder('a', seen));
    await withTenant(ds, tenantId, async (tx) => {
      for (let n = 1; n <= 3; n += 1) await recordEvent(tx, event(tenantId, n));
    });
    await withTenant(ds, tenantId, async (tx) => {
      await recordEvent(tx, event(tenantId, 99));
      throw new Error('roll back');
    }).catch(() => undefined);
    await withTenant(ds, tenantId, (tx) => recordEvent(tx, event(tenantId, 4)));
    await waitUntil(() => seen.length >= 4, 'four deliveries');
    expect(seen.map((e) => e.payload.n)).toEqual([1, 2, 3, 4]);
    expect(seen[0]).toMatchObject({
      tenantId,
      type: 'test.happened',
      target: { type: 'test', id: '1' },
    });
  });

  it('carries the recording context (actor, request id) into the handlers', async () => {
    const seen: OutboxEvent[] = [];
    await startDispatcher(recorder('ctx', seen));
    await runWithContextPatch(
      { requestId: 'req-ctx-1', actor: { kind: 'user', userId: 'u-1' } },
      () => withTenant(ds, tenantId, (tx) => recordEvent(tx, event(tenantId, 5))),
    );
    await waitUntil(() => seen.length === 1, 'the delivery');
    expect(seen[0]!.context).toMatchObject({
      requestId: 'req-ctx-1',
      actor: { kind: 'user', userId: 'u-1' },
    });
  });

  it('delivers each event once across two dispatchers on one database', async () => {
    const first: OutboxEvent[] = [];
    const second: OutboxEvent[] = [];
    await startDispatcher(recorder('first', first));
    await startDispatcher(recorder('second', second));
    const tenants = [tenantId, (await createTenant(ds)).id];
    await Promise.all(
      Array.from({ length: 40 }, (_, n) =>
        withTenant(ds, tenants[n % 2]!, (tx) => recordEvent(tx, event(tenants[n % 2]!, 100 + n))),
      ),
    );
    await waitUntil(() => first.length + second.length >= 40, 'forty deliveries');
    const ids = [...first, ...second].map((e) => e.id);
    expect(new Set(ids).size).toBe(40);
    expect(ids).toHaveLength(40);
  });

  it('retries an event whose handler failed, without holding back the rest', async () => {
    const seen: OutboxEvent[] = [];
    await startDispatcher(recorder('flaky', seen, new Set([201])));
    await withTenant(ds, tenantId, async (tx) => {
      await recordEvent(tx, event(tenantId, 201));
      await recordEvent(tx, event(tenantId, 202));
    });
    await waitUntil(() => seen.length === 2, 'both deliveries (one after a retry)', 10_000);
    expect(seen.map((e) => e.payload.n)).toEqual([202, 201]);
  });

  it('sweeps up events recorded while no dispatcher listened', async () => {
    await withTenant(ds, tenantId, (tx) => recordEvent(tx, event(tenantId, 301)));
    const seen: OutboxEvent[] = [];
    await startDispatcher(recorder('late', seen));
    await waitUntil(() => seen.some((e) => e.payload.n === 301), 'the swept delivery');
  });
});

describe('outbox through a node: audit log and live clients', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ label: 'outbox-node' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("reaches the tenant's live sockets and the audit log — never another tenant's", async () => {
    const { node } = server;
    const a = await createMember(node.dataSource, { role: 'owner' });
    const b = await createMember(node.dataSource, { role: 'owner' });
    const liveA = await connectLive(
      node.port,
      await issueTestToken(node, { tenantId: a.tenant.id, userId: a.user.id }),
    );
    const liveB = await connectLive(
      node.port,
      await issueTestToken(node, { tenantId: b.tenant.id, userId: b.user.id }),
    );
    try {
      await runWithContextPatch({ actor: { kind: 'user', userId: a.user.id } }, () =>
        withTenant(node.dataSource, a.tenant.id, (tx) =>
          recordEvent(tx, { ...event(a.tenant.id, 7), type: 'test.delivered' }),
        ),
      );
      const received = await liveA.waitFor<LiveEventEnvelope>('test.delivered');
      expect(received).toMatchObject({
        type: 'test.delivered',
        tenantId: a.tenant.id,
        target: { type: 'test', id: '7' },
        actor: { type: 'user', id: a.user.id },
        payload: { n: 7 },
      });
      const audit = await withTenant(node.dataSource, a.tenant.id, (tx) =>
        tx.query<{ action: string; actor_id: string }[]>(
          `SELECT action, actor_id FROM audit_log WHERE tenant_id = $1 AND action = 'test.delivered'`,
          [a.tenant.id],
        ),
      );
      expect(audit).toEqual([{ action: 'test.delivered', actor_id: a.user.id }]);
      // B was connected the whole time; a later event of its own proves its socket works.
      await withTenant(node.dataSource, b.tenant.id, (tx) =>
        recordEvent(tx, { ...event(b.tenant.id, 8), type: 'test.delivered' }),
      );
      await liveB.waitFor('test.delivered');
      expect(liveB.events.filter((e) => e.name === 'test.delivered')).toHaveLength(1);
      expect(JSON.stringify(liveB.events)).not.toContain(a.tenant.id);
    } finally {
      liveA.close();
      liveB.close();
    }
  });
});
