import request from 'supertest';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { createMember } from '../../../test/factories.js';
import { issueTestToken } from '../../../test/sessions.js';
import { startTestServer, type TestServer } from '../../../test/test-server.js';
import type { User } from '../../identity/index.js';
import type { Tenant, TxtResolver } from '../index.js';

const HTML = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8';
const hostOf = (tenant: Pick<Tenant, 'slug'>) => `${tenant.slug}.localhost`;

/** DNS as the tests want it: TXT answers per name, failures by name, everything else NXDOMAIN. */
class FakeDns implements TxtResolver {
  readonly records = new Map<string, string[][]>();
  readonly failing = new Set<string>();
  readonly asked: string[] = [];

  resolveTxt(name: string): Promise<string[][]> {
    this.asked.push(name);
    if (this.failing.has(name)) {
      return Promise.reject(Object.assign(new Error('queryTxt ESERVFAIL'), { code: 'ESERVFAIL' }));
    }
    const answer = this.records.get(name);
    if (!answer) {
      return Promise.reject(Object.assign(new Error('queryTxt ENOTFOUND'), { code: 'ENOTFOUND' }));
    }
    return Promise.resolve(answer);
  }
}

/** A real access token for a member (a session row plus the node's AccessTokens). */
const tokenFor = (server: TestServer, m: { tenant: Tenant; user: User }): Promise<string> =>
  issueTestToken(server.node, { tenantId: m.tenant.id, userId: m.user.id });

