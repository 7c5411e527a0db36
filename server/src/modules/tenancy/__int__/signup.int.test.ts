import request from 'supertest';
import { withGlobal, withTenant } from '../../../platform/db/unit-of-work.js';
import { createUser } from '../../../test/factories.js';
import { startTestServer, type TestServer } from '../../../test/test-server.js';
import { SessionIssuer, userRepository, verifyPassword } from '../../identity/index.js';
import { onboardTenant, tenantRepository, type OnboardingStep } from '../index.js';
import {
  auditEntries,
  eventually,
  hostOf,
  PASSWORD,
  signedInMember,
  tenantRowCounts,
} from './flows-support.js';

describe('POST /api/v1/signup (atomic onboarding)', () => {
  let server: TestServer;
  let n = 0;
  const slug = () => `acme-${process.pid}-${++n}`;
  const email = () => `owner-${process.pid}-${++n}@example.test`;
  const signup = (body: unknown) =>
    request(server.url)
      .post('/api/v1/signup')
      .send(body as object);

  beforeAll(async () => {
    server = await startTestServer({ label: 'signup' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('creates tenant, built-in roles, owner, membership, plan, audit entry and a working session', async () => {
    const body = {
      tenantSlug: slug(),
      tenantName: 'Acme Inc',
      email: email(),
      password: PASSWORD,
      displayName: 'Ada',
    };
    const res = await signup(body).expect(201);
    expect(res.body).toEqual({
      tenant: expect.objectContaining({
        slug: body.tenantSlug,
        name: 'Acme Inc',
        status: 'active',
        plan: 'free',
        quotas: expect.objectContaining({ members: 5 }),
        url: expect.stringMatching(new RegExp(`^http://${body.tenantSlug}\\.localhost`)),
      }),
      user: { id: expect.any(String), email: body.email, displayName: 'Ada' },
      accessToken: expect.any(String),
      refreshToken: expect.stringMatching(/^frt\./),
      expiresIn: expect.any(Number),
    });
    expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|scrypt\$/);
    const ds = server.node.dataSource;
    const tenantId = res.body.tenant.id as string;
    const roles = await withTenant(ds, tenantId, (tx) =>
      tx.query<{ key: string }[]>(`SELECT key FROM roles WHERE tenant_id = $1 ORDER BY key`, [
        tenantId,
      ]),
    );
    expect(roles.map((r) => r.key)).toEqual(['admin', 'editor', 'owner', 'reviewer', 'viewer']);
    const audit = await auditEntries(ds, tenantId);
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'tenant.created',
        target_id: tenantId,
        actor_id: res.body.user.id,
        after: expect.objectContaining({
          slug: body.tenantSlug,
          plan: 'free',
          ownerUserId: res.body.user.id,
        }),
      }),
      expect.objectContaining({
        action: 'session.created',
        actor_id: res.body.user.id,
        after: { userId: res.body.user.id, method: 'signup' },
      }),
    ]);
    // The new host resolves at once and the token works there as the owner.
    const members = await request(server.url)
      .get('/api/v1/members')
      .set('Host', `${body.tenantSlug}.localhost`)
      .set('Authorization', `Bearer ${res.body.accessToken}`)
      .expect(200);
    expect(members.body.items).toEqual([
      expect.objectContaining({ email: body.email, role: 'owner' }),
    ]);
  });

  it('resolves a slug at once even when a lookup just cached it as unknown', async () => {
    const s = slug();
    await request(server.url).get('/api/v1/members').set('Host', `${s}.localhost`).expect(404);
    const res = await signup({
      tenantSlug: s,
      tenantName: 'Fresh',
      email: email(),
      password: PASSWORD,
    }).expect(201);
    await request(server.url)
      .get('/api/v1/members')
      .set('Host', `${s}.localhost`)
      .set('Authorization', `Bearer ${res.body.accessToken}`)
      .expect(200);
  });

  it('answers a taken slug with 409 conflict and writes nothing (no user, no second tenant)', async () => {
    const s = slug();
    await signup({ tenantSlug: s, tenantName: 'First', email: email(), password: PASSWORD }).expect(
      201,
    );
    const second = email();
    const res = await signup({
      tenantSlug: s,
      tenantName: 'Second',
      email: second,
      password: PASSWORD,
    }).expect(409);
    expect(res.body.error).toEqual(
      expect.objectContaining({
        code: 'conflict',
        details: expect.objectContaining({ reason: 'slug_taken' }),
      }),
    );
    const ds = server.node.dataSource;
    expect(await userRepository.findByEmail(ds.manager, second)).toBeNull();
    const tenants = await withGlobal(ds, (tx) =>
      tx.query<{ name: string }[]>(`SELECT name FROM tenants WHERE slug = $1`, [s]),
    );
    expect(tenants).toEqual([{ name: 'First' }]);
  });

  it('answers a slug taken in a race (unique violation inside the transaction) with 409 and no rows', async () => {
    const s = slug();
    const mail = email();
    const ds = server.node.dataSource;
    // A competing signup holds the slug in an open transaction: our pre-check cannot see it, our
    // insert waits on the unique index, and fails once the competitor commits.
    const competitor = ds.createQueryRunner();
    await competitor.connect();
    try {
      await competitor.startTransaction();
      await competitor.query(`INSERT INTO tenants (slug, name) VALUES ($1, 'Winner')`, [s]);
      const attempt = onboardTenant(
        {
          dataSource: ds,
          sessions: new SessionIssuer(server.node.accessTokens, server.node.secrets),
          resolver: server.node.resolver,
        },
        { slug: s, name: 'Racer', email: mail, password: PASSWORD },
      );
      const outcome = attempt.then(
        () => 'created',
        (error: unknown) => error,
      );
      await eventually(async () => {
        const rows = await ds.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE wait_event_type = 'Lock' AND query ILIKE 'INSERT INTO "tenants"%'`,
        );
        return rows[0]!.n > 0;
      });
      await competitor.commitTransaction();
      expect(await outcome).toMatchObject({ code: 'conflict', details: { reason: 'slug_taken' } });
    } finally {
      await competitor.release();
    }
    expect(await userRepository.findByEmail(ds.manager, mail)).toBeNull();
    const names = await withGlobal(ds, (tx) =>
      tx.query<{ name: string }[]>(`SELECT name FROM tenants WHERE slug = $1`, [s]),
    );
    expect(names).toEqual([{ name: 'Winner' }]);
  });

  it.each<OnboardingStep>(['tenant', 'user', 'membership', 'audit', 'session'])(
    'leaves no row behind when it fails after the %s step',
    async (failAfter) => {
      const ds = server.node.dataSource;
      const s = slug();
      const mail = email();
      let tenantId: string | undefined;
      const attempt = onboardTenant(
        {
          dataSource: ds,
          sessions: new SessionIssuer(server.node.accessTokens, server.node.secrets),
          resolver: server.node.resolver,
          afterStep: (step, tenant) => {
            tenantId = tenant.id;
            if (step === failAfter) throw new Error(`injected failure after ${step}`);
          },
        },
        { slug: s, name: 'Doomed', email: mail, password: PASSWORD },
      );
      await expect(attempt).rejects.toThrow(`injected failure after ${failAfter}`);
      expect(tenantId).toBeDefined();
      expect(await withGlobal(ds, (tx) => tenantRepository.findBySlug(tx, s))).toBeNull();
      expect(await userRepository.findByEmail(ds.manager, mail)).toBeNull();
      expect(await tenantRowCounts(ds, tenantId!)).toEqual({
        roles: 0,
        memberships: 0,
        invitations: 0,
        refresh_token_families: 0,
        audit_log: 0,
        domains: 0,
      });
      // And the slug is free for a real signup afterwards.
      await signup({ tenantSlug: s, tenantName: 'Retry', email: mail, password: PASSWORD }).expect(
        201,
      );
    },
  );

  it.each([
    'www',
    'api',
    'admin',
    'app',
    'platform',
    'static',
    'cdn',
    'mail',
    'www2',
    'xn--80ak6aa92e',
  ])('refuses the reserved slug %s with 400', async (reserved) => {
    const res = await signup({
      tenantSlug: reserved,
      tenantName: 'X',
      email: email(),
      password: PASSWORD,
    }).expect(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'body.tenantSlug' })]);
  });

  it.each([
    ['no body', undefined],
    ['an array', []],
    ['a missing email', { tenantSlug: 'okay-slug', tenantName: 'X', password: PASSWORD }],
    [
      'a bad email',
      { tenantSlug: 'okay-slug', tenantName: 'X', email: 'not-an-email', password: PASSWORD },
    ],
    [
      'a bad slug',
      { tenantSlug: 'Not A Slug!', tenantName: 'X', email: 'a@b.test', password: PASSWORD },
    ],
    [
      'a too short slug',
      { tenantSlug: 'ab', tenantName: 'X', email: 'a@b.test', password: PASSWORD },
    ],
    [
      'an empty name',
      { tenantSlug: 'okay-slug', tenantName: '', email: 'a@b.test', password: PASSWORD },
    ],
    [
      'an unknown field',
      {
        tenantSlug: 'okay-slug',
        tenantName: 'X',
        email: 'a@b.test',
        password: PASSWORD,
        plan: 'enterprise',
      },
    ],
    [
      'a non-string password',
      { tenantSlug: 'okay-slug', tenantName: 'X', email: 'a@b.test', password: 1234567890123 },
    ],
  ])('answers %s with 400 validation_failed', async (_label, body) => {
    const res = await signup(body).expect(400);
    expect(res.body.error.code).toBe('validation_failed');
  });

  it('answers malformed JSON with 400 malformed_json', async () => {
    const res = await request(server.url)
      .post('/api/v1/signup')
      .set('Content-Type', 'application/json')
      .send('{"tenantSlug": ')
      .expect(400);
    expect(res.body.error.code).toBe('malformed_json');
  });

  it('requires a password of at least 10 characters for a new account', async () => {
    const s = slug();
    const res = await signup({
      tenantSlug: s,
      tenantName: 'X',
      email: email(),
      password: 'short-pw1',
    }).expect(400);
    expect(res.body.error).toEqual(
      expect.objectContaining({
        code: 'validation_failed',
        details: [expect.objectContaining({ path: 'body.password' })],
      }),
    );
    await signup({ tenantSlug: s, tenantName: 'X', email: email() }).expect(400);
    expect(
      await withGlobal(server.node.dataSource, (tx) => tenantRepository.findBySlug(tx, s)),
    ).toBeNull();
  });

  it('lets an existing user who proves the password join the new tenant as owner', async () => {
    const ds = server.node.dataSource;
    const user = await createUser(ds, { password: 'old-pw-8c' });
    const res = await signup({
      tenantSlug: slug(),
      tenantName: 'Second Co',
      email: user.email,
      password: 'old-pw-8c',
    }).expect(201);
    expect(res.body.user.id).toBe(user.id);
    const reloaded = await userRepository.findByEmail(ds.manager, user.email);
    expect(await verifyPassword('old-pw-8c', reloaded!.passwordHash!)).toBe(true);
  });

  it('refuses an existing email with a wrong or missing password (401) and writes nothing', async () => {
    const ds = server.node.dataSource;
    const user = await createUser(ds, { password: PASSWORD });
    const s = slug();
    const wrong = await signup({
      tenantSlug: s,
      tenantName: 'X',
      email: user.email,
      password: 'not the password',
    }).expect(401);
    expect(wrong.body.error.code).toBe('unauthenticated');
    const missing = await signup({ tenantSlug: s, tenantName: 'X', email: user.email }).expect(401);
    expect(missing.body.error.code).toBe('unauthenticated');
    expect(await withGlobal(ds, (tx) => tenantRepository.findBySlug(tx, s))).toBeNull();
    const counted = await userRepository.findByEmail(ds.manager, user.email);
    expect(counted!.failedLogins).toBe(1);
  });

  it('accepts a session of the existing account instead of its password', async () => {
    const me = await signedInMember(server);
    const res = await request(server.url)
      .post('/api/v1/signup')
      .set('Authorization', `Bearer ${me.token}`)
      .send({ tenantSlug: slug(), tenantName: 'Via session', email: me.user.email })
      .expect(201);
    expect(res.body.user.id).toBe(me.user.id);
  });

  it('creates a new tenant also when called on a tenant host or with a tenant header', async () => {
    const other = await signedInMember(server);
    const viaHost = await request(server.url)
      .post('/api/v1/signup')
      .set('Host', hostOf(other.tenant))
      .send({ tenantSlug: slug(), tenantName: 'Via host', email: email(), password: PASSWORD })
      .expect(201);
    expect(viaHost.body.tenant.id).not.toBe(other.tenant.id);
    const viaHeader = await request(server.url)
      .post('/api/v1/signup')
      .set('X-Folio-Tenant', other.tenant.slug)
      .send({ tenantSlug: slug(), tenantName: 'Via header', email: email(), password: PASSWORD })
      .expect(201);
    expect(viaHeader.body.tenant.id).not.toBe(other.tenant.id);
    // The host's tenant gained nothing.
    const counts = await tenantRowCounts(server.node.dataSource, other.tenant.id);
    expect(counts.memberships).toBe(1);
  });
});
