/**
 * Tenant isolation, application-wide: tenant B's credentials against tenant A's resources on
 * EVERY /api/v1 endpoint — by A's host, by an X-Folio-Tenant header naming A, and by A's ids on
 * B's own host. Always 403/404, never a byte of A's data, and A unchanged afterwards. The route
 * table of the running node decides what "every" means: an endpoint added without a row here
 * fails the coverage test.
 */
import request from 'supertest';
import * as Y from 'yjs';
import { call } from '../../test/http.js';
import { startTestServer, type TestServer } from '../../test/test-server.js';
import {
  matrixRows,
  oneStageDefinition,
  PASSWORD,
  unique,
  type Actor,
  type MatrixIds,
  type Method,
  type Row,
} from './cross-tenant-rows.js';

async function signup(server: TestServer, slug: string): Promise<Actor> {
  const email = `owner-${slug}@example.test`;
  const res = await request(server.url)
    .post('/api/v1/signup')
    .send({ tenantSlug: slug, tenantName: `Tenant ${slug}`, email, password: PASSWORD })
    .expect(201);
  return {
    slug,
    token: res.body.accessToken,
    refreshToken: res.body.refreshToken,
    email,
    password: PASSWORD,
    userId: res.body.user.id,
    tenantId: res.body.tenant.id,
  };
}

