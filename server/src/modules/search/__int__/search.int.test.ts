import request from 'supertest';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { appendParagraph } from '../../../test/collab-client.js';
import { createMember, createUser } from '../../../test/factories.js';
import { issueTestToken } from '../../../test/sessions.js';
import { startTestServer, type TestServer } from '../../../test/test-server.js';
import { eventually } from '../../../test/wait.js';
import { tenantRepository, type Tenant } from '../../tenancy/index.js';

interface Hit {
  type: string;
  id: string;
  title?: string;
  displayName?: string;
  action?: string;
  snippet: { text: string; match: boolean }[];
}

describe('/api/v1/search', () => {
  let server: TestServer;
  let tenant: Tenant;
  let admin: string;
  let viewer: string;
  let outsider: { token: string; tenant: Tenant };
  let documentId: string;

  const as = (token: string) => ({
    get: (path: string) => request(server.url).get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string) => request(server.url).post(path).set('Authorization', `Bearer ${token}`),
  });
  const search = async (token: string, query: string): Promise<Hit[]> =>
    (await as(token).get(`/api/v1/search?${query}`).expect(200)).body.items as Hit[];

  async function documentWithBody(
    who: { token: string; tenantId: string },
    title: string,
    ...bodies: string[]
  ) {
    const { token, tenantId } = who;
    const created = await as(token)
      .post('/api/v1/documents')
      .send({ title, contentType: 'article' })
      .expect(201);
    const id: string = created.body.id;
    for (const text of bodies) {
      await server.node.content.change(tenantId, id, (live) => {
        const body = live.getXmlFragment('body');
        body.delete(0, body.length);
        appendParagraph(live, text);
      });
      await as(token).post(`/api/v1/documents/${id}/versions`).send({}).expect(201);
    }
    return id;
  }

  beforeAll(async () => {
    server = await startTestServer({ label: 'search' });
    const ds = server.node.dataSource;
    const a = await createMember(ds, { role: 'admin' });
    tenant = a.tenant;
    admin = await issueTestToken(server.node, { tenantId: tenant.id, userId: a.user.id });
    // A role that reads documents only: no members.read, no audit.read.
    await withTenant(ds, tenant.id, (tx) =>
      tx.query(
        `INSERT INTO roles (tenant_id, key, name, permissions) VALUES ($1, 'reader', 'Reader', '{documents.read}')`,
        [tenant.id],
      ),
    );
    const v = await createMember(ds, { tenant, role: 'reader' });
    viewer = await issueTestToken(server.node, { tenantId: tenant.id, userId: v.user.id });
    const named = await createUser(ds, {
      displayName: 'Griselda Quixote',
      email: 'griselda.q@example.test',
    });
    await withTenant(ds, tenant.id, (tx) =>
      tenantRepository.upsertMembership(tx, {
        tenantId: tenant.id,
        userId: named.id,
        role: 'viewer',
      }),
    );
    const o = await createMember(ds, { role: 'admin' });
    outsider = {
      tenant: o.tenant,
      token: await issueTestToken(server.node, { tenantId: o.tenant.id, userId: o.user.id }),
    };
    documentId = await documentWithBody(
      { token: admin, tenantId: tenant.id },
      'Quarterly zebra report',
      'The aardvark migrates in spring',
      'Penguins only, nothing else',
    );
    // The other tenant has a document and a member matching the very same words.
    await withTenant(ds, o.tenant.id, (tx) =>
      tenantRepository.upsertMembership(tx, {
        tenantId: o.tenant.id,
        userId: named.id,
        role: 'viewer',
      }),
    );
    await documentWithBody(
      { token: outsider.token, tenantId: o.tenant.id },
      'Zebra secrets of the outsider',
      'Penguins galore',
    );
  }, 30_000);
  afterAll(async () => {
    await server?.close();
  });

  it("finds documents by title and by their latest version's text, highlighted", async () => {
    const byTitle = await search(viewer, 'q=zebra&types=documents');
    expect(byTitle.map((hit) => hit.id)).toEqual([documentId]);
    const byBody = await search(viewer, 'q=penguins');
    expect(byBody).toEqual([expect.objectContaining({ type: 'document', id: documentId })]);
    expect(byBody[0]!.snippet).toEqual(expect.arrayContaining([{ text: 'Penguins', match: true }]));
    // Only the latest version counts: the first one's words no longer find the document.
    expect(await search(viewer, 'q=aardvark')).toEqual([]);
    expect(await search(viewer, 'q=%22quarterly%20zebra%22%20-penguins')).toEqual([
      expect.objectContaining({ id: documentId }),
    ]);
  });

  it('omits the types the caller may not read, and says so', async () => {
    const res = await as(viewer).get('/api/v1/search?q=griselda').expect(200);
    expect(res.body.items).toEqual([]);
    expect(res.body.omitted).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'members', permission: 'members.read' }),
        expect.objectContaining({ type: 'audit', permission: 'audit.read' }),
      ]),
    );
    const members = await search(admin, 'q=griselda&types=members');
    expect(members).toEqual([
      expect.objectContaining({ type: 'member', displayName: 'Griselda Quixote' }),
    ]);
    // Email parts match too.
    expect(await search(admin, 'q=griselda.q%40example.test&types=members')).toHaveLength(1);
  });

  it('finds audit entries by action and target', async () => {
    const hits = await eventually(async () => {
      const found = await search(admin, 'q=document%20created&types=audit');
      return found.length > 0 ? found : null;
    });
    expect(hits[0]).toMatchObject({ type: 'audit', action: 'document.created' });
  });

  it('pages with a cursor', async () => {
    const first = await as(admin)
      .get('/api/v1/search?q=penguins%20or%20zebra%20or%20griselda&limit=1')
      .expect(200);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toBe('1');
    const second = await as(admin)
      .get(
        `/api/v1/search?q=penguins%20or%20zebra%20or%20griselda&limit=1&cursor=${first.body.nextCursor}`,
      )
      .expect(200);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
  });

  it("never finds another tenant's rows, and refuses another tenant's credentials", async () => {
    const hits = await search(admin, 'q=zebra%20or%20penguins%20or%20outsider%20or%20griselda');
    const ids = hits.map((hit) => hit.id);
    expect(hits.every((hit) => hit.type !== 'document' || hit.id === documentId)).toBe(true);
    expect(hits.filter((hit) => hit.type === 'member')).toHaveLength(1);
    expect(new Set(ids).size).toBe(ids.length);
    const theirs = await search(outsider.token, 'q=quarterly');
    expect(theirs).toEqual([]);
    await request(server.url)
      .get('/api/v1/search?q=zebra')
      .set('Authorization', `Bearer ${outsider.token}`)
      .set('X-Folio-Tenant', tenant.slug)
      .expect(403);
    await request(server.url)
      .get('/api/v1/search?q=zebra')
      .set('X-Folio-Tenant', tenant.slug)
      .expect(401);
  });

  it('validates the query', async () => {
    await as(admin).get('/api/v1/search').expect(400);
    await as(admin).get('/api/v1/search?q=x&types=documents,secrets').expect(400);
    await as(admin).get('/api/v1/search?q=x&limit=500').expect(400);
    await as(admin).get('/api/v1/search?q=x&cursor=abc').expect(400);
    // Syntax websearch_to_tsquery cannot use is no error, just nothing found.
    expect(await search(admin, 'q=%26%7C!')).toEqual([]);
  });
});
