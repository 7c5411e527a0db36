/** ETag / If-Match on a document's metadata (title, slug); its CRDT body is not concerned. */
import { checkIfMatch } from '../../../platform/http/__int__/if-match-check.js';
import { memberOf, type TestMember } from '../../../test/workflow-support.js';
import { startTestServer, type TestServer } from '../../../test/test-server.js';

describe('If-Match on /api/v1/documents/:id', () => {
  let server: TestServer;
  let alice: TestMember;
  let bob: TestMember;

  beforeAll(async () => {
    server = await startTestServer({ label: 'documents-if-match' });
    alice = await memberOf(server, 'editor');
    bob = await memberOf(server, 'editor', alice.tenant);
  }, 30_000);
  afterAll(async () => {
    await server?.close();
  });

  it('PATCH: stale refused with the current metadata, fresh and missing accepted', async () => {
    const created = await alice.post('/api/v1/documents', { title: 'Draft' }).expect(201);
    const path = `/api/v1/documents/${created.body.id}`;
    const accepted = await checkIfMatch({
      read: () => alice.get(path),
      pick: (body) => body,
      change: (ifMatch) => {
        const req = alice.patch(path, { title: 'Alice title' });
        return ifMatch ? req.set('If-Match', ifMatch) : req;
      },
      interfere: () => bob.patch(path, { slug: 'bobs-slug' }),
    });
    expect(accepted.body).toMatchObject({ title: 'Alice title', slug: 'bobs-slug' });
    // Every write answers with the ETag a read would send.
    const read = await alice.get(path).expect(200);
    expect(accepted.headers.etag).toBe(read.headers.etag);
    expect(created.headers.etag).toMatch(/^"[^"]+"$/);
  });

  it('DELETE: stale refused and the document kept, fresh accepted', async () => {
    const created = await alice.post('/api/v1/documents', { title: 'Doomed' }).expect(201);
    const path = `/api/v1/documents/${created.body.id}`;
    const stale = (await alice.get(path).expect(200)).headers.etag as string;
    await bob.patch(path, { title: 'Saved by Bob' }).expect(200);
    const refused = await alice.delete(path).set('If-Match', stale).expect(412);
    expect(refused.body.error).toMatchObject({
      code: 'precondition_failed',
      details: { current: { id: created.body.id, title: 'Saved by Bob' } },
    });
    await alice.get(path).expect(200);
    await alice.delete(path).set('If-Match', refused.body.error.details.etag).expect(204);
    await alice.get(path).expect(404);
  });

  it('a tag that is not an entity tag never matches; * always does', async () => {
    const created = await alice.post('/api/v1/documents', { title: 'Tags' }).expect(201);
    const path = `/api/v1/documents/${created.body.id}`;
    await alice.patch(path, { title: 'x' }).set('If-Match', 'garbage').expect(412);
    await alice.patch(path, { title: 'y' }).set('If-Match', '*').expect(200);
  });
});