describe('cross-tenant matrix over every /api/v1 endpoint', () => {
  let server: TestServer;
  let a: Actor;
  let b: Actor;
  let aEditorId: string;
  const aIds: MatrixIds = {
    invitation: '',
    invitationToken: '',
    role: `arole${unique()}`,
    apiKey: '',
    apiKeyPrefix: '',
    domain: `a-${unique()}.example.com`,
    document: '',
    contentType: `asecret${unique()}`,
    version: '',
    schedule: '',
    workflow: `awf${unique()}`,
    thread: '',
    comment: '',
  };
  let secrets: string[];
  let rows: Row[];

  const asA = (method: Method, path: string) =>
    call(server.url, method, path)
      .set('Host', `${a.slug}.localhost`)
      .set('Authorization', `Bearer ${a.token}`);

  beforeAll(async () => {
    server = await startTestServer({ label: 'matrix' });
    a = await signup(server, `ma-${unique()}`);
    b = await signup(server, `mb-${unique()}`);
    await asA('POST', '/api/v1/roles')
      .send({ key: aIds.role, name: 'A secret role', permissions: ['documents.read'] })
      .expect(201);
    const invitation = await asA('POST', '/api/v1/invitations')
      .send({ email: 'a-invitee@example.test', role: 'editor' })
      .expect(201);
    aIds.invitation = invitation.body.invitation.id;
    aIds.invitationToken = invitation.body.token;
    const editorInvite = await asA('POST', '/api/v1/invitations')
      .send({ email: 'a-editor@example.test', role: 'editor' })
      .expect(201);
    const accepted = await request(server.url)
      .post('/api/v1/invitations/accept')
      .set('Host', `${a.slug}.localhost`)
      .send({ token: editorInvite.body.token, password: PASSWORD, displayName: 'A editor' })
      .expect(201);
    aEditorId = accepted.body.user.id;
    const key = await asA('POST', '/api/v1/api-keys')
      .send({ name: 'A key', scopes: ['documents.read'] })
      .expect(201);
    aIds.apiKey = key.body.apiKey?.id ?? key.body.id;
    aIds.apiKeyPrefix = key.body.apiKey?.prefix ?? key.body.prefix;
    await asA('POST', '/api/v1/domains').send({ host: aIds.domain }).expect(201);
    const doc = await asA('POST', '/api/v1/documents').send({ title: 'A secret plan' }).expect(201);
    aIds.document = doc.body.id;
    await asA('POST', '/api/v1/content-types')
      .send({ key: aIds.contentType, name: 'A secret type' })
      .expect(201);
    const version = await asA('POST', `/api/v1/documents/${aIds.document}/versions`)
      .send({ label: 'A secret label' })
      .expect(201);
    aIds.version = version.body.id;
    await server.node.content.change(a.tenantId, aIds.document, (ydoc) => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText('A secret passage')]);
      ydoc.getXmlFragment('body').insert(0, [paragraph]);
    });
    const thread = await asA('POST', `/api/v1/documents/${aIds.document}/comments`)
      .send({ anchor: { kind: 'text', from: 0, to: 8 }, body: 'A secret comment' })
      .expect(201);
    aIds.thread = thread.body.id;
    aIds.comment = thread.body.comments[0].id;
    const schedule = await asA('POST', `/api/v1/documents/${aIds.document}/workflow/schedules`)
      .send({ runAt: new Date(Date.now() + 3600_000).toISOString() })
      .expect(201);
    aIds.schedule = schedule.body.id ?? schedule.body.schedule?.id;
    await asA('PUT', `/api/v1/workflows/${aIds.workflow}`)
      .send({ name: 'A secret workflow', definition: oneStageDefinition })
      .expect((res) => expect([200, 201]).toContain(res.status));
    secrets = [
      a.tenantId,
      a.userId,
      a.email,
      aEditorId,
      'a-editor@example.test',
      aIds.invitation,
      'a-invitee',
      'A secret role',
      aIds.apiKey,
      aIds.apiKeyPrefix,
      `Tenant ${a.slug}`,
      'A secret type',
      'A secret label',
      aIds.version,
      aIds.schedule,
      'A secret workflow',
      aIds.thread,
      aIds.comment,
      'A secret comment',
      'A secret passage',
    ];
    rows = matrixRows(aIds, b, aEditorId);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('covers every /api/v1 route the node serves', () => {
    const served = server.node.routes
      .filter((r) => r.path.startsWith('/api/v1/'))
      .map((r) => `${r.method} ${r.path}`);
    const covered = rows.map((r) => `${r.method} ${r.pattern}`);
    expect(served.filter((r) => !covered.includes(r))).toEqual([]);
    expect(covered.filter((r) => !served.includes(r))).toEqual([]);
  });

  function expectNoLeak(what: string, status: number, text: string, isPublic = false): void {
    if (isPublic) {
      expect({ what, status: status < 500 ? 'ok' : status }).toEqual({ what, status: 'ok' });
      for (const secret of secrets) {
        if (text.includes(secret)) throw new Error(`${what} leaked ${secret}: ${text}`);
      }
      return;
    }
    expect({ what, status: [403, 404].includes(status) ? 'refused' : status }).toEqual({
      what,
      status: 'refused',
    });
    for (const secret of secrets) {
      if (text.includes(secret)) throw new Error(`${what} leaked ${secret}: ${text}`);
    }
  }

  it("refuses B's token on A's host and with A's X-Folio-Tenant, on every endpoint", async () => {
    for (const row of rows) {
      for (const [mode, header] of [
        ['host', { Host: `${a.slug}.localhost` }],
        ['header', { 'X-Folio-Tenant': a.slug }],
      ] as const) {
        const path = row.path?.() ?? row.pattern;
        const res = await call(server.url, row.method, path)
          .set(header)
          .set('Authorization', `Bearer ${b.token}`)
          .send(row.body?.() ?? {});
        expectNoLeak(`${row.method} ${path} by ${mode}`, res.status, res.text, row.isPublic);
      }
    }
  });

  it('has a leak detector that would notice (positive control: A reading its own data)', async () => {
    expect(Object.values(aIds).every((v) => typeof v === 'string' && v.length > 0)).toBe(true);
    const own = await asA('GET', '/api/v1/members').expect(200);
    expect(() => expectNoLeak('control', 404, own.text)).toThrow(/leaked/);
    expect(() => expectNoLeak('control', 200, '{}')).toThrow();
  });

  it("refuses A's API key on B's host", async () => {
    const key = await asA('POST', '/api/v1/api-keys')
      .send({ name: 'probe', scopes: ['members.read'] })
      .expect(201);
    const token: string = key.body.token;
    const res = await request(server.url)
      .get('/api/v1/members')
      .set('Host', `${b.slug}.localhost`)
      .set('Authorization', `Bearer ${token}`);
    expectNoLeak('A key on B host', res.status, res.text);
  });

  it("finds none of A's resources by id from B's own tenant", async () => {
    for (const row of rows.filter((r) => r.path)) {
      const path = row.path!();
      const res = await call(server.url, row.method, path)
        .set('Host', `${b.slug}.localhost`)
        .set('Authorization', `Bearer ${b.token}`)
        .send(row.body?.() ?? {});
      expectNoLeak(
        `${row.method} ${path} by id`,
        res.status,
        res.text.replaceAll(aIds.domain, ''),
        row.isPublic || row.isOwnTenantQuery,
      );
    }
  });

  it("a PUT of A's workflow key from B's own tenant makes B's definition, not A's", async () => {
    await call(server.url, 'PUT', `/api/v1/workflows/${aIds.workflow}`)
      .set('Host', `${b.slug}.localhost`)
      .set('Authorization', `Bearer ${b.token}`)
      .send({ name: 'B own workflow', definition: oneStageDefinition })
      .expect((res) => expect([200, 201]).toContain(res.status));
    const mine = await call(server.url, 'GET', `/api/v1/workflows/${aIds.workflow}`)
      .set('Host', `${b.slug}.localhost`)
      .set('Authorization', `Bearer ${b.token}`)
      .expect(200);
    expect(mine.text).toContain('B own workflow');
    expect(mine.text).not.toContain('A secret workflow');
  });

  it("counts none of A's rows in B's usage", async () => {
    const mine = await call(server.url, 'GET', '/api/v1/usage')
      .set('Host', `${b.slug}.localhost`)
      .set('Authorization', `Bearer ${b.token}`)
      .expect(200);
    const theirs = await asA('GET', '/api/v1/usage').expect(200);
    expect(theirs.body.meters.documents.used).toBeGreaterThan(0);
    expect(theirs.body.details.storage.versions).toBeGreaterThan(0);
    expect(mine.body.meters).toMatchObject({
      documents: { used: 0 },
      members: { used: 1 },
      apiKeys: { used: 0 },
      storageBytes: { used: 0 },
    });
    expect(
      mine.body.daily.days.every((d: { commentsPosted: number }) => d.commentsPosted === 0),
    ).toBe(true);
  });

  it('leaves A exactly as it was', async () => {
    const tenant = await asA('GET', '/api/v1/tenant').expect(200);
    expect(tenant.body.name ?? tenant.body.tenant?.name).toBe(`Tenant ${a.slug}`);
    const members = await asA('GET', '/api/v1/members').expect(200);
    expect(
      members.body.items
        .map((m: { user?: { id: string }; userId?: string }) => m.user?.id ?? m.userId)
        .sort(),
    ).toEqual([a.userId, aEditorId].sort());
    expect(JSON.stringify(members.body)).toContain('"editor"');
    const roles = await asA('GET', '/api/v1/roles').expect(200);
    expect(JSON.stringify(roles.body)).toContain('A secret role');
    const invitations = await asA('GET', '/api/v1/invitations').expect(200);
    expect(JSON.stringify(invitations.body)).toContain(aIds.invitation);
    const key = await asA('GET', `/api/v1/api-keys/${aIds.apiKey}`).expect(200);
    expect(JSON.stringify(key.body)).toContain('"revokedAt":null');
    const domains = await asA('GET', '/api/v1/domains').expect(200);
    expect(JSON.stringify(domains.body)).toContain(aIds.domain);
    const doc = await asA('GET', `/api/v1/documents/${aIds.document}`).expect(200);
    expect(doc.body.title).toBe('A secret plan');
    const type = await asA('GET', `/api/v1/content-types/${aIds.contentType}`).expect(200);
    expect(type.body.name).toBe('A secret type');
    const versions = await asA('GET', `/api/v1/documents/${aIds.document}/versions`).expect(200);
    expect(versions.body.items.map((v: { id: string }) => v.id)).toEqual([aIds.version]);
    const schedules = await asA(
      'GET',
      `/api/v1/documents/${aIds.document}/workflow/schedules`,
    ).expect(200);
    expect(JSON.stringify(schedules.body)).toContain(aIds.schedule);
    expect(JSON.stringify(schedules.body)).toContain('scheduled');
    const workflow = await asA('GET', `/api/v1/workflows/${aIds.workflow}`).expect(200);
    expect(JSON.stringify(workflow.body)).toContain('A secret workflow');
    const threads = await asA('GET', `/api/v1/documents/${aIds.document}/comments`).expect(200);
    expect(threads.body.items).toHaveLength(1);
    expect(threads.body.items[0]).toMatchObject({ id: aIds.thread, status: 'open' });
    expect(JSON.stringify(threads.body)).toContain('A secret comment');
    expect(JSON.stringify(threads.body)).not.toContain('pwned');
    const state = await asA('GET', `/api/v1/documents/${aIds.document}/workflow`).expect(200);
    expect(JSON.stringify(state.body)).toContain('draft');
    await asA('GET', '/api/v1/auth/me').expect(200);
  });
});
