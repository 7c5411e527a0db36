import {
  appendParagraph,
  bodyText,
  connectProvider,
  destroyProvider,
  synced,
} from '../../../test/collab-client.js';
import { connectLive, type LiveClient } from '../../../test/live-client.js';
import { startTestServer, type TestServer } from '../../../test/test-server.js';
import { waitUntil } from '../../../test/wait.js';
import { createDocument, memberOf, workflowPath } from '../../../test/workflow-support.js';

interface LiveEvent {
  type: string;
  documentId: string;
  actor: { type: string; id: string };
  payload: { from: string; to: string; transition: string; versionId: string | null };
}

describe('workflow, live', () => {
  let server: TestServer;
  let live: LiveClient | null = null;

  beforeAll(async () => {
    server = await startTestServer({ label: 'workflow_live' });
  });
  afterAll(async () => {
    live?.close();
    await server?.close();
  });

  it("a reviewer connected read-only sees the author's edit and the transition live", async () => {
    const author = await memberOf(server, 'editor');
    const reviewer = await memberOf(server, 'reviewer', author.tenant);
    const documentId = await createDocument(author);
    const authorDoc = connectProvider(server.node.port, documentId, author.token);
    const reviewerDoc = connectProvider(server.node.port, documentId, reviewer.token);
    try {
      await Promise.all([synced(authorDoc), synced(reviewerDoc)]);
      live = await connectLive(server.node.port, reviewer.token);
      await live.request('document:join', { documentId });

      appendParagraph(authorDoc.doc, 'Typed by the author.');
      await waitUntil(
        () => bodyText(reviewerDoc.doc).includes('Typed by the author.'),
        "the author's edit at the reviewer",
      );

      const submitted = await author
        .post(`${workflowPath(documentId)}/transitions`, { transition: 'submit' })
        .expect(200);
      const event = await live.waitFor<LiveEvent>(
        'workflow.transitioned',
        (e) => e.documentId === documentId,
      );
      expect(event).toMatchObject({
        type: 'workflow.transitioned',
        actor: { type: 'user', id: author.userId },
        payload: {
          transition: 'submit',
          from: 'draft',
          to: 'in_review',
          versionId: submitted.body.frozenVersionId,
        },
      });
      await reviewer
        .post(`${workflowPath(documentId)}/reviews`, { decision: 'approved' })
        .expect(201);
      await live.waitFor('workflow.reviewed', (e: LiveEvent) => e.documentId === documentId);
    } finally {
      destroyProvider(authorDoc);
      destroyProvider(reviewerDoc);
    }
  });
});
