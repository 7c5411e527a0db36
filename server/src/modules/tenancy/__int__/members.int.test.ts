import request from 'supertest';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { startTestServer, type TestServer } from '../../../test/test-server.js';
import {
  as,
  auditEntries,
  hostOf,
  roleOf,
  signedInMember,
  tokenFor,
  type SignedIn,
} from './flows-support.js';

describe('members', () => {
  let server: TestServer;
  let owner: SignedIn;

  beforeAll(async () => {
    server = await startTestServer({ label: 'members' });
  });
  beforeEach(async () => {
    owner = await signedInMember(server, { role: 'owner' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lists members oldest first, page by page, without secrets', async () => {
    const editor = await signedInMember(server, { tenant: owner.tenant, role: 'editor' });
    const viewer = await signedInMember(server, { tenant: owner.tenant, role: 'viewer' });
    const seen: { userId: string; role: string }[] = [];
    let cursor: string | null = null;
    do {
      const page: request.Response = await as(server, viewer)
        .get(`/api/v1/members?limit=1${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200);
      expect(page.body.items).toHaveLength(1);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.map((m) => [m.userId, m.role])).toEqual([
      [owner.user.id, 'owner'],
      [editor.user.id, 'editor'],
      [viewer.user.id, 'viewer'],
    ]);
    expect(seen[0]).toEqual({
      userId: owner.user.id,
      email: owner.user.email,
      displayName: owner.user.displayName,
      role: 'owner',
      joinedAt: expect.any(String),
    });
  });

  it('changes a role with an audit entry, effective on the member’s very next request', async () => {
    const editor = await signedInMember(server, { tenant: owner.tenant, role: 'editor' });
    await as(server, editor).get('/api/v1/invitations').expect(403);
    const res = await as(server, owner)
      .patch(`/api/v1/members/${editor.user.id}`)
      .send({ role: 'admin' })
      .expect(200);
    expect(res.body.member).toEqual(
      expect.objectContaining({ userId: editor.user.id, role: 'admin' }),
    );
    await as(server, editor).get('/api/v1/invitations').expect(200);
    const audit = await auditEntries(server.node.dataSource, owner.tenant.id);
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'member.role_changed',
        target_id: editor.user.id,
        actor_id: owner.user.id,
        before: expect.objectContaining({ role: 'editor' }),
        after: expect.objectContaining({ role: 'admin' }),
      }),
    ]);
    // Setting the same role again changes nothing and writes no audit entry.
    await as(server, owner)
      .patch(`/api/v1/members/${editor.user.id}`)
      .send({ role: 'admin' })
      .expect(200);
    expect(await auditEntries(server.node.dataSource, owner.tenant.id)).toHaveLength(1);
  });

  it('never demotes or removes the last owner, and lets a second owner step down', async () => {
    const ds = server.node.dataSource;
    const demote = await as(server, owner)
      .patch(`/api/v1/members/${owner.user.id}`)
      .send({ role: 'admin' })
      .expect(409);
    expect(demote.body.error).toEqual(
      expect.objectContaining({ code: 'conflict', details: { reason: 'last_owner' } }),
    );
    const leave = await as(server, owner).delete(`/api/v1/members/${owner.user.id}`).expect(409);
    expect(leave.body.error.details.reason).toBe('last_owner');
    const second = await signedInMember(server, { tenant: owner.tenant, role: 'admin' });
    await as(server, owner)
      .patch(`/api/v1/members/${second.user.id}`)
      .send({ role: 'owner' })
      .expect(200);
    await as(server, owner)
      .patch(`/api/v1/members/${owner.user.id}`)
      .send({ role: 'admin' })
      .expect(200);
    expect(await roleOf(ds, owner.tenant.id, owner.user.id)).toBe('admin');
    await as(server, second)
      .patch(`/api/v1/members/${second.user.id}`)
      .send({ role: 'admin' })
      .expect(409);
  });

  it('keeps the owner role for owners to grant and revoke, and roles above the actor out of reach', async () => {
    const admin = await signedInMember(server, { tenant: owner.tenant, role: 'admin' });
    const editor = await signedInMember(server, { tenant: owner.tenant, role: 'editor' });
    const grant = await as(server, admin)
      .patch(`/api/v1/members/${editor.user.id}`)
      .send({ role: 'owner' })
      .expect(403);
    expect(grant.body.error.details.reason).toBe('owner_only');
    const revoke = await as(server, admin)
      .patch(`/api/v1/members/${owner.user.id}`)
      .send({ role: 'viewer' })
      .expect(403);
    expect(revoke.body.error.details.reason).toBe('owner_only');
    await as(server, admin).delete(`/api/v1/members/${owner.user.id}`).expect(403);
    await as(server, admin)
      .patch(`/api/v1/members/${editor.user.id}`)
      .send({ role: 'reviewer' })
      .expect(200);
    const viewer = await signedInMember(server, { tenant: owner.tenant, role: 'viewer' });
    const denied = await as(server, viewer)
      .patch(`/api/v1/members/${editor.user.id}`)
      .send({ role: 'viewer' })
      .expect(403);
    expect(denied.body.error.details).toEqual({ permission: 'members.manage' });
    await as(server, viewer).delete(`/api/v1/members/${editor.user.id}`).expect(403);
    expect(await roleOf(server.node.dataSource, owner.tenant.id, owner.user.id)).toBe('owner');
  });

  it('removal deletes the membership and revokes the member’s sessions there: their token fails next', async () => {
    const ds = server.node.dataSource;
    const editor = await signedInMember(server, { tenant: owner.tenant, role: 'editor' });
    const secondSession = await tokenFor(server, owner.tenant.id, editor.user.id);
    // The same person in another tenant keeps that membership and session.
    const elsewhere = await signedInMember(server, { role: 'viewer' });
    await withTenant(ds, elsewhere.tenant.id, (tx) =>
      tx.query(`INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'viewer')`, [
        elsewhere.tenant.id,
        editor.user.id,
      ]),
    );
    const elsewhereToken = await tokenFor(server, elsewhere.tenant.id, editor.user.id);

    await as(server, editor).get('/api/v1/members').expect(200);
    await as(server, owner).delete(`/api/v1/members/${editor.user.id}`).expect(204);

    const after = await as(server, editor).get('/api/v1/members').expect(401);
    expect(after.body.error.code).toBe('unauthenticated');
    await request(server.url)
      .get('/api/v1/members')
      .set('Host', hostOf(owner.tenant))
      .set('Authorization', `Bearer ${secondSession}`)
      .expect(401);
    const families = await withTenant(ds, owner.tenant.id, (tx) =>
      tx.query<{ revoked_reason: string | null }[]>(
        `SELECT revoked_reason FROM refresh_token_families WHERE tenant_id = $1 AND user_id = $2`,
        [owner.tenant.id, editor.user.id],
      ),
    );
    expect(families).toEqual([
      { revoked_reason: 'member_removed' },
      { revoked_reason: 'member_removed' },
    ]);
    expect(await roleOf(ds, owner.tenant.id, editor.user.id)).toBeNull();
    await request(server.url)
      .get('/api/v1/members')
      .set('Host', hostOf(elsewhere.tenant))
      .set('Authorization', `Bearer ${elsewhereToken}`)
      .expect(200);
    const audit = await auditEntries(ds, owner.tenant.id);
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'member.removed',
        target_id: editor.user.id,
        before: expect.objectContaining({ role: 'editor', email: editor.user.email }),
        after: { revokedSessions: 2 },
      }),
    ]);
    await as(server, owner).delete(`/api/v1/members/${editor.user.id}`).expect(404);
  });

  it('lets a member without members.manage leave on their own', async () => {
    const viewer = await signedInMember(server, { tenant: owner.tenant, role: 'viewer' });
    await as(server, viewer).delete(`/api/v1/members/${viewer.user.id}`).expect(204);
    await as(server, viewer).get('/api/v1/members').expect(401);
    const audit = await auditEntries(server.node.dataSource, owner.tenant.id);
    expect(audit.map((a) => [a.action, a.actor_id])).toEqual([['member.left', viewer.user.id]]);
  });

  it('answers malformed ids, bodies and queries with stable 4xx codes', async () => {
    const editor = await signedInMember(server, { tenant: owner.tenant, role: 'editor' });
    for (const id of ['nope', '1', `${editor.user.id}0`]) {
      const patch = await as(server, owner)
        .patch(`/api/v1/members/${id}`)
        .send({ role: 'viewer' })
        .expect(404);
      expect(patch.body.error.code).toBe('not_found');
      await as(server, owner).delete(`/api/v1/members/${id}`).expect(404);
    }
    await as(server, owner)
      .patch(`/api/v1/members/${crypto.randomUUID()}`)
      .send({ role: 'viewer' })
      .expect(404);
    for (const body of [{}, { role: 'Viewer!' }, { role: 'viewer', extra: 1 }, { role: 42 }]) {
      const res = await as(server, owner)
        .patch(`/api/v1/members/${editor.user.id}`)
        .send(body)
        .expect(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    const unknown = await as(server, owner)
      .patch(`/api/v1/members/${editor.user.id}`)
      .send({ role: 'ghost' })
      .expect(400);
    expect(unknown.body.error.details).toEqual([expect.objectContaining({ path: 'body.role' })]);
    for (const q of ['limit=0', 'limit=1000', 'cursor=abc', 'foo=bar']) {
      expect(
        (await as(server, owner).get(`/api/v1/members?${q}`).expect(400)).body.error.code,
      ).toBe('validation_failed');
    }
    await request(server.url).get('/api/v1/members').set('Host', hostOf(owner.tenant)).expect(401);
    expect(await roleOf(server.node.dataSource, owner.tenant.id, editor.user.id)).toBe('editor');
  });
});
