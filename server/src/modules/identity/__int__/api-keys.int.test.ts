import request from 'supertest';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { startTestServer, type TestServer } from '../../../test/test-server.js';
import { ApiKeyEntity } from '../api-key.entity.js';
import {
  auditActions,
  eventually,
  hostOf,
  member,
  signIn,
  type TestMember,
} from './auth-test-support.js';

describe('API keys', () => {
  let server: TestServer;
  const ds = () => server.node.dataSource;

  beforeAll(async () => {
    server = await startTestServer({ label: 'identity-api-keys' });
  });
  afterAll(async () => {
    await server?.close();
  });

  const as = (m: TestMember, token: string) => ({
    get: (path: string) =>
      request(server.url)
        .get(`/api/v1${path}`)
        .set('Host', hostOf(m.tenant))
        .set('Authorization', `Bearer ${token}`),
    post: (path: string, body: unknown) =>
      request(server.url)
        .post(`/api/v1${path}`)
        .set('Host', hostOf(m.tenant))
        .set('Authorization', `Bearer ${token}`)
        .send(body as object),
    delete: (path: string) =>
      request(server.url)
        .delete(`/api/v1${path}`)
        .set('Host', hostOf(m.tenant))
        .set('Authorization', `Bearer ${token}`),
  });
  async function admin() {
    const m = await member(ds(), { role: 'admin' });
    return { m, api: as(m, (await signIn(server, m)).accessToken) };
  }
  const keyRow = (m: TestMember, id: string) =>
    withTenant(ds(), m.tenant.id, (tx) =>
      tx.getRepository(ApiKeyEntity).findOneByOrFail({ tenantId: m.tenant.id, id }),
    );

  it('creates a key whose token is shown once and stored only as prefix + digest', async () => {
    const { m, api } = await admin();
    const expiresAt = new Date(Date.now() + 24 * 3600 * 1000).toISOString();
    const res = await api
      .post('/api-keys', { name: 'CI', scopes: ['documents.read', 'audit.read'], expiresAt })
      .expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'CI',
      prefix: expect.stringMatching(/^[A-Za-z0-9]{12}$/),
      scopes: ['documents.read', 'audit.read'],
      expiresAt,
      lastUsedAt: null,
      revokedAt: null,
      createdAt: expect.any(String),
      createdBy: m.user.id,
      token: expect.stringMatching(/^folio_[A-Za-z0-9]{12}_[A-Za-z0-9]{46}$/),
    });
    expect(res.body.token.startsWith(`folio_${res.body.prefix}_`)).toBe(true);
    const row = await keyRow(m, res.body.id);
    expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(res.body.token).not.toContain(row.secretHash);

    const shown = await api.get(`/api-keys/${res.body.id}`).expect(200);
    expect(shown.body.token).toBeUndefined();
    expect(JSON.stringify(shown.body)).not.toContain(row.secretHash);
    expect(JSON.stringify(shown.body)).not.toContain(res.body.token.slice(19));
    expect(await auditActions(ds(), m.tenant.id)).toContain('api_key.created');
  });

  it('authenticates requests with the key: scopes enforced, last use recorded', async () => {
    const { m, api } = await admin();
    const auditor = (
      await api.post('/api-keys', { name: 'auditor', scopes: ['audit.read'] }).expect(201)
    ).body;
    const reader = (
      await api.post('/api-keys', { name: 'reader', scopes: ['documents.read'] }).expect(201)
    ).body;

    await as(m, auditor.token).get('/audit-log').expect(200);
    const denied = await as(m, reader.token).get('/audit-log').expect(403);
    expect(denied.body.error).toMatchObject({
      code: 'forbidden',
      details: { permission: 'audit.read' },
    });
    // Keys cannot manage keys, nor act as a person.
    await as(m, auditor.token).get('/api-keys').expect(403);
    await as(m, auditor.token).get('/auth/me').expect(403);
    // On the bare host the key's own tenant applies.
    await request(server.url)
      .get('/api/v1/audit-log')
      .set('Authorization', `Bearer ${auditor.token}`)
      .expect(200);

    const used = await eventually(async () => {
      const row = await keyRow(m, auditor.id);
      return row.lastUsedAt ? row : null;
    });
    expect(used.lastUsedAt!.getTime()).toBeGreaterThan(Date.now() - 60_000);
    const listed = await api.get(`/api-keys/${auditor.id}`).expect(200);
    expect(listed.body.lastUsedAt).not.toBeNull();
  });

  it('revokes softly: the key stops working at once, stays listed, and revoking again is harmless', async () => {
    const { m, api } = await admin();
    const key = (await api.post('/api-keys', { name: 'temp', scopes: ['audit.read'] }).expect(201))
      .body;
    await as(m, key.token).get('/audit-log').expect(200);
    await api.delete(`/api-keys/${key.id}`).expect(204);
    const refused = await as(m, key.token).get('/audit-log').expect(401);
    expect(refused.body.error).toMatchObject({
      code: 'unauthenticated',
      details: { reason: 'revoked' },
    });
    const shown = await api.get(`/api-keys/${key.id}`).expect(200);
    expect(shown.body.revokedAt).not.toBeNull();
    await api.delete(`/api-keys/${key.id}`).expect(204);
    const actions = await auditActions(ds(), m.tenant.id);
    expect(actions.filter((a) => a === 'api_key.revoked')).toHaveLength(1);
  });

  it('refuses an expired key with 401', async () => {
    const { m, api } = await admin();
    const key = (await api.post('/api-keys', { name: 'short', scopes: ['audit.read'] }).expect(201))
      .body;
    await withTenant(ds(), m.tenant.id, (tx) =>
      tx
        .getRepository(ApiKeyEntity)
        .update({ tenantId: m.tenant.id, id: key.id }, { expiresAt: new Date(Date.now() - 1000) }),
    );
    const res = await as(m, key.token).get('/audit-log').expect(401);
    expect(res.body.error.details).toEqual({ reason: 'expired' });
  });

  it('refuses malformed, mistyped and unknown keys with 401', async () => {
    const { m, api } = await admin();
    const key = (await api.post('/api-keys', { name: 'k', scopes: ['audit.read'] }).expect(201))
      .body;
    const last = key.token.at(-1) === 'A' ? 'B' : 'A';
    for (const bad of [
      'folio_short',
      `${key.token.slice(0, -1)}${last}`,
      key.token.replace(/_(.{40})/, `_${'x'.repeat(40)}`),
    ]) {
      const res = await as(m, bad).get('/audit-log').expect(401);
      expect(res.body.error.code).toBe('unauthenticated');
    }
  });

  it('lists newest first with cursor pagination, never showing secrets', async () => {
    const { api } = await admin();
    const created: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      created.push(
        (await api.post('/api-keys', { name: `key-${i}`, scopes: ['documents.read'] }).expect(201))
          .body.id,
      );
    }
    const first = await api.get('/api-keys?limit=2').expect(200);
    expect(first.body.items.map((k: { name: string }) => k.name)).toEqual(['key-4', 'key-3']);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api.get(`/api-keys?limit=2&cursor=${first.body.nextCursor}`).expect(200);
    const third = await api.get(`/api-keys?limit=2&cursor=${second.body.nextCursor}`).expect(200);
    expect(third.body.nextCursor).toBeNull();
    const ids = [...first.body.items, ...second.body.items, ...third.body.items].map(
      (k: { id: string }) => k.id,
    );
    expect(ids).toEqual([...created].reverse());
    for (const item of [...first.body.items, ...second.body.items]) {
      expect(Object.keys(item).sort()).toEqual(
        [
          'createdAt',
          'createdBy',
          'expiresAt',
          'id',
          'lastUsedAt',
          'name',
          'prefix',
          'revokedAt',
          'scopes',
        ].sort(),
      );
    }
    const all = await api.get('/api-keys').expect(200);
    expect(all.body.items).toHaveLength(5);
  });

  it.each([
    ['no scopes', { name: 'x', scopes: [] }],
    ['an unknown scope', { name: 'x', scopes: ['documents.fly'] }],
    ['a scope only people may hold', { name: 'x', scopes: ['apiKeys.manage'] }],
    ['a repeated scope', { name: 'x', scopes: ['documents.read', 'documents.read'] }],
    ['an empty name', { name: ' ', scopes: ['documents.read'] }],
    ['a past expiry', { name: 'x', scopes: ['documents.read'], expiresAt: '2000-01-01T00:00:00Z' }],
    ['a non-date expiry', { name: 'x', scopes: ['documents.read'], expiresAt: 'tomorrow' }],
    ['a tenant field', { name: 'x', scopes: ['documents.read'], tenantId: 'other' }],
    ['a string body', 'name=x'],
  ])('rejects a create with %s (400)', async (_label, body) => {
    const { api } = await admin();
    const res = await api.post('/api-keys', body).expect(400);
    expect(res.body.error.code).toBe('validation_failed');
  });

  it('rejects bad list queries and ids with 4xx', async () => {
    const { api } = await admin();
    for (const query of [
      'limit=0',
      'limit=1000',
      'limit=abc',
      'cursor=%%%',
      'cursor=bm9wZQ',
      'sort=name',
    ]) {
      const res = await api.get(`/api-keys?${query}`);
      expect([res.status, query]).toEqual([400, query]);
    }
    await api.get('/api-keys/not-a-uuid').expect(404);
    await api.get('/api-keys/00000000-0000-4000-8000-000000000000').expect(404);
    await api.delete('/api-keys/not-a-uuid').expect(404);
  });

  it('lets only members with apiKeys.manage manage keys, and only keys within their own permissions', async () => {
    const { m } = await admin();
    const editor = await member(ds(), { tenant: m.tenant, role: 'editor' });
    const editorApi = as(editor, (await signIn(server, editor)).accessToken);
    await editorApi.get('/api-keys').expect(403);
    await editorApi.post('/api-keys', { name: 'x', scopes: ['documents.read'] }).expect(403);
    await request(server.url).get('/api/v1/api-keys').set('Host', hostOf(m.tenant)).expect(401);

    // A custom role that may manage keys but not delete documents cannot mint a key that can.
    await withTenant(ds(), m.tenant.id, async (tx) => {
      await tx.query(
        `INSERT INTO roles (tenant_id, key, name, permissions) VALUES ($1, 'keymaster', 'Keymaster', $2)`,
        [m.tenant.id, ['apiKeys.manage', 'documents.read']],
      );
    });
    const keymaster = await member(ds(), { tenant: m.tenant, role: 'keymaster' });
    const kmApi = as(keymaster, (await signIn(server, keymaster)).accessToken);
    const res = await kmApi
      .post('/api-keys', { name: 'x', scopes: ['documents.read', 'documents.delete'] })
      .expect(403);
    expect(res.body.error.details).toEqual({ scopes: ['documents.delete'] });
    await kmApi.post('/api-keys', { name: 'x', scopes: ['documents.read'] }).expect(201);
  });

  it("keeps tenants apart: B's credentials never reach A's keys, by id, host or header", async () => {
    const a = await admin();
    const b = await admin();
    const aKey = (
      await a.api.post('/api-keys', { name: 'a-secret-name', scopes: ['audit.read'] }).expect(201)
    ).body;
    const bKey = (await b.api.post('/api-keys', { name: 'b', scopes: ['audit.read'] }).expect(201))
      .body;

    // B's session on its own host, naming A's key by id: not found, and not revoked.
    await b.api.get(`/api-keys/${aKey.id}`).expect(404);
    await b.api.delete(`/api-keys/${aKey.id}`).expect(404);
    const bList = await b.api.get('/api-keys').expect(200);
    expect(JSON.stringify(bList.body)).not.toContain(aKey.id);
    expect((await keyRow(a.m, aKey.id)).revokedAt).toBeNull();

    // B's session token on A's host or with A's header: 403, no data.
    const bToken = (await signIn(server, b.m)).accessToken;
    for (const req of [
      request(server.url).get(`/api/v1/api-keys/${aKey.id}`).set('Host', hostOf(a.m.tenant)),
      request(server.url).get('/api/v1/api-keys').set('X-Folio-Tenant', a.m.tenant.slug),
      request(server.url).delete(`/api/v1/api-keys/${aKey.id}`).set('Host', hostOf(a.m.tenant)),
    ]) {
      const res = await req.set('Authorization', `Bearer ${bToken}`).expect(403);
      expect(JSON.stringify(res.body)).not.toContain('a-secret-name');
    }
    // B's API key against A's host or header: 403.
    await request(server.url)
      .get('/api/v1/audit-log')
      .set('Host', hostOf(a.m.tenant))
      .set('Authorization', `Bearer ${bKey.token}`)
      .expect(403);
    await request(server.url)
      .get('/api/v1/audit-log')
      .set('X-Folio-Tenant', a.m.tenant.slug)
      .set('Authorization', `Bearer ${bKey.token}`)
      .expect(403);
    expect((await keyRow(a.m, aKey.id)).revokedAt).toBeNull();
  });
});
