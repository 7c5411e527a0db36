import request from 'supertest';
import { digest } from '../../../platform/crypto/secret-box.js';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { createMember, createUser } from '../../../test/factories.js';
import { startTestServer, type TestServer } from '../../../test/test-server.js';
import {
  apiKeyFor,
  as,
  auditEntries,
  hostOf,
  PASSWORD,
  roleOf,
  signedInMember,
  type SignedIn,
} from './flows-support.js';

describe('invitations', () => {
  let server: TestServer;
  let owner: SignedIn;
  let n = 0;
  const email = () => `invitee-${process.pid}-${++n}@example.test`;
  const accept = (body: unknown) =>
    request(server.url)
      .post('/api/v1/invitations/accept')
      .send(body as object);
  const invite = (who: SignedIn, body: { email: string; role: string }) =>
    as(server, who).post('/api/v1/invitations').send(body);

  beforeAll(async () => {
    server = await startTestServer({ label: 'invitations' });
  });
  beforeEach(async () => {
    owner = await signedInMember(server, { role: 'owner' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('creates an invitation with a one-time link whose secret is stored only as a digest', async () => {
    const to = email();
    const res = await invite(owner, { email: to.toUpperCase(), role: 'editor' }).expect(201);
    expect(res.body).toEqual({
      invitation: expect.objectContaining({
        id: expect.any(String),
        email: to,
        role: 'editor',
        status: 'pending',
        invitedBy: owner.user.id,
      }),
      token: expect.stringMatching(
        new RegExp(`^inv\\.${owner.tenant.id}\\.${res.body.invitation.id}\\.`),
      ),
      acceptUrl: `http://${hostOf(owner.tenant)}/accept-invitation#token=${encodeURIComponent(res.body.token)}`,
    });
    const expires = new Date(res.body.invitation.expiresAt).getTime();
    expect(expires - Date.now()).toBeGreaterThan(6.9 * 24 * 3600 * 1000);
    const ds = server.node.dataSource;
    const [row] = await withTenant(ds, owner.tenant.id, (tx) =>
      tx.query<{ token_hash: string }[]>(`SELECT token_hash FROM invitations WHERE id = $1`, [
        res.body.invitation.id,
      ]),
    );
    const secret = (res.body.token as string).split('.')[3]!;
    expect(row!.token_hash).toBe(digest(secret));
    const audit = await auditEntries(ds, owner.tenant.id);
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'invitation.created',
        actor_id: owner.user.id,
        after: expect.objectContaining({ email: to, role: 'editor', linkIssued: true }),
      }),
    ]);
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it('lists invitations newest first with a working cursor and a status filter', async () => {
    const sent = [];
    for (let i = 0; i < 3; i += 1) {
      sent.push(
        (await invite(owner, { email: email(), role: 'viewer' }).expect(201)).body.invitation.id,
      );
    }
    await as(server, owner).delete(`/api/v1/invitations/${sent[0]}`).expect(200);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: request.Response = await as(server, owner)
        .get(`/api/v1/invitations?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200);
      seen.push(...page.body.items.map((i: { id: string }) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...sent].reverse());
    const pending = await as(server, owner).get('/api/v1/invitations?status=pending').expect(200);
    expect(pending.body.items.map((i: { id: string }) => i.id)).toEqual([sent[2], sent[1]]);
    const revoked = await as(server, owner).get('/api/v1/invitations?status=revoked').expect(200);
    expect(revoked.body.items).toEqual([
      expect.objectContaining({ id: sent[0], status: 'revoked' }),
    ]);
    expect(JSON.stringify(pending.body)).not.toMatch(/token/i);
  });

  it('resend issues a new token with a new expiry and the old token stops working', async () => {
    const created = (await invite(owner, { email: email(), role: 'editor' }).expect(201)).body;
    // Make the current expiry visibly older so the new one must differ.
    await withTenant(server.node.dataSource, owner.tenant.id, (tx) =>
      tx.query(`UPDATE invitations SET expires_at = now() + interval '1 day' WHERE id = $1`, [
        created.invitation.id,
      ]),
    );
    const resent = (
      await as(server, owner)
        .post(`/api/v1/invitations/${created.invitation.id}/resend`)
        .expect(200)
    ).body;
    expect(resent.token).not.toBe(created.token);
    expect(resent.acceptUrl).toContain(encodeURIComponent(resent.token));
    expect(new Date(resent.invitation.expiresAt).getTime()).toBeGreaterThan(
      Date.now() + 6 * 24 * 3600 * 1000,
    );
    const old = await accept({ token: created.token, password: PASSWORD }).expect(404);
    expect(old.body.error.code).toBe('not_found');
    await accept({ token: resent.token, password: PASSWORD }).expect(201);
    const actions = (await auditEntries(server.node.dataSource, owner.tenant.id)).map(
      (a) => a.action,
    );
    expect(actions).toEqual([
      'invitation.created',
      'invitation.resent',
      'invitation.accepted',
      'member.added',
      'session.created',
    ]);
  });

  it('revoke makes the link fail with 409, is idempotent, and cannot undo an acceptance', async () => {
    const created = (await invite(owner, { email: email(), role: 'editor' }).expect(201)).body;
    const revoked = await as(server, owner)
      .delete(`/api/v1/invitations/${created.invitation.id}`)
      .expect(200);
    expect(revoked.body.invitation.status).toBe('revoked');
    await as(server, owner).delete(`/api/v1/invitations/${created.invitation.id}`).expect(200);
    const res = await accept({ token: created.token, password: PASSWORD }).expect(409);
    expect(res.body.error).toEqual(
      expect.objectContaining({ code: 'conflict', details: { reason: 'invitation_revoked' } }),
    );
    const resend = await as(server, owner)
      .post(`/api/v1/invitations/${created.invitation.id}/resend`)
      .expect(409);
    expect(resend.body.error.details.reason).toBe('invitation_revoked');

    const other = (await invite(owner, { email: email(), role: 'viewer' }).expect(201)).body;
    await accept({ token: other.token, password: PASSWORD }).expect(201);
    const late = await as(server, owner)
      .delete(`/api/v1/invitations/${other.invitation.id}`)
      .expect(409);
    expect(late.body.error.details.reason).toBe('invitation_accepted');
  });

  it('accepting as a new user creates the account with the password and returns a working session', async () => {
    const to = email();
    const { token, invitation } = (await invite(owner, { email: to, role: 'editor' }).expect(201))
      .body;
    expect((await accept({ token }).expect(400)).body.error.code).toBe('validation_failed');
    expect((await accept({ token, password: 'too-short' }).expect(400)).body.error.code).toBe(
      'validation_failed',
    );
    const res = await accept({ token, password: PASSWORD, displayName: 'New Person' }).expect(201);
    expect(res.body).toEqual({
      tenant: expect.objectContaining({
        id: owner.tenant.id,
        slug: owner.tenant.slug,
        url: `http://${hostOf(owner.tenant)}`,
      }),
      user: { id: expect.any(String), email: to, displayName: 'New Person' },
      role: 'editor',
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresIn: expect.any(Number),
    });
    const members = await request(server.url)
      .get('/api/v1/members')
      .set('Host', hostOf(owner.tenant))
      .set('Authorization', `Bearer ${res.body.accessToken}`)
      .expect(200);
    expect(members.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ email: to, role: 'editor' })]),
    );
    const list = await as(server, owner).get('/api/v1/invitations').expect(200);
    expect(list.body.items.find((i: { id: string }) => i.id === invitation.id)).toEqual(
      expect.objectContaining({ status: 'accepted', acceptedBy: res.body.user.id }),
    );
    const again = await accept({ token, password: PASSWORD }).expect(409);
    expect(again.body.error.details.reason).toBe('invitation_accepted');
  });

  it('an existing user joins by password or by a session of their own, keeping their account', async () => {
    const ds = server.node.dataSource;
    const elsewhere = await createMember(ds, { role: 'viewer', password: 'old-pw-8c' });
    const first = (
      await invite(owner, { email: elsewhere.user.email, role: 'reviewer' }).expect(201)
    ).body;
    const wrong = await accept({ token: first.token, password: 'not the password' }).expect(401);
    expect(wrong.body.error.code).toBe('unauthenticated');
    const joined = await accept({ token: first.token, password: 'old-pw-8c' }).expect(201);
    expect(joined.body.user.id).toBe(elsewhere.user.id);
    expect(await roleOf(ds, owner.tenant.id, elsewhere.user.id)).toBe('reviewer');
    expect(await roleOf(ds, elsewhere.tenant.id, elsewhere.user.id)).toBe('viewer');

    // A session of the account (of another tenant, on the bare host) stands in for the password.
    const second = await signedInMember(server, { role: 'viewer' });
    const inv = (await invite(owner, { email: second.user.email, role: 'viewer' }).expect(201))
      .body;
    const viaSession = await request(server.url)
      .post('/api/v1/invitations/accept')
      .set('Authorization', `Bearer ${second.token}`)
      .send({ token: inv.token })
      .expect(201);
    expect(viaSession.body.user.id).toBe(second.user.id);
    expect(await roleOf(ds, owner.tenant.id, second.user.id)).toBe('viewer');
  });

  it('refuses a session of another account than the invited email (403) and joins nobody', async () => {
    const ds = server.node.dataSource;
    const invited = await createUser(ds, { password: PASSWORD });
    const intruder = await signedInMember(server, { role: 'viewer' });
    const { token } = (await invite(owner, { email: invited.email, role: 'editor' }).expect(201))
      .body;
    const res = await request(server.url)
      .post('/api/v1/invitations/accept')
      .set('Authorization', `Bearer ${intruder.token}`)
      .send({ token, password: PASSWORD })
      .expect(403);
    expect(res.body.error).toEqual(
      expect.objectContaining({ code: 'forbidden', details: { reason: 'email_mismatch' } }),
    );
    expect(await roleOf(ds, owner.tenant.id, intruder.user.id)).toBeNull();
    expect(await roleOf(ds, owner.tenant.id, invited.id)).toBeNull();
    // A new-user invitation cannot be taken over by a signed-in account either.
    const fresh = (await invite(owner, { email: email(), role: 'editor' }).expect(201)).body;
    await request(server.url)
      .post('/api/v1/invitations/accept')
      .set('Authorization', `Bearer ${intruder.token}`)
      .send({ token: fresh.token, password: PASSWORD })
      .expect(403);
  });

  it('an expired invitation answers 409 until it is resent', async () => {
    const { token, invitation } = (
      await invite(owner, { email: email(), role: 'editor' }).expect(201)
    ).body;
    await withTenant(server.node.dataSource, owner.tenant.id, (tx) =>
      tx.query(`UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = $1`, [
        invitation.id,
      ]),
    );
    const res = await accept({ token, password: PASSWORD }).expect(409);
    expect(res.body.error).toEqual(
      expect.objectContaining({ code: 'conflict', details: { reason: 'invitation_expired' } }),
    );
    const list = await as(server, owner).get('/api/v1/invitations?status=expired').expect(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([invitation.id]);
    const resent = await as(server, owner)
      .post(`/api/v1/invitations/${invitation.id}/resend`)
      .expect(200);
    await accept({ token: resent.body.token, password: PASSWORD }).expect(201);
  });

  it('replaces an expired open invitation for the same email, but not a pending one', async () => {
    const to = email();
    const first = (await invite(owner, { email: to, role: 'editor' }).expect(201)).body;
    const dup = await invite(owner, { email: to, role: 'viewer' }).expect(409);
    expect(dup.body.error.details).toEqual({
      reason: 'invitation_pending',
      invitationId: first.invitation.id,
    });
    await withTenant(server.node.dataSource, owner.tenant.id, (tx) =>
      tx.query(`UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = $1`, [
        first.invitation.id,
      ]),
    );
    const second = (await invite(owner, { email: to, role: 'viewer' }).expect(201)).body;
    expect(second.invitation.id).not.toBe(first.invitation.id);
    await accept({ token: first.token, password: PASSWORD }).expect(409);
  });

  it('refuses to invite a member, an unknown role, or past the plan’s member quota', async () => {
    const ds = server.node.dataSource;
    const member = await createMember(ds, { tenant: owner.tenant, role: 'viewer' });
    const already = await invite(owner, { email: member.user.email, role: 'editor' }).expect(409);
    expect(already.body.error.details.reason).toBe('already_member');
    const unknown = await invite(owner, { email: email(), role: 'nonexistent' }).expect(400);
    expect(unknown.body.error).toEqual(
      expect.objectContaining({
        code: 'validation_failed',
        details: [expect.objectContaining({ path: 'body.role' })],
      }),
    );
    // Free plan: 5 members. Two members now, so three pending invitations fill it.
    for (let i = 0; i < 3; i += 1)
      await invite(owner, { email: email(), role: 'viewer' }).expect(201);
    const full = await invite(owner, { email: email(), role: 'viewer' }).expect(409);
    expect(full.body.error.details).toEqual(
      expect.objectContaining({ reason: 'quota_exceeded', quota: 'members', limit: 5 }),
    );
  });

  it('lets nobody invite into a role above their own', async () => {
    const admin = await signedInMember(server, { tenant: owner.tenant, role: 'admin' });
    const ownerInvite = await invite(admin, { email: email(), role: 'owner' }).expect(403);
    expect(ownerInvite.body.error.details.reason).toBe('owner_only');
    await invite(admin, { email: email(), role: 'admin' }).expect(201);
    // A custom inviter role that may manage invitations but holds little else.
    await as(server, owner)
      .post('/api/v1/roles')
      .send({
        key: 'recruiter',
        name: 'Recruiter',
        permissions: ['invitations.manage', 'members.read', 'documents.read'],
      })
      .expect(201);
    const recruiter = await signedInMember(server, { tenant: owner.tenant, role: 'recruiter' });
    const escalate = await invite(recruiter, { email: email(), role: 'editor' }).expect(403);
    expect(escalate.body.error.details).toEqual(
      expect.objectContaining({
        reason: 'permission_escalation',
        missing: expect.arrayContaining(['documents.write']),
      }),
    );
    await invite(recruiter, { email: email(), role: 'viewer' }).expect(201);
    const editor = await signedInMember(server, { tenant: owner.tenant, role: 'editor' });
    const denied = await invite(editor, { email: email(), role: 'viewer' }).expect(403);
    expect(denied.body.error.details).toEqual({ permission: 'invitations.manage' });
    await as(server, editor).get('/api/v1/invitations').expect(403);
    await request(server.url)
      .get('/api/v1/invitations')
      .set('Host', hostOf(owner.tenant))
      .expect(401);
  });

  it('lets an API key with invitations.manage invite (never as owner); the switcher needs a person', async () => {
    const key = await apiKeyFor(server, owner.tenant.id, [
      'invitations.manage',
      'members.read',
      'documents.read',
    ]);
    const withKey = (test: request.Test) =>
      test.set('Host', hostOf(owner.tenant)).set('Authorization', `Bearer ${key}`);
    const created = await withKey(request(server.url).post('/api/v1/invitations'))
      .send({ email: email(), role: 'viewer' })
      .expect(201);
    expect(created.body.invitation.invitedBy).toBeNull();
    const asOwner = await withKey(request(server.url).post('/api/v1/invitations'))
      .send({ email: email(), role: 'owner' })
      .expect(403);
    expect(asOwner.body.error.details.reason).toBe('owner_only');
    await withKey(request(server.url).post('/api/v1/invitations'))
      .send({ email: email(), role: 'editor' })
      .expect(403);
    const switcher = await withKey(request(server.url).get('/api/v1/auth/tenants')).expect(403);
    expect(switcher.body.error.code).toBe('forbidden');
    const audit = await auditEntries(server.node.dataSource, owner.tenant.id);
    expect(audit[0]).toEqual(
      expect.objectContaining({ action: 'invitation.created', actor_id: expect.any(String) }),
    );
    expect(audit[0]!.actor_id).not.toBe(owner.user.id);
  });

  it('refuses to let anyone join a suspended tenant', async () => {
    const { token } = (await invite(owner, { email: email(), role: 'viewer' }).expect(201)).body;
    await withTenant(server.node.dataSource, owner.tenant.id, (tx) =>
      tx.query(`UPDATE tenants SET status = 'suspended' WHERE id = $1`, [owner.tenant.id]),
    );
    await server.node.resolver.invalidate(owner.tenant.id);
    const res = await accept({ token, password: PASSWORD }).expect(403);
    expect(res.body.error).toEqual(
      expect.objectContaining({ code: 'forbidden', details: { reason: 'tenant_suspended' } }),
    );
    const members = await withTenant(server.node.dataSource, owner.tenant.id, (tx) =>
      tx.query<unknown[]>(`SELECT 1 FROM memberships WHERE tenant_id = $1`, [owner.tenant.id]),
    );
    expect(members).toHaveLength(1);
  });

  it('answers malformed tokens, ids and bodies with stable 4xx codes', async () => {
    for (const token of [
      '',
      'garbage',
      `inv.${owner.tenant.id}.not-a-uuid.secret`,
      'inv.' + 'x'.repeat(290),
    ]) {
      const res = await accept({ token, password: PASSWORD });
      expect([400, 404]).toContain(res.status);
      expect(['validation_failed', 'not_found']).toContain(res.body.error.code);
    }
    const forged = `inv.${owner.tenant.id}.${crypto.randomUUID()}.${'A'.repeat(43)}`;
    expect((await accept({ token: forged, password: PASSWORD }).expect(404)).body.error.code).toBe(
      'not_found',
    );
    const real = (await invite(owner, { email: email(), role: 'viewer' }).expect(201)).body;
    const wrongSecret = real.token.replace(/\.[^.]+$/, `.${'B'.repeat(43)}`);
    await accept({ token: wrongSecret, password: PASSWORD }).expect(404);
    await accept({ token: real.token, password: PASSWORD, extra: true }).expect(400);
    await accept([]).expect(400);
    for (const id of ['nope', '123', `${crypto.randomUUID()}x`]) {
      expect(
        (await as(server, owner).post(`/api/v1/invitations/${id}/resend`).expect(404)).body.error
          .code,
      ).toBe('not_found');
      expect(
        (await as(server, owner).delete(`/api/v1/invitations/${id}`).expect(404)).body.error.code,
      ).toBe('not_found');
    }
    await as(server, owner).delete(`/api/v1/invitations/${crypto.randomUUID()}`).expect(404);
    for (const body of [
      {},
      { email: 'x' },
      { email: email(), role: 'Bad Role' },
      { email: email(), role: 'viewer', tenantId: owner.tenant.id },
    ]) {
      expect(
        (await invite(owner, body as { email: string; role: string }).expect(400)).body.error.code,
      ).toBe('validation_failed');
    }
    for (const q of [
      'limit=0',
      'limit=abc',
      'cursor=%%%',
      'cursor=bm9wZQ',
      'status=weird',
      'other=1',
    ]) {
      expect(
        (await as(server, owner).get(`/api/v1/invitations?${q}`).expect(400)).body.error.code,
      ).toBe('validation_failed');
    }
  });

  it('accepting on another tenant’s host or header is a 404 and joins nothing', async () => {
    const other = await signedInMember(server);
    const { token } = (await invite(owner, { email: email(), role: 'viewer' }).expect(201)).body;
    await request(server.url)
      .post('/api/v1/invitations/accept')
      .set('Host', hostOf(other.tenant))
      .send({ token, password: PASSWORD })
      .expect(404);
    await request(server.url)
      .post('/api/v1/invitations/accept')
      .set('X-Folio-Tenant', other.tenant.slug)
      .send({ token, password: PASSWORD })
      .expect(404);
    await request(server.url)
      .post('/api/v1/invitations/accept')
      .set('Host', hostOf(owner.tenant))
      .send({ token, password: PASSWORD })
      .expect(201);
  });
});
