import request from 'supertest';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { createMember, createTenant } from '../../../test/factories.js';
import { startTestServer, type TestServer } from '../../../test/test-server.js';
import { hostOf, signedInMember, tokenFor } from './flows-support.js';

describe('GET /api/v1/auth/tenants (tenant switcher)', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({
      label: 'switcher',
      env: { FOLIO_PUBLIC_URL: 'https://folio.example:8443' },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lists exactly the tenants the user belongs to, with role and URL, from any of them', async () => {
    const ds = server.node.dataSource;
    const me = await signedInMember(server, { role: 'owner' });
    const second = await createTenant(ds, { name: 'Beta' });
    await withTenant(ds, second.id, (tx) =>
      tx.query(`INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'viewer')`, [
        second.id,
        me.user.id,
      ]),
    );
    // Tenants I do not belong to, some with other members, must not appear.
    await createMember(ds, { role: 'owner' });
    await createTenant(ds);
    await createMember(ds, { tenant: second, role: 'editor' });

    const res = await request(server.url)
      .get('/api/v1/auth/tenants')
      .set('Authorization', `Bearer ${me.token}`)
      .expect(200);
    const byId = Object.fromEntries(
      res.body.items.map((i: { tenant: { id: string } }) => [i.tenant.id, i]),
    );
    expect(Object.keys(byId).sort()).toEqual([me.tenant.id, second.id].sort());
    expect(byId[me.tenant.id]).toEqual({
      tenant: { id: me.tenant.id, slug: me.tenant.slug, name: me.tenant.name, status: 'active' },
      role: 'owner',
      url: `https://${me.tenant.slug}.localhost:8443`,
      isCurrent: true,
    });
    expect(byId[second.id]).toEqual(expect.objectContaining({ role: 'viewer', isCurrent: false }));

    // The same list from the other tenant's host with a session there.
    const there = await tokenFor(server, second.id, me.user.id);
    const fromSecond = await request(server.url)
      .get('/api/v1/auth/tenants')
      .set('Host', hostOf(second))
      .set('Authorization', `Bearer ${there}`)
      .expect(200);
    expect(
      fromSecond.body.items.map((i: { tenant: { id: string } }) => i.tenant.id).sort(),
    ).toEqual([me.tenant.id, second.id].sort());
    expect(fromSecond.body.items.find((i: { isCurrent: boolean }) => i.isCurrent).tenant.id).toBe(
      second.id,
    );
  });

  it('drops a tenant from the list once the membership is gone', async () => {
    const ds = server.node.dataSource;
    const me = await signedInMember(server, { role: 'owner' });
    const other = await signedInMember(server, { role: 'owner' });
    await withTenant(ds, other.tenant.id, (tx) =>
      tx.query(`INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'viewer')`, [
        other.tenant.id,
        me.user.id,
      ]),
    );
    const list = () =>
      request(server.url)
        .get('/api/v1/auth/tenants')
        .set('Authorization', `Bearer ${me.token}`)
        .expect(200);
    expect((await list()).body.items).toHaveLength(2);
    await request(server.url)
      .delete(`/api/v1/members/${me.user.id}`)
      .set('Host', hostOf(other.tenant))
      .set('Authorization', `Bearer ${other.token}`)
      .expect(204);
    expect((await list()).body.items.map((i: { tenant: { id: string } }) => i.tenant.id)).toEqual([
      me.tenant.id,
    ]);
  });

  it('needs a member session: 401 without one, 401 for a forged token', async () => {
    const none = await request(server.url).get('/api/v1/auth/tenants').expect(401);
    expect(none.body.error.code).toBe('unauthenticated');
    await request(server.url)
      .get('/api/v1/auth/tenants')
      .set('Authorization', 'Bearer not.a.jwt')
      .expect(401);
    await request(server.url)
      .get('/api/v1/auth/tenants')
      .set('Authorization', 'Basic abc')
      .expect(401);
  });
});
