import request from 'supertest';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { startTestServer, type TestServer } from '../../../test/test-server.js';
import { BUILT_IN_ROLE_PERMISSIONS } from '../../access/index.js';
import { as, auditEntries, hostOf, signedInMember, type SignedIn } from './flows-support.js';

describe('roles', () => {
  let server: TestServer;
  let owner: SignedIn;

  beforeAll(async () => {
    server = await startTestServer({ label: 'roles' });
  });
  beforeEach(async () => {
    owner = await signedInMember(server, { role: 'owner' });
  });
  afterAll(async () => {
    await server?.close();
  });

  const createRole = (who: SignedIn, body: Record<string, unknown>) =>
    as(server, who).post('/api/v1/roles').send(body);

  it('lists the built-in roles with their catalogue permissions to any member, page by page', async () => {
    const viewer = await signedInMember(server, { tenant: owner.tenant, role: 'viewer' });
    const res = await as(server, viewer).get('/api/v1/roles').expect(200);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.items.map((r: { key: string }) => r.key)).toEqual([
      'admin',
      'editor',
      'owner',
      'reviewer',
      'viewer',
    ]);
    const admin = res.body.items.find((r: { key: string }) => r.key === 'admin');
    expect(admin).toEqual(
      expect.objectContaining({
        name: 'Admin',
        isBuiltin: true,
        permissions: [...BUILT_IN_ROLE_PERMISSIONS.admin],
        memberCount: 0,
      }),
    );
    expect(res.body.items.find((r: { key: string }) => r.key === 'owner').memberCount).toBe(1);
    const first = await as(server, viewer).get('/api/v1/roles?limit=2').expect(200);
    expect(first.body.items.map((r: { key: string }) => r.key)).toEqual(['admin', 'editor']);
    const second = await as(server, viewer)
      .get(`/api/v1/roles?limit=2&cursor=${first.body.nextCursor}`)
      .expect(200);
    expect(second.body.items.map((r: { key: string }) => r.key)).toEqual(['owner', 'reviewer']);
  });

  it('creates a custom role whose permissions apply to its members at once', async () => {
    const res = await createRole(owner, {
      key: 'recruiter',
      name: 'Recruiter',
      permissions: ['members.read', 'invitations.manage', 'members.read', 'documents.read'],
    }).expect(201);
    expect(res.body.role).toEqual(
      expect.objectContaining({
        key: 'recruiter',
        name: 'Recruiter',
        isBuiltin: false,
        permissions: ['documents.read', 'members.read', 'invitations.manage'],
        memberCount: 0,
      }),
    );
    const recruiter = await signedInMember(server, { tenant: owner.tenant, role: 'recruiter' });
    await as(server, recruiter).get('/api/v1/invitations').expect(200);
    await as(server, recruiter)
      .post('/api/v1/roles')
      .send({ key: 'x1', name: 'X', permissions: [] })
      .expect(403);
    const audit = await auditEntries(server.node.dataSource, owner.tenant.id);
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'role.created',
        target_id: 'recruiter',
        after: {
          key: 'recruiter',
          name: 'Recruiter',
          permissions: ['documents.read', 'members.read', 'invitations.manage'],
        },
      }),
    ]);
  });

  it('keeps built-in roles read-only and their keys unavailable', async () => {
    const patch = await as(server, owner)
      .patch('/api/v1/roles/admin')
      .send({ name: 'Boss' })
      .expect(403);
    expect(patch.body.error.details).toEqual({ reason: 'built_in_role' });
    await as(server, owner).delete('/api/v1/roles/viewer').expect(403);
    const taken = await createRole(owner, { key: 'editor', name: 'Mine', permissions: [] }).expect(
      409,
    );
    expect(taken.body.error.details.reason).toBe('role_exists');
    await createRole(owner, { key: 'custom-1', name: 'One', permissions: [] }).expect(201);
    await createRole(owner, { key: 'custom-1', name: 'Again', permissions: [] }).expect(409);
  });

  it('refuses to create or edit a role granting permissions the actor does not hold', async () => {
    const admin = await signedInMember(server, { tenant: owner.tenant, role: 'admin' });
    const escalate = await createRole(admin, {
      key: 'deleter',
      name: 'Deleter',
      permissions: ['tenant.delete'],
    }).expect(403);
    expect(escalate.body.error.details).toEqual({
      reason: 'permission_escalation',
      missing: ['tenant.delete'],
    });
    await createRole(owner, {
      key: 'deleter',
      name: 'Deleter',
      permissions: ['tenant.delete', 'documents.read'],
    }).expect(201);
    // Neither narrowing nor renaming a role above the admin is allowed.
    await as(server, admin)
      .patch('/api/v1/roles/deleter')
      .send({ permissions: ['documents.read'] })
      .expect(403);
    await as(server, admin).patch('/api/v1/roles/deleter').send({ name: 'Renamed' }).expect(403);
    await as(server, admin).delete('/api/v1/roles/deleter').expect(403);
    await createRole(admin, {
      key: 'helper',
      name: 'Helper',
      permissions: ['documents.read'],
    }).expect(201);
    const widen = await as(server, admin)
      .patch('/api/v1/roles/helper')
      .send({ permissions: ['documents.read', 'tenant.delete'] })
      .expect(403);
    expect(widen.body.error.details.missing).toEqual(['tenant.delete']);
    // A custom role holding roles.manage cannot mint a bigger role for itself.
    await createRole(owner, {
      key: 'role-admin',
      name: 'Role admin',
      permissions: ['roles.manage', 'members.read'],
    }).expect(201);
    const roleAdmin = await signedInMember(server, { tenant: owner.tenant, role: 'role-admin' });
    await createRole(roleAdmin, {
      key: 'bigger',
      name: 'Bigger',
      permissions: ['roles.manage', 'members.manage'],
    }).expect(403);
    await createRole(roleAdmin, {
      key: 'smaller',
      name: 'Smaller',
      permissions: ['members.read'],
    }).expect(201);
  });

  it('updates a custom role with before/after in the audit log', async () => {
    await createRole(owner, {
      key: 'writer',
      name: 'Writer',
      permissions: ['documents.read'],
    }).expect(201);
    const res = await as(server, owner)
      .patch('/api/v1/roles/writer')
      .send({ name: 'Writer+', permissions: ['documents.write', 'documents.read'] })
      .expect(200);
    expect(res.body.role).toEqual(
      expect.objectContaining({
        key: 'writer',
        name: 'Writer+',
        permissions: ['documents.read', 'documents.write'],
      }),
    );
    const audit = await auditEntries(server.node.dataSource, owner.tenant.id);
    expect(audit[1]).toEqual(
      expect.objectContaining({
        action: 'role.updated',
        before: { key: 'writer', name: 'Writer', permissions: ['documents.read'] },
        after: {
          key: 'writer',
          name: 'Writer+',
          permissions: ['documents.read', 'documents.write'],
        },
      }),
    );
  });

  it('refuses to delete a role in use by a member or a pending invitation, then deletes it', async () => {
    const ds = server.node.dataSource;
    await createRole(owner, { key: 'temp', name: 'Temp', permissions: ['documents.read'] }).expect(
      201,
    );
    const holder = await signedInMember(server, { tenant: owner.tenant, role: 'temp' });
    const used = await as(server, owner).delete('/api/v1/roles/temp').expect(409);
    expect(used.body.error.details).toEqual({
      reason: 'role_in_use',
      members: 1,
      pendingInvitations: 0,
    });
    await as(server, owner)
      .patch(`/api/v1/members/${holder.user.id}`)
      .send({ role: 'viewer' })
      .expect(200);
    const inv = await as(server, owner)
      .post('/api/v1/invitations')
      .send({ email: 'temp@example.test', role: 'temp' })
      .expect(201);
    const invited = await as(server, owner).delete('/api/v1/roles/temp').expect(409);
    expect(invited.body.error.details).toEqual({
      reason: 'role_in_use',
      members: 0,
      pendingInvitations: 1,
    });
    await as(server, owner).delete(`/api/v1/invitations/${inv.body.invitation.id}`).expect(200);
    await as(server, owner).delete('/api/v1/roles/temp').expect(204);
    await as(server, owner).delete('/api/v1/roles/temp').expect(404);
    const left = await withTenant(ds, owner.tenant.id, (tx) =>
      tx.query<unknown[]>(`SELECT 1 FROM roles WHERE tenant_id = $1 AND key = 'temp'`, [
        owner.tenant.id,
      ]),
    );
    expect(left).toHaveLength(0);
    const actions = (await auditEntries(ds, owner.tenant.id)).map((a) => a.action);
    expect(actions).toContain('role.deleted');
  });

  it('answers malformed keys, bodies and queries with stable 4xx codes', async () => {
    for (const key of ['A', 'Bad Key', 'x', '1abc', 'a'.repeat(41)]) {
      expect(
        (
          await as(server, owner)
            .patch(`/api/v1/roles/${encodeURIComponent(key)}`)
            .send({ name: 'n' })
            .expect(404)
        ).body.error.code,
      ).toBe('not_found');
      await as(server, owner)
        .delete(`/api/v1/roles/${encodeURIComponent(key)}`)
        .expect(404);
    }
    await as(server, owner).patch('/api/v1/roles/ghost').send({ name: 'n' }).expect(404);
    for (const body of [
      {},
      { key: 'ok-key', name: 'N' },
      { key: 'ok-key', name: 'N', permissions: ['documents.fly'] },
      { key: 'Not OK', name: 'N', permissions: [] },
      { key: 'ok-key', name: '', permissions: [] },
      { key: 'ok-key', name: 'N', permissions: 'documents.read' },
      { key: 'ok-key', name: 'N', permissions: [], isBuiltin: true },
    ]) {
      expect((await createRole(owner, body).expect(400)).body.error.code).toBe('validation_failed');
    }
    await createRole(owner, { key: 'ok-key', name: 'N', permissions: [] }).expect(201);
    for (const body of [{}, { permissions: ['nope'] }, { name: 'n', key: 'other' }]) {
      expect(
        (await as(server, owner).patch('/api/v1/roles/ok-key').send(body).expect(400)).body.error
          .code,
      ).toBe('validation_failed');
    }
    for (const q of ['limit=0', 'cursor=BAD', 'x=1']) {
      expect((await as(server, owner).get(`/api/v1/roles?${q}`).expect(400)).body.error.code).toBe(
        'validation_failed',
      );
    }
    await request(server.url).get('/api/v1/roles').set('Host', hostOf(owner.tenant)).expect(401);
    const editor = await signedInMember(server, { tenant: owner.tenant, role: 'editor' });
    expect(
      (await createRole(editor, { key: 'mine', name: 'M', permissions: [] }).expect(403)).body.error
        .details,
    ).toEqual({
      permission: 'roles.manage',
    });
  });
});
