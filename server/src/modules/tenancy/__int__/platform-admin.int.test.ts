import { createHmac } from 'node:crypto';
import request from 'supertest';
import { staffCommand } from '../../../cli/staff.js';
import { withGlobal, withTenant } from '../../../platform/db/unit-of-work.js';
import { createLogger } from '../../../platform/logging/logger.js';
import { createMember, createTenant, createUser } from '../../../test/factories.js';
import { issueTestToken } from '../../../test/sessions.js';
import { startTestServer, type TestServer } from '../../../test/test-server.js';
import { SecondFactor, UserEntity, type User } from '../../identity/index.js';
import { MembershipEntity, PLANS, RoleEntity, TenantEntity, type Tenant } from '../index.js';

const PASSWORD = 'correct horse battery staple';
const hostOf = (tenant: Pick<Tenant, 'slug'>) => `${tenant.slug}.localhost`;
const silent = createLogger({ level: 'silent' });

/** A fixed TOTP secret: base32 as an authenticator app would be given it, and its bytes. */
const TOTP_BASE32 = 'JBSWY3DPEHPK3PXP';
const TOTP_SECRET = Buffer.from('48656c6c6f21deadbeef', 'hex');

/** RFC 6238 (SHA-1, 6 digits, 30 s) at a moment, written out so the test checks the module. */
function totpAt(nowMs: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(nowMs / 30_000)));
  const mac = createHmac('sha1', TOTP_SECRET).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** A real access token for a member (a session row plus the node's AccessTokens). */
const tokenFor = (server: TestServer, m: { tenant: Tenant; user: User }): Promise<string> =>
  issueTestToken(server.node, { tenantId: m.tenant.id, userId: m.user.id });

describe('platform admin surface /platform/v1', () => {
  let server: TestServer;
  let staff: User;
  let platformToken: string;

  beforeAll(async () => {
    server = await startTestServer({ label: 'platform_admin' });
    staff = await createUser(server.node.dataSource, { password: PASSWORD });
    expect(
      await staffCommand(
        ['grant', staff.email.toUpperCase()],
        { DATABASE_URL: server.database.runtimeUrl },
        silent,
      ),
    ).toBe(0);
    platformToken = await login(staff.email);
  });
  afterAll(async () => {
    await server?.close();
  });

  async function login(email: string, extra: Record<string, unknown> = {}): Promise<string> {
    const res = await request(server.url)
      .post('/platform/v1/auth/login')
      .send({ email, password: PASSWORD, ...extra })
      .expect(200);
    expect(res.body).toEqual({
      accessToken: expect.any(String),
      tokenType: 'Bearer',
      expiresAt: expect.any(String),
    });
    const ttl = Date.parse(res.body.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(15 * 60 * 1000);
    return res.body.accessToken as string;
  }

  const platform = (
    method: 'get' | 'post' | 'patch' | 'delete',
    path: string,
    token = platformToken,
  ) => request(server.url)[method](`/platform/v1${path}`).set('Authorization', `Bearer ${token}`);

  async function auditRows(tenantId: string) {
    return await withTenant<
      {
        action: string;
        actor_type: string;
        actor_id: string;
        diff: Record<string, unknown> | null;
      }[]
    >(server.node.dataSource, tenantId, (tx) =>
      tx.query(`SELECT action, actor_type, actor_id, diff FROM audit_log ORDER BY id`),
    );
  }

  describe('sign-in', () => {
    it('refuses wrong passwords, unknown emails and non-staff users alike', async () => {
      const member = await createUser(server.node.dataSource, { password: PASSWORD });
      for (const body of [
        { email: staff.email, password: 'wrong password' },
        { email: 'nobody@example.test', password: PASSWORD },
        { email: member.email, password: PASSWORD },
      ]) {
        const res = await request(server.url)
          .post('/platform/v1/auth/login')
          .send(body)
          .expect(401);
        expect(res.body.error).toEqual({ code: 'unauthenticated', message: 'Invalid credentials' });
      }
      await request(server.url)
        .post('/platform/v1/auth/login')
        .send({ email: staff.email })
        .expect(400);
      await request(server.url)
        .post('/platform/v1/auth/login')
        .send({ email: staff.email, password: PASSWORD, tenant: 'x' })
        .expect(400);
    });

    it('asks staff with TOTP for a code and accepts a valid one', async () => {
      const mfa = await createUser(server.node.dataSource, { password: PASSWORD });
      const sealed = new SecondFactor(server.node.secrets).seal(TOTP_BASE32);
      await withGlobal(server.node.dataSource, (tx) =>
        tx
          .getRepository(UserEntity)
          .update(
            { id: mfa.id },
            { isStaff: true, totpSecretEncrypted: sealed, totpEnabledAt: new Date() },
          ),
      );
      const missing = await request(server.url)
        .post('/platform/v1/auth/login')
        .send({ email: mfa.email, password: PASSWORD })
        .expect(401);
      expect(missing.body.error.details).toEqual({ mfaRequired: true });
      await request(server.url)
        .post('/platform/v1/auth/login')
        .send({
          email: mfa.email,
          password: PASSWORD,
          totp: totpAt(Date.now()) === '000000' ? '111111' : '000000',
        })
        .expect(401);
      await login(mfa.email, { totp: totpAt(Date.now()) });
    });

    it('locks an account after repeated failures with 429 and Retry-After', async () => {
      const target = await createUser(server.node.dataSource, { password: PASSWORD });
      await staffCommand(
        ['grant', target.email],
        { DATABASE_URL: server.database.runtimeUrl },
        silent,
      );
      let last: request.Response | undefined;
      for (let i = 0; i < 7; i += 1) {
        last = await request(server.url)
          .post('/platform/v1/auth/login')
          .send({ email: target.email, password: 'wrong' });
      }
      expect(last?.status).toBe(429);
      expect(Number(last?.headers['retry-after'])).toBeGreaterThan(0);
    });
  });

  describe('token separation', () => {
    it('refuses tenant tokens, API-key-shaped tokens and no token on /platform/v1', async () => {
      const m = await createMember(server.node.dataSource, { role: 'owner' });
      const tenantToken = await tokenFor(server, m);
      const res = await platform('get', '/tenants', tenantToken).expect(401);
      expect(res.body.error.code).toBe('unauthenticated');
      await request(server.url).get('/platform/v1/tenants').expect(401);
      await request(server.url)
        .get('/platform/v1/tenants')
        .set('Authorization', 'Basic abc')
        .expect(401);
      await platform('get', '/tenants', 'folio_abcdefghijkl_' + 'a'.repeat(46)).expect(401);
      await platform('get', '/tenants', `${platformToken}x`).expect(401);
    });

    it('refuses platform tokens on /api/v1, on any host', async () => {
      const tenant = await createTenant(server.node.dataSource);
      const res = await request(server.url)
        .get('/api/v1/tenant')
        .set('Authorization', `Bearer ${platformToken}`)
        .expect(401);
      expect(res.body.error.code).toBe('unauthenticated');
      await request(server.url)
        .get('/api/v1/tenant')
        .set('Host', hostOf(tenant))
        .set('Authorization', `Bearer ${platformToken}`)
        .expect(401);
    });

    it('stops a platform token on the next request once staff is revoked', async () => {
      const temp = await createUser(server.node.dataSource, { password: PASSWORD });
      const env = { DATABASE_URL: server.database.runtimeUrl };
      expect(await staffCommand(['grant', temp.email], env, silent)).toBe(0);
      const token = await login(temp.email);
      await platform('get', '/tenants?limit=1', token).expect(200);
      expect(await staffCommand(['revoke', temp.email], env, silent)).toBe(0);
      const res = await platform('get', '/tenants?limit=1', token).expect(401);
      expect(res.body.error.details).toEqual({ reason: 'not_staff' });
    });
  });

  describe('staff CLI', () => {
    it('reports bad usage, unknown users and missing configuration', async () => {
      const env = { DATABASE_URL: server.database.runtimeUrl };
      expect(await staffCommand([], env, silent)).toBe(2);
      expect(await staffCommand(['promote', 'a@example.test'], env, silent)).toBe(2);
      expect(await staffCommand(['grant', 'not-an-email'], env, silent)).toBe(2);
      expect(await staffCommand(['grant', 'a@example.test', 'b'], env, silent)).toBe(2);
      expect(await staffCommand(['grant', 'nobody@example.test'], env, silent)).toBe(1);
      expect(await staffCommand(['grant', 'x@example.test'], {}, silent)).toBe(1);
      expect(
        await staffCommand(['list'], { DATABASE_OWNER_URL: server.database.ownerUrl }, silent),
      ).toBe(0);
      const user = await createUser(server.node.dataSource);
      expect(
        await staffCommand(
          ['grant', user.email],
          { DATABASE_OWNER_URL: server.database.ownerUrl },
          silent,
        ),
      ).toBe(0);
      const stored = await withGlobal(server.node.dataSource, (tx) =>
        tx.getRepository(UserEntity).findOneByOrFail({ id: user.id }),
      );
      expect(stored.isStaff).toBe(true);
    });
  });

  describe('tenants', () => {
    it('creates a tenant with built-in roles and its owner when the user exists', async () => {
      const owner = await createUser(server.node.dataSource);
      const slug = `plat-${Date.now().toString(36)}`;
      const res = await platform('post', '/tenants')
        .send({
          slug: slug.toUpperCase(),
          name: 'Platform Made',
          plan: 'team',
          ownerEmail: owner.email,
        })
        .expect(201);
      expect(res.body.tenant).toMatchObject({
        slug,
        name: 'Platform Made',
        plan: 'team',
        status: 'active',
        quotas: PLANS.team,
        quotaOverrides: {},
      });
      expect(res.body.owner).toEqual({ userId: owner.id, email: owner.email });
      const tenantId = res.body.tenant.id as string;
      const [roles, memberships] = await withTenant(server.node.dataSource, tenantId, (tx) =>
        Promise.all([
          tx.getRepository(RoleEntity).findBy({ tenantId }),
          tx.getRepository(MembershipEntity).findBy({ tenantId }),
        ]),
      );
      expect(roles.map((r) => r.key).sort()).toEqual([
        'admin',
        'editor',
        'owner',
        'reviewer',
        'viewer',
      ]);
      expect(memberships.map((m) => [m.userId, m.role])).toEqual([[owner.id, 'owner']]);
      const audit = await auditRows(tenantId);
      expect(audit.map((a) => [a.action, a.actor_type, a.actor_id])).toEqual([
        ['tenant.created', 'system', `platform-staff:${staff.id}`],
      ]);

      const noOwner = await platform('post', '/tenants')
        .send({ slug: `${slug}-2`, name: 'No owner yet', ownerEmail: 'future@example.test' })
        .expect(201);
      expect(noOwner.body.owner).toBeNull();
      const fetched = await platform('get', `/tenants/${tenantId}`).expect(200);
      expect(fetched.body).toEqual(res.body.tenant);
      expect(noOwner.body.tenant.plan).toBe('free');

      const dup = await platform('post', '/tenants')
        .send({ slug, name: 'Again', ownerEmail: owner.email })
        .expect(409);
      expect(dup.body.error.details).toEqual({ reason: 'slug_taken' });
    });

    it('validates tenant creation', async () => {
      for (const body of [
        {},
        { slug: 'ok-slug', name: 'x' },
        { slug: '-bad', name: 'x', ownerEmail: 'a@example.test' },
        { slug: 'www', name: 'x', ownerEmail: 'a@example.test' },
        { slug: 'fine-slug', name: '', ownerEmail: 'a@example.test' },
        { slug: 'fine-slug', name: 'x', ownerEmail: 'not-an-email' },
        { slug: 'fine-slug', name: 'x', ownerEmail: 'a@example.test', plan: 'gold' },
        { slug: 'fine-slug', name: 'x', ownerEmail: 'a@example.test', status: 'active' },
      ]) {
        const res = await platform('post', '/tenants').send(body);
        expect([body, res.status, res.body.error?.code]).toEqual([body, 400, 'validation_failed']);
      }
    });

    it('lists tenants with keyset pagination and a status filter', async () => {
      const made = [];
      for (let i = 0; i < 3; i += 1) made.push(await createTenant(server.node.dataSource));
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: request.Response = await platform(
          'get',
          `/tenants?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        ).expect(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.items.map((t: { id: string }) => t.id));
        cursor = res.body.nextCursor as string | null;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      for (const t of made) expect(seen).toContain(t.id);

      await platform('post', `/tenants/${made[0]!.id}/suspend`).expect(200);
      const suspended = await platform('get', '/tenants?status=suspended&limit=100').expect(200);
      expect(suspended.body.items.map((t: { id: string }) => t.id)).toContain(made[0]!.id);
      expect(suspended.body.items.every((t: { status: string }) => t.status === 'suspended')).toBe(
        true,
      );

      await platform('get', '/tenants?cursor=nonsense').expect(400);
      await platform('get', '/tenants?status=deleted').expect(400);
      await platform('get', '/tenants?limit=1000').expect(400);
    });

    it('suspends a cached tenant with effect on the next request, then reactivates it', async () => {
      const m = await createMember(server.node.dataSource, { role: 'viewer' });
      const token = await tokenFor(server, m);
      const get = () =>
        request(server.url)
          .get('/api/v1/tenant')
          .set('Host', hostOf(m.tenant))
          .set('Authorization', `Bearer ${token}`);
      await get().expect(200);
      await get().expect(200);
      const res = await platform('post', `/tenants/${m.tenant.id}/suspend`).expect(200);
      expect(res.body.status).toBe('suspended');
      expect((await get().expect(403)).body.error.details).toEqual({ reason: 'tenant_suspended' });
      await platform('post', `/tenants/${m.tenant.id}/activate`).expect(200);
      await get().expect(200);
      const audit = await auditRows(m.tenant.id);
      expect(audit.map((a) => [a.action, a.actor_type, a.actor_id])).toEqual([
        ['tenant.suspended', 'system', `platform-staff:${staff.id}`],
        ['tenant.activated', 'system', `platform-staff:${staff.id}`],
      ]);
      expect(audit[0]!.diff).toEqual({ status: { before: 'active', after: 'suspended' } });
    });

    it('puts a tenant into maintenance with its Retry-After', async () => {
      const m = await createMember(server.node.dataSource, { role: 'viewer' });
      const token = await tokenFor(server, m);
      await platform('post', `/tenants/${m.tenant.id}/maintenance`)
        .send({ retryAfterSeconds: 90 })
        .expect(200);
      const res = await request(server.url)
        .get('/api/v1/tenant')
        .set('Host', hostOf(m.tenant))
        .set('Authorization', `Bearer ${token}`)
        .expect(503);
      expect(res.headers['retry-after']).toBe('90');
      // Without a body the stored Retry-After is kept.
      const again = await platform('post', `/tenants/${m.tenant.id}/maintenance`).expect(200);
      expect(again.body.maintenanceRetryAfter).toBe(90);
      await platform('post', `/tenants/${m.tenant.id}/maintenance`)
        .send({ retryAfterSeconds: 0 })
        .expect(400);
      await platform('post', `/tenants/${m.tenant.id}/maintenance`)
        .send({ retryAfterSeconds: '60' })
        .expect(400);
    });

    it('changes plan, feature flags and quota overrides', async () => {
      const m = await createMember(server.node.dataSource, { role: 'viewer' });
      const token = await tokenFor(server, m);
      await platform('patch', `/tenants/${m.tenant.id}`)
        .send({
          plan: 'business',
          features: { cms: true, analytics: true },
          quotas: { members: 7, documents: 9 },
        })
        .expect(200);
      const res = await platform('patch', `/tenants/${m.tenant.id}`)
        .send({ features: { analytics: false }, quotas: { documents: null } })
        .expect(200);
      expect(res.body).toMatchObject({
        plan: 'business',
        features: { cms: true, analytics: false },
        quotaOverrides: { members: 7 },
        quotas: { ...PLANS.business, members: 7 },
      });
      const seen = await request(server.url)
        .get('/api/v1/tenant')
        .set('Host', hostOf(m.tenant))
        .set('Authorization', `Bearer ${token}`)
        .expect(200);
      expect(seen.body.quotas).toEqual({ ...PLANS.business, members: 7 });
      expect(seen.body.features).toEqual({ cms: true, analytics: false });
      for (const body of [
        {},
        { plan: 'gold' },
        { features: { chat: true } },
        { quotas: { members: -1 } },
        { quotas: { seats: 1 } },
        { status: 'active' },
      ]) {
        const bad = await platform('patch', `/tenants/${m.tenant.id}`).send(body);
        expect([body, bad.status, bad.body.error?.code]).toEqual([body, 400, 'validation_failed']);
      }
      expect((await auditRows(m.tenant.id)).map((a) => a.action)).toEqual([
        'tenant.plan_updated',
        'tenant.plan_updated',
      ]);
    });

    it('deletes a tenant only with its slug confirmed', async () => {
      const m = await createMember(server.node.dataSource, { role: 'owner' });
      const token = await tokenFor(server, m);
      const wrong = await platform('delete', `/tenants/${m.tenant.id}`)
        .send({ confirmSlug: 'other' })
        .expect(400);
      expect(wrong.body.error.details).toEqual({ reason: 'confirm_slug_mismatch' });
      await platform('delete', `/tenants/${m.tenant.id}`).expect(400);
      await request(server.url)
        .get('/api/v1/tenant')
        .set('Host', hostOf(m.tenant))
        .set('Authorization', `Bearer ${token}`)
        .expect(200);

      await platform('delete', `/tenants/${m.tenant.id}`)
        .send({ confirmSlug: m.tenant.slug })
        .expect(204);
      const gone = await withGlobal(server.node.dataSource, (tx) =>
        tx.getRepository(TenantEntity).findOneBy({ id: m.tenant.id }),
      );
      expect(gone).toBeNull();
      const rows = await withTenant<{ members: number; roles: number; audit: number }[]>(
        server.node.dataSource,
        m.tenant.id,
        (tx) =>
          tx.query(
            `SELECT (SELECT count(*) FROM memberships)::int AS members, (SELECT count(*) FROM roles)::int AS roles, (SELECT count(*) FROM audit_log)::int AS audit`,
          ),
      );
      expect(rows[0]).toEqual({ members: 0, roles: 0, audit: 0 });
      await request(server.url).get('/api/v1/tenant').set('Host', hostOf(m.tenant)).expect(404);
      await request(server.url)
        .get('/api/v1/tenant')
        .set('Authorization', `Bearer ${token}`)
        .expect(401);
      await platform('delete', `/tenants/${m.tenant.id}`)
        .send({ confirmSlug: m.tenant.slug })
        .expect(404);
    });

    it('answers unknown and malformed tenant ids with 404', async () => {
      for (const id of ['not-a-uuid', '00000000-0000-4000-8000-000000000000', "1' OR '1'='1"]) {
        for (const [method, path] of [
          ['get', `/tenants/${encodeURIComponent(id)}`],
          ['post', `/tenants/${encodeURIComponent(id)}/suspend`],
          ['post', `/tenants/${encodeURIComponent(id)}/activate`],
          ['post', `/tenants/${encodeURIComponent(id)}/maintenance`],
          ['patch', `/tenants/${encodeURIComponent(id)}`],
        ] as const) {
          const res = await platform(method, path).send(method === 'patch' ? { plan: 'team' } : {});
          expect([method, path, res.status, res.body.error?.code]).toEqual([
            method,
            path,
            404,
            'not_found',
          ]);
        }
      }
    });
  });
});
