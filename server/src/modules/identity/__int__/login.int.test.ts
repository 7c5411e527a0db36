import request from 'supertest';
import { withGlobal } from '../../../platform/db/unit-of-work.js';
import { createTenant, createUser } from '../../../test/factories.js';
import { startTestServer, type TestServer } from '../../../test/test-server.js';
import { UserEntity } from '../user.entity.js';
import {
  auditActions,
  eventually,
  hostOf,
  login,
  member,
  PASSWORD,
  signIn,
} from './auth-test-support.js';

describe('POST /api/v1/auth/login', () => {
  let server: TestServer;
  const ds = () => server.node.dataSource;

  beforeAll(async () => {
    server = await startTestServer({ label: 'identity-login' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('signs a member in on the tenant host and starts a session', async () => {
    const m = await member(ds(), { role: 'editor' });
    const res = await login(server, m.tenant, {
      email: m.user.email.toUpperCase(),
      password: PASSWORD,
    }).expect(200);
    expect(res.body).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.stringMatching(new RegExp(`^frt\\.${m.tenant.id}\\.`)),
      tokenType: 'Bearer',
      expiresIn: expect.any(Number),
      user: { id: m.user.id, email: m.user.email, displayName: m.user.displayName },
      tenant: { id: m.tenant.id, slug: m.tenant.slug, name: m.tenant.name },
    });
    expect(res.body.expiresIn).toBeGreaterThan(0);
    expect(res.body.expiresIn).toBeLessThanOrEqual(15 * 60);
    expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|scrypt|failedLogins/);

    const me = await request(server.url)
      .get('/api/v1/auth/me')
      .set('Host', hostOf(m.tenant))
      .set('Authorization', `Bearer ${res.body.accessToken}`)
      .expect(200);
    expect(me.body).toEqual({
      user: { id: m.user.id, email: m.user.email, displayName: m.user.displayName },
      tenant: { id: m.tenant.id, slug: m.tenant.slug, name: m.tenant.name },
      role: 'editor',
      permissions: expect.arrayContaining(['documents.read', 'documents.write']),
      mfaEnabled: false,
      sessionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      isStaff: false,
    });
    expect(me.body.permissions).not.toContain('apiKeys.manage');
    expect(res.body.refreshToken.split('.')[2]).toBe(me.body.sessionId);
    expect(await auditActions(ds(), m.tenant.id)).toEqual(['session.created']);
  });

  it('accepts the tenant from X-Folio-Tenant on a shared host', async () => {
    const m = await member(ds());
    const res = await request(server.url)
      .post('/api/v1/auth/login')
      .set('X-Folio-Tenant', m.tenant.slug)
      .send({ email: m.user.email, password: PASSWORD })
      .expect(200);
    expect(res.body.tenant.id).toBe(m.tenant.id);
  });

  it('needs a tenant: 400 without host or header, 404 for an unknown one', async () => {
    const m = await member(ds());
    const none = await request(server.url)
      .post('/api/v1/auth/login')
      .send({ email: m.user.email, password: PASSWORD })
      .expect(400);
    expect(none.body.error).toEqual({
      code: 'bad_request',
      message: expect.stringMatching(/^tenant required/),
    });
    await request(server.url)
      .post('/api/v1/auth/login')
      .set('X-Folio-Tenant', 'no-such-tenant-here')
      .send({ email: m.user.email, password: PASSWORD })
      .expect(404);
    const badHeader = await request(server.url)
      .post('/api/v1/auth/login')
      .set('X-Folio-Tenant', 'Not A Slug!')
      .send({ email: m.user.email, password: PASSWORD })
      .expect(400);
    expect(badHeader.body.error.code).toBe('bad_request');
  });

  it('answers a wrong password and an unknown email identically', async () => {
    const m = await member(ds());
    const wrong = await login(server, m.tenant, {
      email: m.user.email,
      password: 'nope nope',
    }).expect(401);
    const unknown = await login(server, m.tenant, {
      email: 'nobody@example.test',
      password: PASSWORD,
    }).expect(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toEqual({
      error: { code: 'unauthenticated', message: 'Invalid email or password' },
    });
    const passwordless = await createUser(ds());
    const none = await login(server, m.tenant, {
      email: passwordless.email,
      password: PASSWORD,
    }).expect(401);
    expect(none.body).toEqual(wrong.body);
  });

  it('refuses a user with the right password who is not a member of this tenant', async () => {
    const m = await member(ds());
    const other = await createTenant(ds());
    const res = await login(server, other, { email: m.user.email, password: PASSWORD }).expect(403);
    expect(res.body.error).toMatchObject({
      code: 'forbidden',
      details: { reason: 'not_a_member' },
    });
    expect(res.body.accessToken).toBeUndefined();
    // Not a guess: it does not count towards the lockout.
    const row = await withGlobal(ds(), (tx) =>
      tx.getRepository(UserEntity).findOneByOrFail({ id: m.user.id }),
    );
    expect(row.failedLogins).toBe(0);
  });

  it('locks a user out with 429 and Retry-After after five failures, and lets them back in after', async () => {
    const m = await member(ds());
    for (let i = 1; i <= 5; i += 1) {
      await login(server, m.tenant, { email: m.user.email, password: `wrong-${i}` }).expect(401);
    }
    // Even the right password is refused while the lock lasts.
    const locked = await login(server, m.tenant, { email: m.user.email, password: PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.body.error).toMatchObject({
      code: 'rate_limited',
      details: { retryAfterSeconds: 1 },
    });
    expect(locked.headers['retry-after']).toBe('1');
    expect(locked.body.accessToken).toBeUndefined();

    const ok = await eventually(async () => {
      const res = await login(server, m.tenant, { email: m.user.email, password: PASSWORD });
      if (res.status === 429) return null;
      return res;
    });
    expect(ok.status).toBe(200);
    const row = await withGlobal(ds(), (tx) =>
      tx.getRepository(UserEntity).findOneByOrFail({ id: m.user.id }),
    );
    expect(row).toMatchObject({ failedLogins: 0, lockedUntil: null });
    // The counter restarted: one more failure is a plain 401 again.
    await login(server, m.tenant, { email: m.user.email, password: 'wrong again' }).expect(401);
  });

  it('grows the lock exponentially with further failures', async () => {
    const m = await member(ds());
    await withGlobal(ds(), (tx) =>
      tx.getRepository(UserEntity).update({ id: m.user.id }, { failedLogins: 9 }),
    );
    await login(server, m.tenant, { email: m.user.email, password: 'wrong' }).expect(401);
    const locked = await login(server, m.tenant, {
      email: m.user.email,
      password: PASSWORD,
    }).expect(429);
    // The tenth consecutive failure locks for 2^5 = 32 seconds.
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(30);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(32);
  });

  it('counts parallel guesses before checking them, so a burst cannot outrun the lock', async () => {
    const m = await member(ds());
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        login(server, m.tenant, { email: m.user.email, password: `burst-${i}` }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  });

  it.each([
    ['no body', undefined],
    ['an array', []],
    ['a missing password', { email: 'a@example.test' }],
    ['a wrong type', { email: 'a@example.test', password: 12345678 }],
    ['an unknown field', { email: 'a@example.test', password: PASSWORD, tenantId: 'x' }],
    ['a huge password', { email: 'a@example.test', password: 'x'.repeat(2000) }],
    ['an empty totp', { email: 'a@example.test', password: PASSWORD, totp: '' }],
  ])('rejects %s with 400 validation_failed', async (_label, body) => {
    const tenant = await createTenant(ds());
    const req = request(server.url).post('/api/v1/auth/login').set('Host', hostOf(tenant));
    const res = body === undefined ? await req : await req.send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
  });

  it('rejects malformed JSON and a malformed Authorization header with stable codes', async () => {
    const m = await member(ds());
    const json = await request(server.url)
      .post('/api/v1/auth/login')
      .set('Host', hostOf(m.tenant))
      .set('Content-Type', 'application/json')
      .send('{"email": ')
      .expect(400);
    expect(json.body.error.code).toBe('malformed_json');
    const auth = await request(server.url)
      .get('/api/v1/auth/me')
      .set('Host', hostOf(m.tenant))
      .set('Authorization', 'Basic Zm9vOmJhcg==')
      .expect(401);
    expect(auth.body.error.code).toBe('unauthenticated');
    const garbage = await request(server.url)
      .get('/api/v1/auth/me')
      .set('Host', hostOf(m.tenant))
      .set('Authorization', 'Bearer not.a.jwt')
      .expect(401);
    expect(garbage.body.error.code).toBe('unauthenticated');
  });

  it('GET /auth/me needs credentials', async () => {
    const m = await member(ds());
    const res = await request(server.url)
      .get('/api/v1/auth/me')
      .set('Host', hostOf(m.tenant))
      .expect(401);
    expect(res.body.error.code).toBe('unauthenticated');
    const tokens = await signIn(server, m);
    // The bare host: the token's own tenant applies.
    const bare = await request(server.url)
      .get('/api/v1/auth/me')
      .set('Authorization', `Bearer ${tokens.accessToken}`)
      .expect(200);
    expect(bare.body.tenant.id).toBe(m.tenant.id);
  });
});
