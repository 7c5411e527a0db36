import request from 'supertest';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { startTestServer, type TestServer } from '../../../test/test-server.js';
import { apiKeyFor, as, hostOf, roleOf, signedInMember, type SignedIn } from './flows-support.js';

type Method = 'get' | 'post' | 'patch' | 'delete';
interface Call {
  name: string;
  method: Method;
  path: string;
  body?: Record<string, unknown>;
}

/**
 * Tenant B's credentials against tenant A's resources for every endpoint of the tenancy flows:
 * by id (B's own host: A's ids do not exist there), by A's host and by an X-Folio-Tenant header
 * naming A (the token belongs to another tenant). Always 403/404, never a byte of A's data, and
 * A's rows unchanged afterwards.
 */
describe('tenancy flows: cross-tenant matrix', () => {
  let server: TestServer;
  let a: SignedIn;
  let aEditor: SignedIn;
  let b: SignedIn;
  let invitationId: string;
  let invitationToken: string;
  let secrets: string[];

  beforeAll(async () => {
    server = await startTestServer({ label: 'cross_tenant' });
    a = await signedInMember(server, { role: 'owner' });
    aEditor = await signedInMember(server, { tenant: a.tenant, role: 'editor' });
    b = await signedInMember(server, { role: 'owner' });
    await as(server, a)
      .post('/api/v1/roles')
      .send({ key: 'a-secret-role', name: 'A secret role', permissions: ['documents.read'] })
      .expect(201);
    const inv = await as(server, a)
      .post('/api/v1/invitations')
      .send({ email: 'a-invitee@example.test', role: 'viewer' })
      .expect(201);
    invitationId = inv.body.invitation.id;
    invitationToken = inv.body.token;
    secrets = [
      a.tenant.id,
      a.user.id,
      a.user.email,
      aEditor.user.id,
      aEditor.user.email,
      invitationId,
      'a-invitee',
      'A secret role',
    ];
  });
  afterAll(async () => {
    await server?.close();
  });

  let round = 0;
  const calls = (): Call[] => {
    round += 1;
    return [
      { name: 'list members', method: 'get', path: '/api/v1/members' },
      {
        name: 'change member role',
        method: 'patch',
        path: `/api/v1/members/${aEditor.user.id}`,
        body: { role: 'viewer' },
      },
      { name: 'remove member', method: 'delete', path: `/api/v1/members/${aEditor.user.id}` },
      { name: 'list invitations', method: 'get', path: '/api/v1/invitations' },
      {
        name: 'create invitation',
        method: 'post',
        path: '/api/v1/invitations',
        body: { email: `x${round}@example.test`, role: 'viewer' },
      },
      {
        name: 'resend invitation',
        method: 'post',
        path: `/api/v1/invitations/${invitationId}/resend`,
      },
      { name: 'revoke invitation', method: 'delete', path: `/api/v1/invitations/${invitationId}` },
      { name: 'list roles', method: 'get', path: '/api/v1/roles' },
      {
        name: 'create role',
        method: 'post',
        path: '/api/v1/roles',
        body: { key: `b-made-${round}`, name: 'B', permissions: [] },
      },
      {
        name: 'update role',
        method: 'patch',
        path: '/api/v1/roles/a-secret-role',
        body: { name: 'Pwned' },
      },
      { name: 'delete role', method: 'delete', path: '/api/v1/roles/a-secret-role' },
      { name: 'tenant switcher', method: 'get', path: '/api/v1/auth/tenants' },
    ];
  };

  const send = (call: Call, headers: Record<string, string>) => {
    let test = request(server.url)[call.method](call.path);
    for (const [k, v] of Object.entries(headers)) test = test.set(k, v);
    return call.body ? test.send(call.body) : test;
  };

  const expectNoLeak = (res: request.Response) => {
    const text = JSON.stringify(res.body);
    for (const secret of secrets) expect(text).not.toContain(secret);
  };

  it.each(['host', 'header'] as const)(
    'B’s token naming tenant A by %s is refused with 403 everywhere',
    async (via) => {
      for (const call of calls()) {
        const headers: Record<string, string> = { Authorization: `Bearer ${b.token}` };
        if (via === 'host') headers.Host = hostOf(a.tenant);
        else headers['X-Folio-Tenant'] = a.tenant.slug;
        const res = await send(call, headers);
        expect({ call: call.name, status: res.status, code: res.body.error?.code }).toEqual({
          call: call.name,
          status: 403,
          code: 'forbidden',
        });
        expectNoLeak(res);
      }
    },
  );

  it('B’s API key naming tenant A by host is refused with 403 everywhere', async () => {
    const key = await apiKeyFor(server, b.tenant.id, [
      'members.read',
      'members.manage',
      'invitations.manage',
    ]);
    for (const call of calls()) {
      const res = await send(call, { Authorization: `Bearer ${key}`, Host: hostOf(a.tenant) });
      expect({ call: call.name, status: res.status }).toEqual({ call: call.name, status: 403 });
      expectNoLeak(res);
    }
  });

  it.each(['B’s host', 'the bare host'] as const)(
    'B’s token with A’s ids on %s finds nothing (404) and lists only B’s data',
    async (where) => {
      for (const call of calls()) {
        const headers: Record<string, string> = { Authorization: `Bearer ${b.token}` };
        if (where === 'B’s host') headers.Host = hostOf(b.tenant);
        const res = await send(call, headers);
        expectNoLeak(res);
        if (
          call.path.includes(aEditor.user.id) ||
          call.path.includes(invitationId) ||
          call.path.includes('a-secret-role')
        ) {
          expect({ call: call.name, status: res.status, code: res.body.error?.code }).toEqual({
            call: call.name,
            status: 404,
            code: 'not_found',
          });
        } else {
          expect({ call: call.name, status: res.status }).toEqual({
            call: call.name,
            status: call.method === 'post' ? 201 : 200,
          });
        }
      }
    },
  );

  it('the A invitation token cannot be accepted through B’s host or header', async () => {
    const namings: Record<string, string>[] = [
      { Host: hostOf(b.tenant) },
      { 'X-Folio-Tenant': b.tenant.slug },
    ];
    for (const headers of namings) {
      const res = await send(
        {
          name: 'accept',
          method: 'post',
          path: '/api/v1/invitations/accept',
          body: { token: invitationToken, password: 'correct horse battery staple' },
        },
        headers,
      );
      expect(res.status).toBe(404);
      expectNoLeak(res);
    }
  });

  it('left tenant A exactly as it was', async () => {
    const ds = server.node.dataSource;
    expect(await roleOf(ds, a.tenant.id, aEditor.user.id)).toBe('editor');
    const [invitation] = await withTenant(ds, a.tenant.id, (tx) =>
      tx.query<{ revoked_at: Date | null; accepted_at: Date | null }[]>(
        `SELECT revoked_at, accepted_at FROM invitations WHERE tenant_id = $1 AND id = $2`,
        [a.tenant.id, invitationId],
      ),
    );
    expect(invitation).toEqual({ revoked_at: null, accepted_at: null });
    const roles = await withTenant(ds, a.tenant.id, (tx) =>
      tx.query<{ key: string; name: string }[]>(
        `SELECT key, name FROM roles WHERE tenant_id = $1 AND NOT is_builtin`,
        [a.tenant.id],
      ),
    );
    expect(roles).toEqual([{ key: 'a-secret-role', name: 'A secret role' }]);
    const audit = await withTenant(ds, a.tenant.id, (tx) =>
      tx.query<{ action: string }[]>(
        `SELECT action FROM audit_log WHERE tenant_id = $1 ORDER BY id`,
        [a.tenant.id],
      ),
    );
    expect(audit.map((r) => r.action)).toEqual(['role.created', 'invitation.created']);
    // The invitation still works for its own tenant.
    await request(server.url)
      .post('/api/v1/invitations/accept')
      .set('Host', hostOf(a.tenant))
      .send({ token: invitationToken, password: 'correct horse battery staple' })
      .expect(201);
  });
});
