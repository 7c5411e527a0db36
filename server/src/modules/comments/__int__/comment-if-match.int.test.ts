/** ETag / If-Match on one comment (GET, PATCH, DELETE). */
import * as Y from 'yjs';
import { checkIfMatch } from '../../../platform/http/__int__/if-match-check.js';
import { createDocument, memberOf, type TestMember } from '../../../test/workflow-support.js';
import { startTestServer, type TestServer } from '../../../test/test-server.js';

describe('If-Match on comments', () => {
  let server: TestServer;
  let author: TestMember;
  let documentId: string;

  const newComment = async (body: string) => {
    const thread = await author
      .post(`/api/v1/documents/${documentId}/comments`, {
        anchor: { kind: 'text', from: 0, to: 4 },
        body,
      })
      .expect(201);
    return `/api/v1/documents/${documentId}/comments/${thread.body.id}/comments/${thread.body.comments[0].id}`;
  };

  beforeAll(async () => {
    server = await startTestServer({ label: 'comments-if-match' });
    author = await memberOf(server, 'editor');
    documentId = await createDocument(author, 'Discussed');
    await server.node.content.change(author.tenant.id, documentId, (doc) => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText('Words to comment on')]);
      doc.getXmlFragment('body').insert(0, [paragraph]);
    });
  }, 30_000);
  afterAll(async () => {
    await server?.close();
  });

  it('PATCH: stale refused with the current comment, fresh and missing accepted', async () => {
    const path = await newComment('First thought');
    const accepted = await checkIfMatch({
      read: () => author.get(path),
      pick: (body) => body,
      change: (ifMatch) => {
        const req = author.patch(path, { body: 'Considered thought' });
        return ifMatch ? req.set('If-Match', ifMatch) : req;
      },
      // The author again, from another tab.
      interfere: () => author.patch(path, { body: 'Second thought' }),
    });
    expect(accepted.body.body).toBe('Considered thought');
  });

  it('DELETE: stale refused and the comment kept, fresh accepted', async () => {
    const path = await newComment('Delete me');
    const stale = (await author.get(path).expect(200)).headers.etag as string;
    await author.patch(path, { body: 'Keep me after all' }).expect(200);
    const refused = await author.delete(path).set('If-Match', stale).expect(412);
    expect(refused.body.error.details.current).toMatchObject({
      body: 'Keep me after all',
      deletedAt: null,
    });
    expect((await author.get(path).expect(200)).body.deletedAt).toBeNull();
    await author.delete(path).set('If-Match', refused.body.error.details.etag).expect(204);
    expect((await author.get(path).expect(200)).body).toMatchObject({ body: null });
  });
});
