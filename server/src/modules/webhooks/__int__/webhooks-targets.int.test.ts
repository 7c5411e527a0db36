import request from 'supertest';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { createMember } from '../../../test/factories.js';
import { issueTestToken } from '../../../test/sessions.js';
import { startTestServer, type TestServer } from '../../../test/test-server.js';
import { eventually } from '../../../test/wait.js';
import { startReceiver, type Receiver } from '../../../test/webhook-receiver.js';

describe('webhook targets under the default configuration (SSRF protection)', () => {
  let server: TestServer;
  let receiver: Receiver;
  let tenantId: string;
  let token: string;

  const post = (path: string) =>
    request(server.url).post(path).set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    server = await startTestServer({ label: 'webhook-targets' });
    receiver = await startReceiver();
    const { tenant, user } = await createMember(server.node.dataSource, { role: 'admin' });
    tenantId = tenant.id;
    token = await issueTestToken(server.node, { tenantId, userId: user.id });
  });
  afterAll(async () => {
    await receiver?.close();
    await server?.close();
  });

  it.each([
    [() => `${receiver.url}/hook`, /127\.0\.0\.1, a loopback address/],
    [() => 'http://10.0.0.1/', /10\.0\.0\.1, a private address/],
    [() => 'http://[::1]/', /::1, a loopback address/],
    [() => 'http://169.254.169.254/latest/meta-data', /link-local/],
    [() => 'http://[::ffff:127.0.0.1]/', /loopback/],
    [() => 'http://100.64.1.1/', /carrier-grade NAT/],
    [() => 'http://[fd00::1]/', /unique-local/],
    [() => 'http://0.0.0.0/', /unspecified/],
    [() => 'http://localhost:8080/', /loopback/],
    [() => 'https://user:secret@93.184.216.34/', /credentials/],
    [() => 'ftp://93.184.216.34/', /https: or http:/],
  ])('refuses %#: creating an endpoint at a non-public target', async (url, reason) => {
    const res = await post('/api/v1/webhooks')
      .send({ url: url(), eventTypes: ['*'] })
      .expect(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.message).toMatch(reason);
  });

  it('refuses a private target on update too', async () => {
    const created = await post('/api/v1/webhooks')
      .send({ url: 'https://93.184.216.34/hook', eventTypes: ['*'] })
      .expect(201);
    const res = await request(server.url)
      .patch(`/api/v1/webhooks/${created.body.id}`)
      .set('Authorization', `Bearer ${token}`)
      .send({ url: 'http://192.168.1.1/' })
      .expect(400);
    expect(res.body.error.message).toMatch(/private/);
  });

  it('fails a delivery whose host turned private without making a request', async () => {
    const created = await post('/api/v1/webhooks')
      .send({ url: 'https://93.184.216.34/hook', eventTypes: ['*'] })
      .expect(201);
    // As if its DNS changed after the check at creation: the stored URL now points inward.
    await withTenant(server.node.dataSource, tenantId, (tx) =>
      tx.query(`UPDATE webhook_endpoints SET url = $2 WHERE id = $1`, [
        created.body.id,
        `${receiver.url}/inward`,
      ]),
    );
    const ping = await post(`/api/v1/webhooks/${created.body.id}/ping`).expect(202);
    const delivery = await eventually(async () => {
      const res = await request(server.url)
        .get(`/api/v1/webhooks/${created.body.id}/deliveries/${ping.body.id}`)
        .set('Authorization', `Bearer ${token}`);
      return res.body.status === 'failed' ? (res.body as Record<string, unknown>) : null;
    });
    expect(delivery).toMatchObject({ attempts: 1, lastStatusCode: null });
    expect(delivery.lastError).toMatch(/target refused: .*loopback/);
    expect(receiver.received).toHaveLength(0);
  });
});
