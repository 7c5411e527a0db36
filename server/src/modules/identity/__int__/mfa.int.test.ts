import request from 'supertest';
import { withGlobal } from '../../../platform/db/unit-of-work.js';
import { startTestServer, type TestServer } from '../../../test/test-server.js';
import { base32Decode, hotp, totpStep } from '../totp.js';
import { UserEntity } from '../user.entity.js';
import {
  auditActions,
  hostOf,
  login,
  member,
  PASSWORD,
  signIn,
  type TestMember,
} from './auth-test-support.js';

describe('TOTP MFA and recovery codes', () => {
  let server: TestServer;
  const ds = () => server.node.dataSource;

  beforeAll(async () => {
    server = await startTestServer({ label: 'identity-mfa' });
  });
  afterAll(async () => {
    await server?.close();
  });

  const post = (m: TestMember, token: string, path: string, body?: object) => {
    const req = request(server.url)
      .post(`/api/v1/auth/mfa${path}`)
      .set('Host', hostOf(m.tenant))
      .set('Authorization', `Bearer ${token}`);
    return body === undefined ? req : req.send(body);
  };
  /** The code for a step relative to now (−1, 0, +1 are inside the accepted window). */
  const codeAt = (secret: string, offset: number) =>
    hotp(base32Decode(secret), totpStep(Date.now()) + offset);
  /** A six-digit code that matches no step anywhere near now. */
  const wrongCode = (secret: string) => {
    const near = new Set([-2, -1, 0, 1, 2].map((offset) => codeAt(secret, offset)));
    return ['000000', '111111', '222222', '333333', '444444', '555555'].find((c) => !near.has(c))!;
  };
  const userRow = (m: TestMember) =>
    withGlobal(ds(), (tx) => tx.getRepository(UserEntity).findOneByOrFail({ id: m.user.id }));

  /** Enrols and activates TOTP (using the previous step), returning the secret and recovery codes. */
  async function enableMfa(m: TestMember, accessToken: string) {
    const enrol = await post(m, accessToken, '/totp/enrol').expect(200);
    const verify = await post(m, accessToken, '/totp/verify', {
      code: codeAt(enrol.body.secret, -1),
    }).expect(200);
    return {
      secret: enrol.body.secret as string,
      recoveryCodes: verify.body.recoveryCodes as string[],
    };
  }

  it('enrols, verifies, then requires a code at login; a code is accepted once', async () => {
    const m = await member(ds());
    const { accessToken } = await signIn(server, m);

    const enrol = await post(m, accessToken, '/totp/enrol').expect(200);
    expect(enrol.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    const url = new URL(enrol.body.otpauthUrl);
    expect(url.protocol).toBe('otpauth:');
    expect(url.searchParams.get('secret')).toBe(enrol.body.secret);
    const pending = await userRow(m);
    expect(pending.totpPendingEncrypted).not.toBeNull();
    expect(pending.totpPendingEncrypted).not.toContain(enrol.body.secret);
    expect(pending.totpEnabledAt).toBeNull();

    // Not active until verified: login still needs no code.
    await login(server, m.tenant, { email: m.user.email, password: PASSWORD }).expect(200);

    const wrong = await post(m, accessToken, '/totp/verify', {
      code: wrongCode(enrol.body.secret),
    }).expect(400);
    expect(wrong.body.error).toMatchObject({
      code: 'bad_request',
      details: { reason: 'invalid_code' },
    });

    const verify = await post(m, accessToken, '/totp/verify', {
      code: codeAt(enrol.body.secret, -1),
    }).expect(200);
    expect(verify.body.recoveryCodes).toHaveLength(10);
    expect(new Set(verify.body.recoveryCodes).size).toBe(10);
    for (const code of verify.body.recoveryCodes)
      expect(code).toMatch(/^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$/);
    const active = await userRow(m);
    expect(active.totpSecretEncrypted).not.toBeNull();
    expect(active.totpPendingEncrypted).toBeNull();
    expect(active.totpEnabledAt).not.toBeNull();

    const required = await login(server, m.tenant, {
      email: m.user.email,
      password: PASSWORD,
    }).expect(401);
    expect(required.body.error).toMatchObject({
      code: 'unauthenticated',
      details: { mfaRequired: true },
    });
    expect(required.body.accessToken).toBeUndefined();
    const bad = await login(server, m.tenant, {
      email: m.user.email,
      password: PASSWORD,
      totp: '12345',
    }).expect(401);
    expect(bad.body.error.details).toEqual({ mfaRequired: true });

    const code = codeAt(enrol.body.secret, 0);
    const ok = await login(server, m.tenant, {
      email: m.user.email,
      password: PASSWORD,
      totp: code,
    }).expect(200);
    const me = await request(server.url)
      .get('/api/v1/auth/me')
      .set('Host', hostOf(m.tenant))
      .set('Authorization', `Bearer ${ok.body.accessToken}`)
      .expect(200);
    expect(me.body.mfaEnabled).toBe(true);

    // Replaying the accepted code — or an older one — fails.
    const replay = await login(server, m.tenant, {
      email: m.user.email,
      password: PASSWORD,
      totp: code,
    }).expect(401);
    expect(replay.body.error.details).toEqual({ mfaRequired: true });
    await login(server, m.tenant, {
      email: m.user.email,
      password: PASSWORD,
      totp: codeAt(enrol.body.secret, -1),
    }).expect(401);

    expect(await auditActions(ds(), m.tenant.id)).toEqual(
      expect.arrayContaining(['user.mfa_enrolment_started', 'user.mfa_enabled']),
    );
  });

  it('accepts each recovery code once at login, and a wrong password still fails first', async () => {
    const m = await member(ds());
    const { accessToken } = await signIn(server, m);
    const { recoveryCodes } = await enableMfa(m, accessToken);
    const [first, second] = recoveryCodes as [string, string];

    await login(server, m.tenant, { email: m.user.email, password: 'wrong', totp: first }).expect(
      401,
    );
    await login(server, m.tenant, {
      email: m.user.email,
      password: PASSWORD,
      totp: first.toUpperCase(),
    }).expect(200);
    const again = await login(server, m.tenant, {
      email: m.user.email,
      password: PASSWORD,
      totp: first,
    }).expect(401);
    expect(again.body.error.details).toEqual({ mfaRequired: true });
    await login(server, m.tenant, { email: m.user.email, password: PASSWORD, totp: second }).expect(
      200,
    );
  });

  it('counts wrong second factors towards the lockout, but not a login that only lacks the code', async () => {
    const m = await member(ds());
    const { accessToken } = await signIn(server, m);
    await enableMfa(m, accessToken);
    for (let i = 0; i < 6; i += 1) {
      await login(server, m.tenant, { email: m.user.email, password: PASSWORD }).expect(401);
    }
    expect((await userRow(m)).failedLogins).toBe(0);
    for (let i = 0; i < 5; i += 1) {
      await login(server, m.tenant, {
        email: m.user.email,
        password: PASSWORD,
        totp: 'aaaa-bbbb-cccc',
      }).expect(401);
    }
    const locked = await login(server, m.tenant, {
      email: m.user.email,
      password: PASSWORD,
    }).expect(429);
    expect(locked.headers['retry-after']).toBeDefined();
  });

  it('regenerates recovery codes (old ones stop working) and disables TOTP with a code', async () => {
    const m = await member(ds());
    const { accessToken } = await signIn(server, m);
    const { secret, recoveryCodes } = await enableMfa(m, accessToken);

    const regen = await post(m, accessToken, '/recovery-codes', { code: codeAt(secret, 0) }).expect(
      200,
    );
    expect(regen.body.recoveryCodes).toHaveLength(10);
    expect(regen.body.recoveryCodes).not.toContain(recoveryCodes[0]);
    await login(server, m.tenant, {
      email: m.user.email,
      password: PASSWORD,
      totp: recoveryCodes[0],
    }).expect(401);

    const wrong = await post(m, accessToken, '/totp/disable', { code: recoveryCodes[1] }).expect(
      400,
    );
    expect(wrong.body.error.details).toEqual({ reason: 'invalid_code' });
    await post(m, accessToken, '/totp/disable', { code: regen.body.recoveryCodes[0] }).expect(204);
    const row = await userRow(m);
    expect(row).toMatchObject({
      totpSecretEncrypted: null,
      totpEnabledAt: null,
      totpPendingEncrypted: null,
    });
    await login(server, m.tenant, { email: m.user.email, password: PASSWORD }).expect(200);
    const remaining = await withGlobal(ds(), (tx) =>
      tx.query(`SELECT count(*)::int AS n FROM user_recovery_codes WHERE user_id = $1`, [
        m.user.id,
      ]),
    );
    expect(remaining).toEqual([{ n: 0 }]);
    expect(await auditActions(ds(), m.tenant.id)).toEqual(
      expect.arrayContaining(['user.recovery_codes_regenerated', 'user.mfa_disabled']),
    );
  });

  it('answers state conflicts with 409 and bad input with 400', async () => {
    const m = await member(ds());
    const { accessToken } = await signIn(server, m);
    expect(
      (await post(m, accessToken, '/totp/verify', { code: '123456' }).expect(409)).body.error.code,
    ).toBe('conflict');
    expect(
      (await post(m, accessToken, '/totp/disable', { code: '123456' }).expect(409)).body.error.code,
    ).toBe('conflict');
    await post(m, accessToken, '/recovery-codes', { code: '123456' }).expect(409);
    // A refused state is not a guess.
    expect((await userRow(m)).failedLogins).toBe(0);

    await enableMfa(m, accessToken);
    await post(m, accessToken, '/totp/enrol').expect(409);
    for (const body of [{}, { code: 123456 }, { code: '' }, { code: '123456', extra: 1 }]) {
      const res = await post(m, accessToken, '/totp/disable', body).expect(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    await post(m, accessToken, '/totp/enrol', { secret: 'mine' }).expect(400);
  });

  it('needs a member session: anonymous 401, an access token of another tenant 403', async () => {
    const a = await member(ds());
    const b = await member(ds());
    const bTokens = await signIn(server, b);
    await request(server.url)
      .post('/api/v1/auth/mfa/totp/enrol')
      .set('Host', hostOf(a.tenant))
      .expect(401);
    await post(a, bTokens.accessToken, '/totp/enrol').expect(403);
    await request(server.url)
      .post('/api/v1/auth/mfa/totp/enrol')
      .set('X-Folio-Tenant', a.tenant.slug)
      .set('Authorization', `Bearer ${bTokens.accessToken}`)
      .expect(403);
    expect((await userRow(b)).totpPendingEncrypted).toBeNull();
  });
});
