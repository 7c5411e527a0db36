import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { createMember } from '../../../test/factories.js';
import { issueTestToken } from '../../../test/sessions.js';
import { startTestServer, type TestServer } from '../../../test/test-server.js';
import { waitUntil } from '../../../test/wait.js';
import { recordEvent } from '../../events/index.js';
import { verifyWebhookSignature } from '../index.js';
import { startReceiver, type Receiver } from '../../../test/webhook-receiver.js';

describe('webhook deliveries across a restart', () => {
  let database: TestDatabase;
  let receiver: Receiver;
  const servers: TestServer[] = [];
  // One FOLIO_SECRET for both nodes: the endpoint's sealed secret must open after the restart.
  const env = {
    FOLIO_SECRET: randomBytes(32).toString('base64url'),
    WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
  };

  beforeAll(async () => {
    database = await createTestDatabase('webhook-restart');
    receiver = await startReceiver();
  });
  afterAll(async () => {
    for (const server of servers) await server.close();
    await receiver?.close();
    await database?.drop();
  });

  it('re-enqueues pending deliveries on start, so a job lost with its node is still delivered', async () => {
    const first = await startTestServer({ database, env });
    servers.push(first);
    const { tenant, user } = await createMember(first.node.dataSource, { role: 'admin' });
    const token = await issueTestToken(first.node, { tenantId: tenant.id, userId: user.id });
    const created = await request(first.url)
      .post('/api/v1/webhooks')
      .set('Authorization', `Bearer ${token}`)
      .send({ url: `${receiver.url}/resumed`, eventTypes: ['document.*'], debounceMs: 3000 })
      .expect(201);
    const documentId = randomUUID();
    await withTenant(first.node.dataSource, tenant.id, (tx) =>
      recordEvent(tx, {
        tenantId: tenant.id,
        type: 'document.published',
        documentId,
        target: { type: 'document', id: documentId },
        payload: { versionId: randomUUID() },
      }),
    );
    await waitUntil(async () => {
      const rows = await withTenant(first.node.dataSource, tenant.id, (tx) =>
        tx.query<{ status: string }[]>(`SELECT status FROM webhook_deliveries`),
      );
      return rows.length === 1 && rows[0]!.status === 'pending';
    }, 'the pending delivery');
    // The in-process queue dies with the node: the delayed job is gone, the row is not.
    await first.close();
    expect(receiver.received).toHaveLength(0);

    const second = await startTestServer({ database, env });
    servers.push(second);
    await waitUntil(() => receiver.received.length === 1, 'the resumed delivery', 15_000);
    const got = receiver.received[0]!;
    expect(got.body.event).toMatchObject({ type: 'document.published', documentId });
    expect(
      verifyWebhookSignature({
        body: got.rawBody,
        timestamp: String(got.headers['folio-webhook-timestamp']),
        signature: String(got.headers['folio-webhook-signature']),
        secrets: [created.body.secret.value as string],
      }),
    ).toBe(true);
  }, 60_000);
});
