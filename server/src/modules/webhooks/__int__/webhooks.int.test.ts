import { createHmac, randomUUID } from 'node:crypto';
import request from 'supertest';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { createMember } from '../../../test/factories.js';
import { issueTestToken } from '../../../test/sessions.js';
import { startTestServer, type TestServer } from '../../../test/test-server.js';
import { eventually, waitUntil } from '../../../test/wait.js';
import { recordEvent } from '../../events/index.js';
import { verifyWebhookSignature } from '../index.js';
import { startReceiver, type Receiver } from '../../../test/webhook-receiver.js';

describe('/api/v1/webhooks (private targets allowed)', () => {
  let server: TestServer;
  let receiver: Receiver;

  const as = (token: string) => ({
    get: (path: string) => request(server.url).get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string) => request(server.url).post(path).set('Authorization', `Bearer ${token}`),
    patch: (path: string) =>
      request(server.url).patch(path).set('Authorization', `Bearer ${token}`),
    delete: (path: string) =>
      request(server.url).delete(path).set('Authorization', `Bearer ${token}`),
  });

  /** A fresh tenant with an admin token, so each test sees only its own deliveries. */
  async function newTenant(role = 'admin') {
    const { tenant, user } = await createMember(server.node.dataSource, { role });
    const token = await issueTestToken(server.node, { tenantId: tenant.id, userId: user.id });
    return { tenantId: tenant.id, token, api: as(token) };
  }

  async function record(
    tenantId: string,
    type: string,
    options: { documentId?: string; payload?: Record<string, unknown> } = {},
  ) {
    await withTenant(server.node.dataSource, tenantId, (tx) =>
      recordEvent(tx, {
        tenantId,
        type,
        documentId: options.documentId ?? null,
        target: { type: 'test', id: options.documentId ?? 'none' },
        payload: options.payload ?? {},
      }),
    );
  }

  async function createEndpoint(
    api: ReturnType<typeof as>,
    body: Record<string, unknown>,
  ): Promise<{ id: string; secret: { id: string; value: string } }> {
    const res = await api.post('/api/v1/webhooks').send(body).expect(201);
    return res.body as { id: string; secret: { id: string; value: string } };
  }

  const at = (path: string) => receiver.received.filter((r) => r.path === path);

  beforeAll(async () => {
    server = await startTestServer({
      label: 'webhooks',
      env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_MAX_ATTEMPTS: '3' },
    });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await server?.close();
  }, 30_000);

  it('delivers a correctly signed event from a real API action, with both secrets after a rotation', async () => {
    const { api } = await newTenant();
    const path = `/signed-${randomUUID()}`;
    const endpoint = await createEndpoint(api, {
      url: `${receiver.url}${path}`,
      eventTypes: ['content_type.*'],
    });
    expect(endpoint.secret.value).toMatch(/^whsec_/);

    await api.post('/api/v1/content-types').send({ key: 'recipe', name: 'Recipe' }).expect(201);
    await waitUntil(() => at(path).length === 1, 'the first delivery');
    const first = at(path)[0]!;
    const timestamp = String(first.headers['folio-webhook-timestamp']);
    const expected = createHmac('sha256', endpoint.secret.value)
      .update(`${timestamp}.${first.rawBody}`)
      .digest('hex');
    expect(first.headers['folio-webhook-signature']).toBe(`v1=${expected}`);
    expect(first.headers['folio-webhook-event']).toBe('content_type.created');
    expect(first.headers['folio-webhook-id']).toBe(first.body.id);
    expect(first.body.event).toMatchObject({ type: 'content_type.created' });

    const rotated = await api.post(`/api/v1/webhooks/${endpoint.id}/secrets`).expect(201);
    const second = rotated.body.secret as { id: string; value: string };
    expect(rotated.body.secrets).toHaveLength(2);
    await api.post('/api/v1/content-types').send({ key: 'review', name: 'Review' }).expect(201);
    await waitUntil(() => at(path).length === 2, 'the delivery after rotation');
    const next = at(path)[1]!;
    const signature = String(next.headers['folio-webhook-signature']);
    expect(signature.split(', ')).toHaveLength(2);
    for (const secret of [endpoint.secret.value, second.value]) {
      expect(
        verifyWebhookSignature({
          body: next.rawBody,
          timestamp: String(next.headers['folio-webhook-timestamp']),
          signature,
          secrets: [secret],
        }),
      ).toBe(true);
    }
    expect(
      verifyWebhookSignature({
        body: next.rawBody,
        timestamp: String(next.headers['folio-webhook-timestamp']),
        signature,
        secrets: ['whsec_wrong'],
      }),
    ).toBe(false);

    // A third secret drops the oldest: the first one no longer signs.
    await api.post(`/api/v1/webhooks/${endpoint.id}/secrets`).expect(201);
    const listed = await api.get(`/api/v1/webhooks/${endpoint.id}`).expect(200);
    expect(listed.body.secrets.map((s: { id: string }) => s.id)).not.toContain(endpoint.secret.id);
  }, 30_000);

  it('retries a 500 and logs both attempts', async () => {
    const { tenantId, api } = await newTenant();
    const path = `/flaky-${randomUUID()}`;
    const endpoint = await createEndpoint(api, {
      url: `${receiver.url}${path}`,
      eventTypes: ['*'],
    });
    receiver.script.push(500);
    await record(tenantId, 'document.published', { documentId: randomUUID() });
    const delivery = await eventually(async () => {
      const log = await api.get(`/api/v1/webhooks/${endpoint.id}/deliveries`).expect(200);
      const found = log.body.items.find(
        (d: { eventType: string }) => d.eventType === 'document.published',
      );
      return found?.status === 'succeeded' ? (found as { id: string }) : null;
    }, 15_000);
    const detail = await api
      .get(`/api/v1/webhooks/${endpoint.id}/deliveries/${delivery.id}`)
      .expect(200);
    expect(detail.body).toMatchObject({ status: 'succeeded', attempts: 2, lastStatusCode: 200 });
    expect(detail.body.attemptLog.map((a: { statusCode: number }) => a.statusCode)).toEqual([
      500, 200,
    ]);
    expect(detail.body.responseExcerpt).toBe('answered 200');
    expect(at(path).filter((r) => r.body.id === delivery.id)).toHaveLength(2);
  }, 30_000);

  it('fails a 404 at once and gives up on 5xx after WEBHOOK_MAX_ATTEMPTS', async () => {
    const { tenantId, api } = await newTenant();
    const path = `/broken-${randomUUID()}`;
    const endpoint = await createEndpoint(api, {
      url: `${receiver.url}${path}`,
      eventTypes: ['version.created'],
    });
    receiver.script.push(404);
    await record(tenantId, 'version.created', { documentId: randomUUID() });
    const failed = await eventually(async () => {
      const log = await api.get(`/api/v1/webhooks/${endpoint.id}/deliveries?status=failed`);
      return log.body.items[0] as { attempts: number; lastStatusCode: number } | undefined;
    });
    expect(failed).toMatchObject({ attempts: 1, lastStatusCode: 404 });

    receiver.script.push(503, 503, 503);
    await record(tenantId, 'version.created', { documentId: randomUUID() });
    const exhausted = await eventually(async () => {
      const log = await api.get(`/api/v1/webhooks/${endpoint.id}/deliveries?status=failed`);
      return log.body.items.length === 2 ? (log.body.items[0] as { attempts: number }) : null;
    }, 15_000);
    expect(exhausted).toMatchObject({ attempts: 3, lastStatusCode: 503 });
  }, 30_000);

  it('delivers only the event types an endpoint subscribed to', async () => {
    const { tenantId, api } = await newTenant();
    const family = `/family-${randomUUID()}`;
    const exact = `/exact-${randomUUID()}`;
    await createEndpoint(api, { url: `${receiver.url}${family}`, eventTypes: ['workflow.*'] });
    await createEndpoint(api, { url: `${receiver.url}${exact}`, eventTypes: ['comment.created'] });
    await createEndpoint(api, {
      url: `${receiver.url}${exact}-inactive`,
      eventTypes: ['*'],
      isActive: false,
    });
    await record(tenantId, 'comment.deleted');
    await record(tenantId, 'workflow.transitioned');
    await record(tenantId, 'comment.created');
    // Events are processed in order: once the last one arrived, the others were decided.
    await waitUntil(() => at(exact).length === 1, 'the comment.created delivery');
    await waitUntil(() => at(family).length === 1, 'the workflow delivery');
    expect(at(exact)[0]!.body.event.type).toBe('comment.created');
    expect(at(family)[0]!.body.event.type).toBe('workflow.transitioned');
    expect(at(`${exact}-inactive`)).toHaveLength(0);
  }, 30_000);

  it('coalesces events of one document and type within the debounce window, latest wins', async () => {
    const { tenantId, api } = await newTenant();
    const path = `/debounced-${randomUUID()}`;
    const endpoint = await createEndpoint(api, {
      url: `${receiver.url}${path}`,
      eventTypes: ['document.updated'],
      debounceMs: 1500,
    });
    const doc = randomUUID();
    const other = randomUUID();
    for (const n of [1, 2, 3])
      await record(tenantId, 'document.updated', { documentId: doc, payload: { n } });
    await record(tenantId, 'document.updated', { documentId: other, payload: { n: 9 } });
    await waitUntil(() => at(path).length === 2, 'one delivery per document', 10_000);
    const byDocument = new Map(
      at(path).map((r) => [r.body.event.documentId, r.body.event.payload]),
    );
    expect(byDocument.get(doc)).toEqual({ n: 3 });
    expect(byDocument.get(other)).toEqual({ n: 9 });
    const log = await api.get(`/api/v1/webhooks/${endpoint.id}/deliveries`).expect(200);
    const statuses = log.body.items.map((d: { status: string }) => d.status).sort();
    expect(statuses).toEqual(['cancelled', 'cancelled', 'succeeded', 'succeeded']);
  }, 30_000);

  it('pings, redelivers and pages the delivery log newest first', async () => {
    const { api } = await newTenant();
    const path = `/ping-${randomUUID()}`;
    const endpoint = await createEndpoint(api, {
      url: `${receiver.url}${path}`,
      eventTypes: ['*'],
    });
    const ping = await api.post(`/api/v1/webhooks/${endpoint.id}/ping`).expect(202);
    expect(ping.body).toMatchObject({ eventType: 'webhook.ping', status: 'pending' });
    await waitUntil(() => at(path).length === 1, 'the ping');
    expect(at(path)[0]!.body.event).toMatchObject({ type: 'webhook.ping' });
    await eventually(async () => {
      const d = await api.get(`/api/v1/webhooks/${endpoint.id}/deliveries/${ping.body.id}`);
      return d.body.status === 'succeeded';
    });

    const again = await api
      .post(`/api/v1/webhooks/${endpoint.id}/deliveries/${ping.body.id}/redeliver`)
      .expect(202);
    expect(again.body.id).not.toBe(ping.body.id);
    expect(again.body.eventId).toBe(ping.body.eventId);
    await waitUntil(() => at(path).length === 2, 'the redelivery');
    expect(at(path)[1]!.body).toMatchObject({
      id: again.body.id,
      event: { id: ping.body.eventId },
    });

    for (let i = 0; i < 3; i += 1)
      await api.post(`/api/v1/webhooks/${endpoint.id}/ping`).expect(202);
    await waitUntil(() => at(path).length === 5, 'all pings');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await api
        .get(`/api/v1/webhooks/${endpoint.id}/deliveries`)
        .query({ limit: 2, ...(cursor ? { cursor } : {}) })
        .expect(200);
      seen.push(...res.body.items.map((d: { id: string }) => d.id));
      cursor = res.body.nextCursor as string | null;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect(seen[4]).toBe(ping.body.id);
    expect(seen[3]).toBe(again.body.id);
    await api.get(`/api/v1/webhooks/${endpoint.id}/deliveries?cursor=nonsense`).expect(400);
  }, 30_000);

  it('never lists secrets, updates with If-Match, revokes secrets but not the last', async () => {
    const { api } = await newTenant();
    const endpoint = await createEndpoint(api, {
      url: `${receiver.url}/settings`,
      eventTypes: ['document.published'],
      description: 'CDN purge',
    });
    const rotated = await api.post(`/api/v1/webhooks/${endpoint.id}/secrets`).expect(201);
    const list = await api.get('/api/v1/webhooks').expect(200);
    const one = await api.get(`/api/v1/webhooks/${endpoint.id}`).expect(200);
    for (const text of [JSON.stringify(list.body), JSON.stringify(one.body)]) {
      expect(text).not.toContain(endpoint.secret.value);
      expect(text).not.toContain(rotated.body.secret.value);
      expect(text).not.toContain('sealed');
    }
    expect(one.body.secrets).toHaveLength(2);
    expect(one.headers.etag).toBe(`"${one.body.revision}"`);

    const stale = one.headers.etag as string;
    const patched = await api
      .patch(`/api/v1/webhooks/${endpoint.id}`)
      .set('If-Match', stale)
      .send({ eventTypes: ['document.*'], debounceMs: 500 })
      .expect(200);
    expect(patched.body).toMatchObject({ eventTypes: ['document.*'], debounceMs: 500 });
    await api
      .patch(`/api/v1/webhooks/${endpoint.id}`)
      .set('If-Match', stale)
      .send({ description: 'late' })
      .expect(412);
    await api
      .patch(`/api/v1/webhooks/${endpoint.id}`)
      .send({ eventTypes: ['Bad Type'] })
      .expect(400);

    const revoked = await api
      .delete(`/api/v1/webhooks/${endpoint.id}/secrets/${endpoint.secret.id}`)
      .expect(200);
    expect(revoked.body.secrets.map((s: { id: string }) => s.id)).toEqual([rotated.body.secret.id]);
    await api
      .delete(`/api/v1/webhooks/${endpoint.id}/secrets/${rotated.body.secret.id}`)
      .expect(409);

    await api.delete(`/api/v1/webhooks/${endpoint.id}`).set('If-Match', stale).expect(412);
    await api.delete(`/api/v1/webhooks/${endpoint.id}`).expect(204);
    await api.get(`/api/v1/webhooks/${endpoint.id}`).expect(404);
  }, 30_000);

  it('needs webhooks.manage', async () => {
    const { tenantId, api } = await newTenant();
    const endpoint = await createEndpoint(api, { url: `${receiver.url}/x`, eventTypes: ['*'] });
    const editor = await createMember(server.node.dataSource, {
      tenant: { id: tenantId } as never,
      role: 'editor',
    });
    const editorApi = as(await issueTestToken(server.node, { tenantId, userId: editor.user.id }));
    await editorApi.get('/api/v1/webhooks').expect(403);
    await editorApi.get(`/api/v1/webhooks/${endpoint.id}`).expect(403);
    await editorApi.post(`/api/v1/webhooks/${endpoint.id}/ping`).expect(403);
  }, 30_000);

  it("refuses another tenant's credentials on every route, with no data", async () => {
    const owner = await newTenant();
    const path = `/private-${randomUUID()}`;
    const endpoint = await createEndpoint(owner.api, {
      url: `${receiver.url}${path}`,
      eventTypes: ['*'],
    });
    const ping = await owner.api.post(`/api/v1/webhooks/${endpoint.id}/ping`).expect(202);
    await waitUntil(() => at(path).length === 1, 'the ping');
    await eventually(async () => {
      const d = await owner.api.get(`/api/v1/webhooks/${endpoint.id}/deliveries/${ping.body.id}`);
      return d.body.status === 'succeeded';
    });
    const intruder = (await newTenant()).api;
    const base = `/api/v1/webhooks/${endpoint.id}`;
    const attempts = [
      intruder.get(base),
      intruder.patch(base).send({ description: 'mine' }),
      intruder.delete(base),
      intruder.post(`${base}/secrets`),
      intruder.delete(`${base}/secrets/${endpoint.secret.id}`),
      intruder.get(`${base}/deliveries`),
      intruder.get(`${base}/deliveries/${ping.body.id}`),
      intruder.post(`${base}/deliveries/${ping.body.id}/redeliver`),
      intruder.post(`${base}/ping`),
    ];
    for (const response of await Promise.all(attempts)) {
      expect([403, 404]).toContain(response.status);
      expect(JSON.stringify(response.body)).not.toContain(path);
    }
    const theirs = await intruder.get('/api/v1/webhooks').expect(200);
    expect(theirs.body.items).toEqual([]);
    const mine = await owner.api.get(base).expect(200);
    expect(mine.body).toMatchObject({
      description: '',
      revision: 1,
      secrets: [{ id: endpoint.secret.id }],
    });
    expect(at(path)).toHaveLength(1);
  }, 30_000);
});
