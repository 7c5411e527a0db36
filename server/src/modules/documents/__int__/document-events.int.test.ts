/**
 * Document lifecycle events: created, updated and deleted are recorded in the transaction of the
 * change and delivered through the outbox — to webhooks subscribed to them, and to the CDN purge.
 */
import { startReceiver, type Receiver } from '../../../test/webhook-receiver.js';
import { cdnInvalidationHandler } from '../../publishing/index.js';
import type { CdnInvalidator } from '../../publishing/index.js';
import type { OutboxEvent } from '../../events/index.js';
import { memberOf, workflowPath, type TestMember } from '../../../test/workflow-support.js';
import { createLogger } from '../../../platform/logging/logger.js';
import { startTestServer, type TestServer } from '../../../test/test-server.js';
import { eventually, waitUntil } from '../../../test/wait.js';

describe('document lifecycle events', () => {
  let server: TestServer;
  let receiver: Receiver;
  let owner: TestMember;

  beforeAll(async () => {
    server = await startTestServer({
      label: 'document-events',
      env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' },
    });
    receiver = await startReceiver();
    owner = await memberOf(server, 'owner');
  }, 30_000);
  afterAll(async () => {
    await receiver?.close();
    await server?.close();
  });

  it('delivers document.created, document.updated and document.deleted to subscribed webhooks', async () => {
    await owner
      .post('/api/v1/webhooks', { url: `${receiver.url}/docs`, eventTypes: ['document.*'] })
      .expect(201);
    await owner
      .post('/api/v1/webhooks', {
        url: `${receiver.url}/deleted`,
        eventTypes: ['document.deleted'],
      })
      .expect(201);
    const created = await owner
      .post('/api/v1/documents', { title: 'Hooked', contentType: 'article' })
      .expect(201);
    const id: string = created.body.id;
    await owner.patch(`/api/v1/documents/${id}`, { title: 'Hooked again' }).expect(200);
    await owner.delete(`/api/v1/documents/${id}`).expect(204);

    const forDoc = (path: string) =>
      receiver.received.filter((r) => r.path === path && r.body.event.documentId === id);
    await waitUntil(() => forDoc('/docs').length >= 3, 'three document events', 10_000);
    const events = forDoc('/docs').map((r) => r.body.event);
    expect(events.map((e) => e.type).sort()).toEqual([
      'document.created',
      'document.deleted',
      'document.updated',
    ]);
    const byType = new Map(events.map((e) => [e.type, e.payload]));
    expect(byType.get('document.created')).toEqual({
      title: 'Hooked',
      slug: 'hooked',
      contentType: 'article',
    });
    expect(byType.get('document.updated')).toEqual({
      title: 'Hooked again',
      slug: 'hooked',
      contentType: 'article',
      changed: ['title'],
      previous: { title: 'Hooked', slug: 'hooked' },
    });
    expect(byType.get('document.deleted')).toEqual({
      title: 'Hooked again',
      slug: 'hooked',
      contentType: 'article',
    });
    // An endpoint hears only what it subscribed to.
    await waitUntil(() => forDoc('/deleted').length >= 1, 'the deletion', 10_000);
    expect(forDoc('/deleted').map((r) => r.body.event.type)).toEqual(['document.deleted']);
  });

  it('writes no event when the change fails (a taken slug)', async () => {
    await owner.post('/api/v1/documents', { title: 'Taken', slug: 'taken' }).expect(201);
    const other = await owner.post('/api/v1/documents', { title: 'Other' }).expect(201);
    await owner.patch(`/api/v1/documents/${other.body.id}`, { slug: 'taken' }).expect(409);
    await owner.patch(`/api/v1/documents/${other.body.id}`, { title: 'Marker' }).expect(200);
    const actions = await eventually(async () => {
      const res = await owner.get(`/api/v1/audit-log?targetId=${other.body.id}`).expect(200);
      const found = res.body.items.map((i: { action: string; after: unknown }) => i);
      return found.length >= 2 ? found : null;
    });
    // Created, then the one rename that committed; the refused slug change left no trace.
    expect(actions.map((a: { action: string }) => a.action)).toEqual([
      'document.updated',
      'document.created',
    ]);
    expect(actions[0].after).toMatchObject({ changed: ['title'], slug: 'other' });
  });

  it('purges the CDN paths of a renamed published document (old and new slug), and of a deleted one', async () => {
    const purged: string[][] = [];
    const cdn: CdnInvalidator = {
      invalidate: async (paths) => {
        purged.push([...paths]);
      },
    };
    const handler = cdnInvalidationHandler({
      dataSource: server.node.dataSource,
      logger: createLogger({ level: 'silent', name: 'cdn-test' }),
      cdn,
    });
    const reviewer = await memberOf(server, 'reviewer', owner.tenant);
    const published = await owner.post('/api/v1/documents', { title: 'On the site' }).expect(201);
    const id: string = published.body.id;
    const path = workflowPath(id);
    await owner.post(`${path}/transitions`, { transition: 'submit' }).expect(200);
    await reviewer.post(`${path}/reviews`, { decision: 'approved' }).expect(201);
    await reviewer.post(`${path}/transitions`, { transition: 'approve' }).expect(200);
    await owner.post(`${path}/transitions`, { transition: 'publish' }).expect(200);
    const draft = await owner.post('/api/v1/documents', { title: 'Never published' }).expect(201);
    const event = (type: string, documentId: string, payload: Record<string, unknown>) =>
      ({
        id: `e-${type}-${documentId}`,
        type,
        tenantId: owner.tenant.id,
        documentId,
        target: { type: 'document', id: documentId },
        payload,
      }) as unknown as OutboxEvent;
    const base = '/api/v1/published/documents';

    // Unpublished: the CDN holds nothing of it, so its rename purges nothing.
    handler.afterCommit!(
      event('document.updated', draft.body.id, { slug: 'x', previous: { slug: 'y' } }),
    );
    handler.afterCommit!(
      event('document.updated', id, { slug: 'on-the-web', previous: { slug: 'on-the-site' } }),
    );
    await waitUntil(() => purged.length >= 1, 'the rename purge');
    expect(purged[0]!.sort()).toEqual(
      [`${base}/${id}*`, `${base}/on-the-web*`, `${base}/on-the-site*`, base, `${base}?*`].sort(),
    );
    // A deletion purges by the slug its event names (the row is gone).
    handler.afterCommit!(event('document.deleted', draft.body.id, { slug: 'never-published' }));
    await waitUntil(() => purged.length >= 2, 'the deletion purge');
    expect(purged[1]!.sort()).toEqual(
      [`${base}/${draft.body.id}*`, `${base}/never-published*`, base, `${base}?*`].sort(),
    );
    expect(purged).toHaveLength(2);
  });
});