describe('custom domains', () => {
  const dns = new FakeDns();
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ label: 'domains', dnsResolver: dns });
  });
  afterAll(async () => {
    await server?.close();
  });

  async function admin() {
    const m = await createMember(server.node.dataSource, { role: 'admin' });
    const token = await tokenFor(server, m);
    const api = {
      get: (path: string) =>
        request(server.url)
          .get(`/api/v1${path}`)
          .set('Host', hostOf(m.tenant))
          .set('Authorization', `Bearer ${token}`),
      post: (path: string, body?: string | object) =>
        request(server.url)
          .post(`/api/v1${path}`)
          .set('Host', hostOf(m.tenant))
          .set('Authorization', `Bearer ${token}`)
          .send(body),
      delete: (path: string) =>
        request(server.url)
          .delete(`/api/v1${path}`)
          .set('Host', hostOf(m.tenant))
          .set('Authorization', `Bearer ${token}`),
    };
    return { ...m, token, api };
  }

  async function auditActions(tenantId: string): Promise<string[]> {
    const rows = await withTenant<{ action: string }[]>(server.node.dataSource, tenantId, (tx) =>
      tx.query(`SELECT action FROM audit_log WHERE target_type = 'domain' ORDER BY id`),
    );
    return rows.map((r) => r.action);
  }

  it('adds a domain with the TXT record to publish, and verifies it only with the right token', async () => {
    const a = await admin();
    const host = `docs.${a.tenant.slug}.example`;
    const added = await a.api.post('/domains', { host: `  ${host.toUpperCase()}. ` }).expect(201);
    expect(added.body).toEqual({
      host,
      isPrimary: false,
      verified: false,
      verifiedAt: null,
      createdAt: expect.any(String),
      verification: {
        type: 'TXT',
        name: `_folio-verify.${host}`,
        value: expect.stringMatching(/^folio-verify=[A-Za-z0-9_-]{32}$/),
      },
    });
    const record = added.body.verification as { name: string; value: string };

    const missing = await a.api.post(`/domains/${host}/verify`).expect(400);
    expect(missing.body.error.details.reason).toBe('dns_record_missing');
    expect(dns.asked).toContain(record.name);

    dns.records.set(record.name, [['v=spf1 -all'], ['folio-verify=someone-elses-token']]);
    const wrong = await a.api.post(`/domains/${host}/verify`).expect(400);
    expect(wrong.body.error.details).toEqual({
      reason: 'dns_record_mismatch',
      record: { type: 'TXT', ...record },
    });

    dns.failing.add(record.name);
    const failing = await a.api.post(`/domains/${host}/verify`).expect(503);
    expect(failing.body.error.code).toBe('unavailable');
    dns.failing.delete(record.name);

    // Long TXT values arrive split into chunks; they are joined before comparing.
    const value = record.value;
    dns.records.set(record.name, [['folio-verify=nope'], [value.slice(0, 10), value.slice(10)]]);
    const verified = await a.api.post(`/domains/${host}/verify`).expect(200);
    expect(verified.body).toMatchObject({ host, verified: true, verifiedAt: expect.any(String) });
    // Verifying again is a no-op.
    await a.api.post(`/domains/${host}/verify`).expect(200);
    expect(await auditActions(a.tenant.id)).toEqual(['domain.added', 'domain.verified']);
  });

  it('routes API requests on a verified custom domain to its tenant, and nothing before that', async () => {
    const a = await admin();
    const host = `api.${a.tenant.slug}.example`;
    const added = await a.api.post('/domains', { host }).expect(201);
    const byHost = () =>
      request(server.url)
        .get('/api/v1/tenant')
        .set('Host', host)
        .set('Authorization', `Bearer ${a.token}`);
    expect((await byHost().expect(404)).body.error.code).toBe('not_found');
    dns.records.set(added.body.verification.name, [[added.body.verification.value]]);
    await a.api.post(`/domains/${host}/verify`).expect(200);
    // The 2-second miss cache was dropped by the verification's invalidation.
    const res = await byHost().expect(200);
    expect(res.body.id).toBe(a.tenant.id);
  });

  it('makes only a verified domain primary, which then receives HTML navigation', async () => {
    const a = await admin();
    const pending = `pending.${a.tenant.slug}.example`;
    const primary = `www.${a.tenant.slug}.example`;
    await a.api.post('/domains', { host: pending }).expect(201);
    const notVerified = await a.api.post(`/domains/${pending}/primary`).expect(409);
    expect(notVerified.body.error.details).toEqual({ reason: 'domain_not_verified' });

    const added = await a.api.post('/domains', { host: primary }).expect(201);
    dns.records.set(added.body.verification.name, [[added.body.verification.value]]);
    await a.api.post(`/domains/${primary}/verify`).expect(200);
    const made = await a.api.post(`/domains/${primary}/primary`).expect(200);
    expect(made.body.isPrimary).toBe(true);

    const nav = await request(server.url)
      .get('/api/v1/tenant')
      .set('Host', hostOf(a.tenant))
      .set('Accept', HTML)
      .expect(301);
    expect(nav.headers.location).toBe(`http://${primary}/api/v1/tenant`);

    const list = await a.api.get('/domains').expect(200);
    expect(
      list.body.items.map((d: { host: string; isPrimary: boolean }) => [d.host, d.isPrimary]),
    ).toEqual([
      [pending, false],
      [primary, true],
    ]);
    expect(await auditActions(a.tenant.id)).toEqual([
      'domain.added',
      'domain.added',
      'domain.verified',
      'domain.primary_set',
    ]);
  });

  it('removes a domain, after which it routes nowhere and pages return to the subdomain', async () => {
    const a = await admin();
    const host = `gone.${a.tenant.slug}.example`;
    const added = await a.api.post('/domains', { host }).expect(201);
    dns.records.set(added.body.verification.name, [[added.body.verification.value]]);
    await a.api.post(`/domains/${host}/verify`).expect(200);
    await a.api.post(`/domains/${host}/primary`).expect(200);
    await request(server.url)
      .get('/api/v1/tenant')
      .set('Host', host)
      .set('Authorization', `Bearer ${a.token}`)
      .expect(200);

    await a.api.delete(`/domains/${host}`).expect(204);
    await a.api.delete(`/domains/${host}`).expect(404);
    await request(server.url)
      .get('/api/v1/tenant')
      .set('Host', host)
      .set('Authorization', `Bearer ${a.token}`)
      .expect(404);
    await request(server.url)
      .get('/api/v1/tenant')
      .set('Host', hostOf(a.tenant))
      .set('Accept', HTML)
      .expect(401);
    expect(await auditActions(a.tenant.id)).toContain('domain.removed');
  });

  it('refuses a host another tenant verified with 409, naming no tenant; a pending claim blocks nothing', async () => {
    const a = await admin();
    const b = await admin();
    const host = `shared.${a.tenant.slug}.example`;

    // Both may claim it while unverified; whoever proves DNS control first wins.
    const claimA = await a.api.post('/domains', { host }).expect(201);
    const claimB = await b.api.post('/domains', { host }).expect(201);
    dns.records.set(claimA.body.verification.name, [[claimA.body.verification.value]]);
    await a.api.post(`/domains/${host}/verify`).expect(200);
    dns.records.set(claimB.body.verification.name, [[claimB.body.verification.value]]);
    const lost = await b.api.post(`/domains/${host}/verify`).expect(409);
    expect(lost.body.error).toEqual({
      code: 'conflict',
      message: 'This host is already in use',
      details: { reason: 'host_taken' },
    });

    const c = await admin();
    const taken = await c.api.post('/domains', { host }).expect(409);
    expect(JSON.stringify(taken.body)).not.toContain(a.tenant.id);
    expect(JSON.stringify(taken.body)).not.toContain(a.tenant.slug.replace(/^t-/, ''));
    const again = await a.api.post('/domains', { host }).expect(409);
    expect(again.body.error.details).toEqual({ reason: 'domain_exists' });
  });

  it('lists domains with keyset pagination', async () => {
    const a = await admin();
    for (const label of ['c', 'a', 'b']) {
      await a.api.post('/domains', { host: `${label}.${a.tenant.slug}.example` }).expect(201);
    }
    const first = await a.api.get('/domains?limit=2').expect(200);
    expect(first.body.items.map((d: { host: string }) => d.host[0])).toEqual(['a', 'b']);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await a.api.get(`/domains?limit=2&cursor=${first.body.nextCursor}`).expect(200);
    expect(second.body.items.map((d: { host: string }) => d.host[0])).toEqual(['c']);
    expect(second.body.nextCursor).toBeNull();
    const bad = await a.api.get('/domains?cursor=!!!').expect(400);
    expect(bad.body.error.code).toBe('validation_failed');
    await a.api.get('/domains?limit=0').expect(400);
    await a.api.get('/domains?limit=2&extra=1').expect(400);
  });

  it('validates hosts: no platform hosts, IPs or junk, strict bodies', async () => {
    const a = await admin();
    for (const host of [
      'localhost',
      'x.localhost',
      `${a.tenant.slug}.localhost`,
      '10.0.0.1',
      'no_underscores.example',
      'bare',
      '-a.example',
      'a'.repeat(254),
    ]) {
      const res = await a.api.post('/domains', { host });
      expect([host, res.status, res.body.error?.code]).toEqual([host, 400, 'validation_failed']);
    }
    await a.api.post('/domains', { host: 'ok.example', extra: true }).expect(400);
    await a.api.post('/domains', 'host=ok.example').expect(400);
    await a.api.post('/domains/not a host/verify').expect(404);
    await a.api.post('/domains/unknown.example/verify').expect(404);
    await a.api.post('/domains/unknown.example/primary').expect(404);
    await a.api.delete('/domains/%E2%80%AE.example').expect(404);
  });

  it('requires domains.manage', async () => {
    const a = await admin();
    const editor = await createMember(server.node.dataSource, { tenant: a.tenant, role: 'editor' });
    const editorToken = await tokenFor(server, editor);
    const res = await request(server.url)
      .get('/api/v1/domains')
      .set('Host', hostOf(a.tenant))
      .set('Authorization', `Bearer ${editorToken}`)
      .expect(403);
    expect(res.body.error.details).toEqual({ permission: 'domains.manage' });
    await request(server.url)
      .post('/api/v1/domains')
      .set('Host', hostOf(a.tenant))
      .set('Authorization', `Bearer ${editorToken}`)
      .send({ host: 'x.example' })
      .expect(403);
    await request(server.url).get('/api/v1/domains').set('Host', hostOf(a.tenant)).expect(401);
  });

  it("never lets tenant B's token touch tenant A's domains, by host, header or bare host", async () => {
    const a = await admin();
    const b = await admin();
    const host = `private.${a.tenant.slug}.example`;
    await a.api.post('/domains', { host }).expect(201);
    const asB = (req: request.Test) => req.set('Authorization', `Bearer ${b.token}`);

    for (const target of [
      (r: request.Test) => r.set('Host', hostOf(a.tenant)),
      (r: request.Test) => r.set('X-Folio-Tenant', a.tenant.slug),
    ]) {
      const list = await target(asB(request(server.url).get('/api/v1/domains'))).expect(403);
      expect(JSON.stringify(list.body)).not.toContain(host);
      await target(asB(request(server.url).post(`/api/v1/domains/${host}/verify`))).expect(403);
      await target(asB(request(server.url).post(`/api/v1/domains/${host}/primary`))).expect(403);
      await target(asB(request(server.url).delete(`/api/v1/domains/${host}`))).expect(403);
      await target(
        asB(request(server.url).post('/api/v1/domains').send({ host: 'y.example' })),
      ).expect(403);
    }
    // On the bare host, B acts in its own tenant, where A's domain does not exist.
    const own = await asB(request(server.url).get('/api/v1/domains')).expect(200);
    expect(own.body.items).toEqual([]);
    await asB(request(server.url).post(`/api/v1/domains/${host}/verify`)).expect(404);
    await asB(request(server.url).delete(`/api/v1/domains/${host}`)).expect(404);
    const still = await a.api.get('/domains').expect(200);
    expect(still.body.items.map((d: { host: string }) => d.host)).toEqual([host]);
  });
});
