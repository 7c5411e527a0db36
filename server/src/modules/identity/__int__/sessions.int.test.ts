import { SignJWT } from 'jose';
import request from 'supertest';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { startTestServer, type TestServer } from '../../../test/test-server.js';
import { RefreshTokenFamilyEntity } from '../refresh-token-family.entity.js';
import { revokeUserSessions, SessionIssuer } from '../session-issuer.js';
import {
  auditActions,
  hostOf,
  member,
  signIn,
  type TestMember,
  type Tokens,
} from './auth-test-support.js';

describe('sessions: refresh rotation, reuse detection, logout, tenant binding', () => {
  let server: TestServer;
  const ds = () => server.node.dataSource;

  beforeAll(async () => {
    server = await startTestServer({ label: 'identity-sessions' });
  });
  afterAll(async () => {
    await server?.close();
  });

  const refresh = (tenant: TestMember['tenant'] | null, refreshToken: unknown) => {
    const req = request(server.url).post('/api/v1/auth/refresh');
    if (tenant) req.set('Host', hostOf(tenant));
    return req.send({ refreshToken });
  };
  const me = (tenant: TestMember['tenant'] | null, accessToken: string) => {
    const req = request(server.url).get('/api/v1/auth/me');
    if (tenant) req.set('Host', hostOf(tenant));
    return req.set('Authorization', `Bearer ${accessToken}`);
  };
  const family = (m: TestMember, id: string) =>
    withTenant(ds(), m.tenant.id, (tx) =>
      tx.getRepository(RefreshTokenFamilyEntity).findOneByOrFail({ tenantId: m.tenant.id, id }),
    );
  const familyIdOf = (t: Tokens) => t.refreshToken.split('.')[2]!;

  it('rotates: each refresh returns a new refresh token (next generation) and a working access token', async () => {
    const m = await member(ds());
    const first = await signIn(server, m);
    const second = (await refresh(m.tenant, first.refreshToken).expect(200)).body as Tokens;
    expect(second).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: expect.any(Number),
    });
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(familyIdOf(second)).toBe(familyIdOf(first));
    const third = (await refresh(m.tenant, second.refreshToken).expect(200)).body as Tokens;
    const row = await family(m, familyIdOf(third));
    expect(row.generation).toBe(2);
    expect(row.revokedAt).toBeNull();
    // Only a digest of the newest secret is stored.
    expect(third.refreshToken).not.toContain(row.currentHash);
    const who = await me(m.tenant, third.accessToken).expect(200);
    expect(who.body.sessionId).toBe(familyIdOf(third));
    // On a bare host (no tenant named) the token's own tenant applies.
    await refresh(null, third.refreshToken).expect(200);
  });

  it('revokes the whole family when an old refresh token is presented again; the newest then fails too', async () => {
    const m = await member(ds());
    const first = await signIn(server, m);
    const second = (await refresh(m.tenant, first.refreshToken).expect(200)).body as Tokens;

    const reused = await refresh(m.tenant, first.refreshToken).expect(401);
    expect(reused.body.error).toMatchObject({
      code: 'unauthenticated',
      details: { reason: 'refresh_token_reused' },
    });
    const row = await family(m, familyIdOf(first));
    expect(row.revokedReason).toBe('reuse');
    expect(row.revokedAt).not.toBeNull();

    const newest = await refresh(m.tenant, second.refreshToken).expect(401);
    expect(newest.body.error.details.reason).toBe('refresh_token_reused');
    // Access tokens of the family die with it, on their next request.
    await me(m.tenant, second.accessToken).expect(401);
    expect(await auditActions(ds(), m.tenant.id)).toEqual(
      expect.arrayContaining(['session.created', 'session.reuse_detected']),
    );
  });

  it('treats two concurrent refreshes with one token as reuse: one rotates, then the family is revoked', async () => {
    const m = await member(ds());
    const tokens = await signIn(server, m);
    const results = await Promise.all([
      refresh(m.tenant, tokens.refreshToken),
      refresh(m.tenant, tokens.refreshToken),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    const winner = results.find((r) => r.status === 200)!.body as Tokens;
    await refresh(m.tenant, winner.refreshToken).expect(401);
    expect((await family(m, familyIdOf(tokens))).revokedReason).toBe('reuse');
  });

  it('does not let a made-up secret for a known session id end that session', async () => {
    const m = await member(ds());
    const tokens = await signIn(server, m);
    const [, tenantId, familyId] = tokens.refreshToken.split('.');
    const forged = `frt.${tenantId}.${familyId}.${'A'.repeat(65)}`;
    const res = await refresh(m.tenant, forged).expect(401);
    expect(res.body.error.details.reason).toBe('invalid');
    await refresh(m.tenant, tokens.refreshToken).expect(200);
  });

  it.each([
    ['garbage', 'not-a-token'],
    ['a JWT', 'eyJhbGciOiJIUzI1NiJ9.e30.x'],
    ['a truncated token', 'frt.00000000-0000-4000-8000-000000000000'],
  ])('answers %s with 401', async (_label, token) => {
    const m = await member(ds());
    const res = await refresh(m.tenant, token).expect(401);
    expect(res.body.error.code).toBe('unauthenticated');
  });

  it.each([
    ['no body', undefined],
    ['a number', { refreshToken: 42 }],
    ['an extra field', { refreshToken: 'x', tenantId: 'y' }],
    ['an empty token', { refreshToken: '' }],
  ])('rejects %s with 400 validation_failed', async (_label, body) => {
    const m = await member(ds());
    const req = request(server.url).post('/api/v1/auth/refresh').set('Host', hostOf(m.tenant));
    const res = body === undefined ? await req : await req.send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
  });

  it('refuses an expired session family', async () => {
    const m = await member(ds());
    const tokens = await signIn(server, m);
    await withTenant(ds(), m.tenant.id, (tx) =>
      tx
        .getRepository(RefreshTokenFamilyEntity)
        .update(
          { tenantId: m.tenant.id, id: familyIdOf(tokens) },
          { expiresAt: new Date(Date.now() - 1000) },
        ),
    );
    const res = await refresh(m.tenant, tokens.refreshToken).expect(401);
    expect(res.body.error.details.reason).toBe('expired');
  });

  it('binds refresh tokens to their tenant: another tenant host or header gets 403', async () => {
    const a = await member(ds());
    const b = await member(ds());
    const bTokens = await signIn(server, b);
    const byHost = await refresh(a.tenant, bTokens.refreshToken).expect(403);
    expect(byHost.body.error.code).toBe('forbidden');
    expect(byHost.body.accessToken).toBeUndefined();
    const byHeader = await request(server.url)
      .post('/api/v1/auth/refresh')
      .set('X-Folio-Tenant', a.tenant.slug)
      .send({ refreshToken: bTokens.refreshToken })
      .expect(403);
    expect(byHeader.body.error.code).toBe('forbidden');
    // The refused attempt did not touch B's session.
    await refresh(b.tenant, bTokens.refreshToken).expect(200);
  });

  it("binds access tokens to their tenant: B's token on A's host or header gets 403 with no data", async () => {
    const a = await member(ds());
    const b = await member(ds());
    const bTokens = await signIn(server, b);
    const byHost = await me(a.tenant, bTokens.accessToken).expect(403);
    expect(byHost.body).toEqual({ error: expect.objectContaining({ code: 'forbidden' }) });
    const byHeader = await request(server.url)
      .get('/api/v1/auth/me')
      .set('X-Folio-Tenant', a.tenant.slug)
      .set('Authorization', `Bearer ${bTokens.accessToken}`)
      .expect(403);
    expect(byHeader.body.error.code).toBe('forbidden');
    expect(JSON.stringify(byHeader.body)).not.toContain(a.tenant.id);
  });

  it('logout ends the session: the access token fails on the next request, refresh too', async () => {
    const m = await member(ds());
    const tokens = await signIn(server, m);
    const other = await signIn(server, m);
    await me(m.tenant, tokens.accessToken).expect(200);
    await request(server.url)
      .post('/api/v1/auth/logout')
      .set('Host', hostOf(m.tenant))
      .set('Authorization', `Bearer ${tokens.accessToken}`)
      .expect(204);
    const after = await me(m.tenant, tokens.accessToken).expect(401);
    expect(after.body.error.details).toEqual({ reason: 'session_revoked' });
    const res = await refresh(m.tenant, tokens.refreshToken).expect(401);
    expect(res.body.error.details.reason).toBe('session_revoked');
    // Another session of the same user is untouched.
    await me(m.tenant, other.accessToken).expect(200);
    expect((await family(m, familyIdOf(tokens))).revokedReason).toBe('logout');
    expect(await auditActions(ds(), m.tenant.id)).toContain('session.revoked');
  });

  it('logout-all ends every session of the user in this tenant only', async () => {
    const m = await member(ds());
    const elsewhere = await member(ds());
    const one = await signIn(server, m);
    const two = await signIn(server, m);
    const unrelated = await signIn(server, elsewhere);
    await request(server.url)
      .post('/api/v1/auth/logout-all')
      .set('Host', hostOf(m.tenant))
      .set('Authorization', `Bearer ${one.accessToken}`)
      .expect(204);
    await me(m.tenant, one.accessToken).expect(401);
    await me(m.tenant, two.accessToken).expect(401);
    await refresh(m.tenant, two.refreshToken).expect(401);
    await me(elsewhere.tenant, unrelated.accessToken).expect(200);
  });

  it('logout needs a member session and refuses a body with fields', async () => {
    const m = await member(ds());
    await request(server.url).post('/api/v1/auth/logout').set('Host', hostOf(m.tenant)).expect(401);
    const tokens = await signIn(server, m);
    const res = await request(server.url)
      .post('/api/v1/auth/logout')
      .set('Host', hostOf(m.tenant))
      .set('Authorization', `Bearer ${tokens.accessToken}`)
      .send({ everywhere: true })
      .expect(400);
    expect(res.body.error.code).toBe('validation_failed');
  });

  it('refuses an expired access token with 401', async () => {
    const m = await member(ds());
    const tokens = await signIn(server, m);
    const past = Math.floor(Date.now() / 1000) - 60;
    const expired = await new SignJWT({ tid: m.tenant.id, sid: familyIdOf(tokens) })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(m.user.id)
      .setIssuer('folio')
      .setAudience('folio-api')
      .setIssuedAt(past - 600)
      .setExpirationTime(past)
      .sign(new Uint8Array(server.node.secrets.key('access-token')));
    const res = await me(m.tenant, expired).expect(401);
    expect(res.body.error).toMatchObject({
      code: 'unauthenticated',
      details: { reason: 'expired' },
    });
  });

  it("stops a removed member's tokens on the next request", async () => {
    const m = await member(ds());
    const tokens = await signIn(server, m);
    await withTenant(ds(), m.tenant.id, (tx) =>
      tx.query(`DELETE FROM memberships WHERE tenant_id = $1 AND user_id = $2`, [
        m.tenant.id,
        m.user.id,
      ]),
    );
    await me(m.tenant, tokens.accessToken).expect(401);
    const res = await refresh(m.tenant, tokens.refreshToken).expect(401);
    expect(res.body.error.details.reason).toBe('not_a_member');
  });

  it('exports createSession and revokeUserSessions for other modules, bound to the caller transaction', async () => {
    const m = await member(ds());
    const issuer = new SessionIssuer(server.node.accessTokens, server.node.secrets);
    const session = await withTenant(ds(), m.tenant.id, (tx) =>
      issuer.createSession(tx, {
        tenantId: m.tenant.id,
        userId: m.user.id,
        ip: '203.0.113.9',
        userAgent: 'test',
      }),
    );
    expect(session.refreshToken.split('.')[2]).toBe(session.sessionId);
    await me(m.tenant, session.accessToken).expect(200);
    const row = await family(m, session.sessionId);
    expect(row).toMatchObject({ ip: '203.0.113.9', userAgent: 'test', generation: 0 });

    // A session created in a transaction that rolls back never existed.
    await expect(
      withTenant(ds(), m.tenant.id, async (tx) => {
        await issuer.createSession(tx, { tenantId: m.tenant.id, userId: m.user.id });
        throw new Error('injected');
      }),
    ).rejects.toThrow('injected');
    const live = await withTenant(ds(), m.tenant.id, (tx) =>
      tx
        .getRepository(RefreshTokenFamilyEntity)
        .countBy({ tenantId: m.tenant.id, userId: m.user.id }),
    );
    expect(live).toBe(1);

    const ended = await withTenant(ds(), m.tenant.id, (tx) =>
      revokeUserSessions(tx, m.tenant.id, m.user.id, 'member_removed'),
    );
    expect(ended).toBe(1);
    await me(m.tenant, session.accessToken).expect(401);
    expect((await family(m, session.sessionId)).revokedReason).toBe('member_removed');
  });
});
