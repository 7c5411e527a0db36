/**
 * API keys are reused for API_KEY_CACHE_MS once read (delivery traffic sends one with every
 * request), and revoking one still takes effect on every node: at once where it was revoked, and
 * within the access-change bus's delivery on the others.
 */
import request from 'supertest';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { createMember } from '../../../test/factories.js';
import { startTestRedisTarget, type TestRedisTarget } from '../../../test/services/redis.js';
import { issueTestToken } from '../../../test/sessions.js';
import { startTestFleet, type TestServer } from '../../../test/test-server.js';
import { waitUntil } from '../../../test/wait.js';
import { apiKeyToken, parseApiKeyToken } from '../api-key-format.js';

/** The bound access changes are held to elsewhere (fleet-access.int.test.ts). */
const ACCESS_CHANGE_DEADLINE_MS = 2000;

describe('API key cache across two nodes', () => {
  let database: TestDatabase;
  let redis: TestRedisTarget | undefined;
  let nodes: TestServer[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('api-key-cache');
    redis = await startTestRedisTarget(false);
    // A long cache, so only the revocation can explain a refusal within the deadline.
    nodes = await startTestFleet(database, {
      size: 2,
      env: { ...redis.env, API_KEY_CACHE_MS: '300000' },
    });
  }, 60_000);
  afterAll(async () => {
    for (const node of nodes) await node.close();
    await redis?.stop();
    await database?.drop();
  });

  it('a key revoked on one node stops working on both, though both had it cached', async () => {
    const ds = nodes[0]!.node.dataSource;
    const { tenant, user } = await createMember(ds, { role: 'admin' });
    const admin = await issueTestToken(nodes[0]!.node, { tenantId: tenant.id, userId: user.id });
    const created = await request(nodes[0]!.url)
      .post('/api/v1/api-keys')
      .set('Authorization', `Bearer ${admin}`)
      .send({ name: 'delivery', scopes: ['audit.read'] })
      .expect(201);
    const key = created.body as { id: string; token: string };
    const read = (node: TestServer) =>
      request(node.url).get('/api/v1/audit-log').set('Authorization', `Bearer ${key.token}`);
    // Both nodes read the key once and keep it.
    for (const node of nodes) await read(node).expect(200);
    // A well-formed token with the key's prefix but another secret is refused while it is cached.
    const { prefix, secret } = parseApiKeyToken(key.token)!;
    const forged = apiKeyToken(
      prefix,
      secret.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')),
    );
    await request(nodes[1]!.url)
      .get('/api/v1/audit-log')
      .set('Authorization', `Bearer ${forged}`)
      .expect(401);

    await request(nodes[0]!.url)
      .delete(`/api/v1/api-keys/${key.id}`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(204);
    const here = await read(nodes[0]!).expect(401);
    expect(here.body.error).toMatchObject({ details: { reason: 'revoked' } });
    let status = 0;
    await waitUntil(
      async () => {
        status = (await read(nodes[1]!)).status;
        return status === 401;
      },
      'the other node to refuse the revoked key',
      ACCESS_CHANGE_DEADLINE_MS,
    );
    expect(status).toBe(401);
  });
});
