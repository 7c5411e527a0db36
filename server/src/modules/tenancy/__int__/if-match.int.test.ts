/** ETag / If-Match on the tenant, its members and its roles (see platform/http/etag.ts). */
import { checkIfMatch } from '../../../platform/http/__int__/if-match-check.js';
import { memberOf, type TestMember } from '../../../test/workflow-support.js';
import { startTestServer, type TestServer } from '../../../test/test-server.js';

describe('If-Match on tenant administration', () => {
  let server: TestServer;
  let owner: TestMember;
  let admin: TestMember;

  beforeAll(async () => {
    server = await startTestServer({ label: 'tenancy-if-match' });
    owner = await memberOf(server, 'owner');
    admin = await memberOf(server, 'admin', owner.tenant);
  }, 30_000);
  afterAll(async () => {
    await server?.close();
  });

  it('PATCH /tenant: stale refused with the current tenant, fresh and missing accepted', async () => {
    let n = 0;
    const accepted = await checkIfMatch({
      read: () => owner.get('/api/v1/tenant'),
      pick: (body) => body,
      change: (ifMatch) => {
        const req = owner.patch('/api/v1/tenant', { name: `Renamed ${(n += 1)}` });
        return ifMatch ? req.set('If-Match', ifMatch) : req;
      },
      interfere: () =>
        admin.patch('/api/v1/tenant', {
          settings: { supportContact: { email: 'help@example.test' } },
        }),
    });
    // The first attempt (stale) was refused; the second applied.
    expect(accepted.body.name).toBe('Renamed 2');
    expect(accepted.body.settings.supportContact).toEqual({ email: 'help@example.test' });
  });

  it('PATCH and DELETE /members/:userId honour If-Match', async () => {
    const member = await memberOf(server, 'viewer', owner.tenant);
    const path = `/api/v1/members/${member.userId}`;
    const accepted = await checkIfMatch({
      read: () => owner.get(path),
      pick: (body) => body.member,
      change: (ifMatch) => {
        const req = owner.patch(path, { role: 'reviewer' });
        return ifMatch ? req.set('If-Match', ifMatch) : req;
      },
      interfere: () => admin.patch(path, { role: 'editor' }),
    });
    expect(accepted.body.member.role).toBe('reviewer');

    const read = await owner.get(path).expect(200);
    await admin.patch(path, { role: 'viewer' }).expect(200);
    const refused = await owner.delete(path).set('If-Match', read.headers.etag as string);
    expect(refused.status).toBe(412);
    expect(refused.body.error.details.current).toMatchObject({ role: 'viewer' });
    await owner.get(path).expect(200);
    const fresh = await owner.get(path).expect(200);
    await owner
      .delete(path)
      .set('If-Match', fresh.headers.etag as string)
      .expect(204);
    await owner.get(path).expect(404);
  });

  it('PATCH and DELETE /roles/:key honour If-Match', async () => {
    await owner
      .post('/api/v1/roles', { key: 'writer', name: 'Writer', permissions: ['documents.read'] })
      .expect(201);
    const path = '/api/v1/roles/writer';
    const accepted = await checkIfMatch({
      read: () => owner.get(path),
      pick: (body) => {
        const { memberCount: _count, ...role } = body.role as Record<string, unknown>;
        return role;
      },
      change: (ifMatch) => {
        const req = owner.patch(path, { name: 'Author' });
        return ifMatch ? req.set('If-Match', ifMatch) : req;
      },
      interfere: () => admin.patch(path, { permissions: ['documents.read', 'documents.comment'] }),
    });
    expect(accepted.body.role).toMatchObject({
      name: 'Author',
      permissions: expect.arrayContaining(['documents.comment', 'documents.read']),
    });
    const read = await owner.get(path).expect(200);
    expect(read.body.role.memberCount).toBe(0);
    await admin.patch(path, { name: 'Scribe' }).expect(200);
    await owner
      .delete(path)
      .set('If-Match', read.headers.etag as string)
      .expect(412);
    await owner.get(path).expect(200);
    const fresh = await owner.get(path).expect(200);
    await owner
      .delete(path)
      .set('If-Match', fresh.headers.etag as string)
      .expect(204);
    await owner.get(path).expect(404);
  });
});
