import request from 'supertest';
import { appendParagraph } from '../../../test/collab-client.js';
import {
  startTestServer,
  type TestServer,
  type TestServerOptions,
} from '../../../test/test-server.js';
import { eventually } from '../../../test/wait.js';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import {
  createDocument,
  memberOf,
  workflowPath,
  type TestMember,
} from '../../../test/workflow-support.js';

/** Starting a server and two sites can outlast jest's default hook timeout on a busy machine. */
const HOOK_TIMEOUT_MS = 60_000;

/** A tenant with an owner (publishes), a reviewer (approves) and a delivery key. */
interface Site {
  owner: TestMember;
  reviewer: TestMember;
  deliveryKey: string;
  /** A request with the delivery key, on the tenant's host. */
  key(path: string, headers?: Record<string, string>): request.Test;
}

/** Whether a document's published entry is in the node's shared cache (the Redis run checks). */
export type CacheProbe = (
  server: TestServer,
  tenantId: string,
  documentId: string,
) => Promise<boolean>;

/** The delivery API's behaviour, run against an embedded node and against one with Redis. */
export function publishingSuite(
  label: string,
  options: TestServerOptions,
  probe?: CacheProbe,
): void {
  describe(`publishing (${label})`, () => {
    let server: TestServer;
    let site: Site;
    let other: Site;

    async function newSite(): Promise<Site> {
      const owner = await memberOf(server, 'owner');
      const reviewer = await memberOf(server, 'reviewer', owner.tenant);
      const created = await owner
        .post('/api/v1/api-keys', { name: 'Website', scopes: ['published.read'] })
        .expect(201);
      const deliveryKey: string = created.body.token;
      const key = (path: string, headers: Record<string, string> = {}) =>
        request(server.url)
          .get(path)
          .set('Authorization', `Bearer ${deliveryKey}`)
          .set('Host', `${owner.tenant.slug}.localhost`)
          .set(headers);
      return { owner, reviewer, deliveryKey, key };
    }

    /** Takes the document through the built-in workflow up to published (again, if revised). */
    async function publish(s: Site, documentId: string): Promise<void> {
      const path = workflowPath(documentId);
      await s.owner.post(`${path}/transitions`, { transition: 'submit' }).expect(200);
      await s.reviewer.post(`${path}/reviews`, { decision: 'approved' }).expect(201);
      await s.reviewer.post(`${path}/transitions`, { transition: 'approve' }).expect(200);
      await s.owner.post(`${path}/transitions`, { transition: 'publish' }).expect(200);
    }

    async function write(s: Site, documentId: string, summary: string, text: string) {
      await server.node.content.change(s.owner.tenant.id, documentId, (doc) => {
        doc.getMap('fields').set('summary', summary);
        appendParagraph(doc, text);
      });
    }

    /** A published article; returns its id. */
    async function publishedArticle(s: Site, title: string, summary: string): Promise<string> {
      const id = await createDocument(s.owner, title);
      await write(s, id, summary, `${title} body.`);
      await publish(s, id);
      return id;
    }

    beforeAll(async () => {
      server = await startTestServer({ label: `publishing-${label}`, ...options });
      site = await newSite();
      other = await newSite();
    }, HOOK_TIMEOUT_MS);
    afterAll(async () => {
      await server?.close();
    }, HOOK_TIMEOUT_MS);

    it('serves published documents by id and slug, never the draft, with field selection', async () => {
      const id = await publishedArticle(site, 'Hello World', 'First post');
      const bySlug = await site.key('/api/v1/published/documents/hello-world').expect(200);
      expect(bySlug.body).toMatchObject({
        id,
        slug: 'hello-world',
        title: 'Hello World',
        contentType: 'article',
        version: { number: expect.any(Number), contentHash: expect.stringMatching(/^sha256:/) },
        fields: { summary: 'First post' },
      });
      expect(bySlug.body.html).toContain('Hello World body.');
      expect(bySlug.body.body).toBeDefined();
      const byId = await site.key(`/api/v1/published/documents/${id}`).expect(200);
      expect(byId.body).toEqual(bySlug.body);

      const trimmed = await site
        .key(`/api/v1/published/documents/${id}?fields=nothing&include=`)
        .expect(200);
      expect(trimmed.body.fields).toEqual({});
      expect(trimmed.body).not.toHaveProperty('html');
      expect(trimmed.body).not.toHaveProperty('body');

      // A draft edit after publishing changes nothing the delivery API serves.
      await site.owner
        .post(`${workflowPath(id)}/transitions`, { transition: 'revise' })
        .expect(200);
      await write(site, id, 'Draft summary', 'Unpublished draft text.');
      await site.owner.post(`/api/v1/documents/${id}/versions`, {}).expect(201);
      const after = await site.key(`/api/v1/published/documents/${id}`).expect(200);
      expect(after.body).toEqual(bySlug.body);
      expect(after.body.html).not.toContain('Unpublished draft text.');

      // A document that was never published is not found, by id or slug.
      const draft = await createDocument(site.owner, 'Secret Draft');
      await site.key(`/api/v1/published/documents/${draft}`).expect(404);
      const missing = await site.key('/api/v1/published/documents/secret-draft').expect(404);
      expect(missing.body.error?.code ?? missing.body.code).toBe('not_found');
    });

    it('republishing invalidates the cached document, slug and listing on the node', async () => {
      const id = await publishedArticle(site, 'Cache Me', 'v1 summary');
      const first = await site.key('/api/v1/published/documents/cache-me').expect(200);
      await site.key('/api/v1/published/documents?limit=100').expect(200);
      if (probe) expect(await probe(server, site.owner.tenant.id, id)).toBe(true);
      // The read is cached: a change behind the API's back is not seen…
      await withTenant(server.node.dataSource, site.owner.tenant.id, (tx) =>
        tx.query(`UPDATE documents SET title = 'Changed behind' WHERE tenant_id = $1 AND id = $2`, [
          site.owner.tenant.id,
          id,
        ]),
      );
      const cached = await site.key('/api/v1/published/documents/cache-me').expect(200);
      expect(cached.body.title).toBe('Cache Me');
      // …until a publication of the document drops it.
      await site.owner
        .post(`${workflowPath(id)}/transitions`, { transition: 'revise' })
        .expect(200);
      await write(site, id, 'v2 summary', 'Second edition.');
      await publish(site, id);
      const fresh = await eventually(async () => {
        const res = await site.key('/api/v1/published/documents/cache-me').expect(200);
        return res.body.version.id !== first.body.version.id ? res.body : null;
      });
      expect(fresh).toMatchObject({ title: 'Changed behind', fields: { summary: 'v2 summary' } });
      const listed = await site.key('/api/v1/published/documents?limit=100').expect(200);
      const entry = listed.body.items.find((item: { id: string }) => item.id === id);
      expect(entry).toMatchObject({
        version: { id: fresh.version.id },
        fields: { summary: 'v2 summary' },
      });
      expect(entry).not.toHaveProperty('html');
      // Newest publication first: the republished document leads the listing.
      expect(listed.body.items[0].id).toBe(id);
    });

    it('a rename or deletion of a published document reaches the delivery API at once, not after the TTL', async () => {
      const id = await publishedArticle(site, 'Rename Me', 'r');
      const listed = async () =>
        (await site.key('/api/v1/published/documents?limit=100').expect(200)).body.items.map(
          (item: { id: string; title: string; slug: string }) => item,
        );
      // Warm every cache entry the change must drop: by id, by slug, the listing.
      await site.key(`/api/v1/published/documents/${id}`).expect(200);
      await site.key('/api/v1/published/documents/rename-me').expect(200);
      expect(await listed()).toEqual(
        expect.arrayContaining([expect.objectContaining({ id, slug: 'rename-me' })]),
      );
      if (probe) expect(await probe(server, site.owner.tenant.id, id)).toBe(true);

      await site.owner
        .patch(`/api/v1/documents/${id}`, { title: 'Renamed', slug: 'renamed' })
        .expect(200);
      // The TTL is minutes (PUBLISHED_CACHE_TTL_SECONDS, 300 by default); the event takes far less.
      const renamed = await eventually(async () => {
        const res = await site.key(`/api/v1/published/documents/${id}`).expect(200);
        return res.body.title === 'Renamed' ? res.body : null;
      }, 5000);
      expect(renamed.slug).toBe('renamed');
      await site.key('/api/v1/published/documents/renamed').expect(200);
      await site.key('/api/v1/published/documents/rename-me').expect(404);
      expect(await listed()).toEqual(
        expect.arrayContaining([expect.objectContaining({ id, title: 'Renamed' })]),
      );

      await site.owner.delete(`/api/v1/documents/${id}`).expect(204);
      await eventually(async () => {
        const res = await site.key(`/api/v1/published/documents/${id}`);
        return res.status === 404;
      }, 5000);
      await site.key('/api/v1/published/documents/renamed').expect(404);
      expect((await listed()).map((item: { id: string }) => item.id)).not.toContain(id);
      if (probe) expect(await probe(server, site.owner.tenant.id, id)).toBe(false);
    });

    it('pages the listing with a cursor, filters by content type, selects fields', async () => {
      const s = await newSite();
      const ids: string[] = [];
      for (const n of [1, 2, 3]) ids.push(await publishedArticle(s, `Post ${n}`, `Summary ${n}`));
      const page1 = await s.key('/api/v1/published/documents?limit=2&fields=summary').expect(200);
      expect(page1.body.items.map((i: { id: string }) => i.id)).toEqual([ids[2], ids[1]]);
      expect(page1.body.nextCursor).toEqual(expect.any(String));
      const page2 = await s
        .key(`/api/v1/published/documents?limit=2&cursor=${page1.body.nextCursor}&include=html`)
        .expect(200);
      expect(page2.body.items.map((i: { id: string }) => i.id)).toEqual([ids[0]]);
      expect(page2.body.items[0].html).toContain('Post 1 body.');
      expect(page2.body.nextCursor).toBeNull();
      const pages = await s.key('/api/v1/published/documents?contentType=page').expect(200);
      expect(pages.body.items).toEqual([]);
      await s.key('/api/v1/published/documents?cursor=garbage').expect(400);
    });

    it('sends strong ETags (304 on If-None-Match), Cache-Control and Surrogate-Key', async () => {
      const id = await publishedArticle(site, 'Etag Post', 'e');
      const res = await site.key(`/api/v1/published/documents/${id}`).expect(200);
      const etag = res.headers.etag as string;
      expect(etag).toMatch(/^"[^"]+"$/);
      expect(res.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=300');
      expect(res.headers['surrogate-key']).toBe(`tenant-${site.owner.tenant.id} doc-${id}`);
      const again = await site
        .key(`/api/v1/published/documents/${id}`, { 'If-None-Match': etag })
        .expect(304);
      expect(again.text).toBe('');
      // Another representation is another entity.
      const other = await site.key(`/api/v1/published/documents/${id}?include=html`).expect(200);
      expect(other.headers.etag).not.toBe(etag);
      const list = await site.key('/api/v1/published/documents').expect(200);
      await site
        .key('/api/v1/published/documents', { 'If-None-Match': list.headers.etag as string })
        .expect(304);
      // A member's session token: private.
      const member = await site.owner.get(`/api/v1/published/documents/${id}`).expect(200);
      expect(member.headers['cache-control']).toBe('private, no-cache');
    });

    it('a delivery key reads published content but not /documents', async () => {
      await site.key('/api/v1/published/documents').expect(200);
      const denied = await site.key('/api/v1/documents').expect(403);
      expect(JSON.stringify(denied.body)).not.toContain('hello-world');
      await request(server.url)
        .post('/api/v1/documents')
        .set('Authorization', `Bearer ${site.deliveryKey}`)
        .send({ title: 'Nope' })
        .expect(403);
      // Without credentials, nothing.
      await request(server.url)
        .get('/api/v1/published/documents')
        .set('Host', `${site.owner.tenant.slug}.localhost`)
        .expect(401);
    });

    it('preview tokens read a draft version, are bound to their version, expire and resist tampering', async () => {
      const id = await createDocument(site.owner, 'Preview Me');
      await write(site, id, 'draft summary', 'Draft for preview.');
      const v1 = await site.owner.post(`/api/v1/documents/${id}/versions`, {}).expect(201);
      const pinned = await site.owner
        .post(`/api/v1/documents/${id}/preview-tokens`, { versionId: v1.body.id })
        .expect(201);
      expect(pinned.body).toMatchObject({
        token: expect.any(String),
        url: expect.stringContaining('/api/v1/published/preview?token='),
      });
      const latest = await site.owner
        .post(`/api/v1/documents/${id}/preview-tokens`, {})
        .expect(201);
      await write(site, id, 'second', 'Second draft.');
      const v2 = await site.owner.post(`/api/v1/documents/${id}/versions`, {}).expect(201);

      const read = (token: string, host?: string) => {
        const test = request(server.url).get('/api/v1/published/preview').query({ token });
        return host ? test.set('Host', host) : test;
      };
      const pinnedRead = await read(pinned.body.token).expect(200);
      expect(pinnedRead.headers['cache-control']).toBe('private, no-store');
      expect(pinnedRead.body).toMatchObject({ id, version: { id: v1.body.id }, publishedAt: null });
      expect(pinnedRead.body.html).toContain('Draft for preview.');
      expect(pinnedRead.body.html).not.toContain('Second draft.');
      const latestRead = await read(latest.body.token).expect(200);
      expect(latestRead.body.version.id).toBe(v2.body.id);
      // The document is still not published.
      await site.key(`/api/v1/published/documents/${id}`).expect(404);

      const token: string = pinned.body.token;
      const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
      const bad = await read(tampered).expect(401);
      expect(bad.body).toMatchObject({
        error: { code: 'unauthenticated', details: { reason: 'invalid' } },
      });
      const [head, , sig] = token.split('.');
      const forged = Buffer.from(
        JSON.stringify({
          tid: other.owner.tenant.id,
          sub: id,
          aud: 'folio:preview',
          iss: 'folio',
          exp: 9999999999,
        }),
      ).toString('base64url');
      await read(`${head}.${forged}.${sig}`).expect(401);

      const short = await site.owner
        .post(`/api/v1/documents/${id}/preview-tokens`, { ttlSeconds: 1 })
        .expect(201);
      const expired = await eventually(async () => {
        const res = await read(short.body.token);
        return res.status === 401 ? res : null;
      });
      expect(expired.body).toMatchObject({
        error: { code: 'unauthenticated', details: { reason: 'expired' } },
      });
      await site.owner
        .post(`/api/v1/documents/${id}/preview-tokens`, { ttlSeconds: 3601 })
        .expect(400);
    });

    it("another tenant's credentials get nothing on any route", async () => {
      const id = await publishedArticle(site, 'Tenant A Only', 'private to A');
      const foreign = (path: string, host: string) =>
        request(server.url)
          .get(path)
          .set('Authorization', `Bearer ${other.deliveryKey}`)
          .set('Host', host);
      const aHost = `${site.owner.tenant.slug}.localhost`;
      const bHost = `${other.owner.tenant.slug}.localhost`;
      // On A's host, B's key is refused outright; on B's host, A's documents do not exist.
      for (const path of [
        '/api/v1/published/documents',
        `/api/v1/published/documents/${id}`,
        '/api/v1/published/documents/tenant-a-only',
      ]) {
        const refused = await foreign(path, aHost).expect(403);
        expect(JSON.stringify(refused.body)).not.toContain('private to A');
      }
      await foreign(`/api/v1/published/documents/${id}`, bHost).expect(404);
      await foreign('/api/v1/published/documents/tenant-a-only', bHost).expect(404);
      const list = await foreign('/api/v1/published/documents', bHost).expect(200);
      expect(JSON.stringify(list.body)).not.toContain(id);
      // Preview tokens: B cannot mint one for A's document; A's token on B's host is not found.
      await other.owner.post(`/api/v1/documents/${id}/preview-tokens`, {}).expect(404);
      const token = await site.owner.post(`/api/v1/documents/${id}/preview-tokens`, {}).expect(201);
      const cross = await request(server.url)
        .get('/api/v1/published/preview')
        .query({ token: token.body.token })
        .set('Host', bHost)
        .expect(404);
      expect(JSON.stringify(cross.body)).not.toContain('private to A');
      await request(server.url)
        .get('/api/v1/published/preview')
        .query({ token: token.body.token })
        .set('Authorization', `Bearer ${other.deliveryKey}`)
        .expect(404);
    });
  });
}
