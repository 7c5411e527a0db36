import 'fake-indexeddb/auto';
import { startTestServer, type TestServer } from '../../server/src/test/test-server.js';
import { waitUntil } from '../../server/src/test/wait.js';
import {
  appendParagraph,
  hasParagraph,
  memberWithDocument,
  paragraphs,
  Sessions,
  type TestMember,
} from './documents-support.js';

describe('openDocumentSession against the real server', () => {
  let server: TestServer;
  let member: TestMember;
  let documentId: string;
  const sessions = new Sessions();
  const open = () =>
    sessions.session(server.node.port, documentId, () => Promise.resolve(member.token));

  beforeAll(async () => {
    server = await startTestServer({ label: 'sdk-documents' });
    ({ member, documentId } = await memberWithDocument(server));
  });
  afterEach(() => sessions.destroyAll());
  afterAll(async () => {
    await server?.close();
  });

  it('two sessions co-edit the body and the fields and converge', async () => {
    const [a, b] = [open(), open()];
    await Promise.all([a.whenSynced(), b.whenSynced()]);
    expect(a.status).toBe('connected');
    appendParagraph(a, 'from a');
    appendParagraph(b, 'from b');
    a.fields.set('title', 'Shared title');
    b.fields.set('summary', 'Written by b');
    await waitUntil(
      () => paragraphs(a.doc).length === 2 && paragraphs(b.doc).length === 2,
      'both paragraphs on both sides',
    );
    await waitUntil(() => b.fields.get('title') === 'Shared title', 'a field on b');
    await waitUntil(() => a.fields.get('summary') === 'Written by b', 'b field on a');
    expect(paragraphs(a.doc)).toEqual(paragraphs(b.doc));
    expect(a.fields.toJSON()).toEqual(b.fields.toJSON());
  });

  it('carries the member identity and colour in awareness', async () => {
    const [a, b] = [open(), open()];
    await Promise.all([a.whenSynced(), b.whenSynced()]);
    a.awareness.setLocalStateField('cursor', { anchor: 1 });
    await waitUntil(() => {
      const state = b.awareness.getStates().get(a.doc.clientID) as
        { user?: { id?: string; color?: string }; cursor?: unknown } | undefined;
      return (
        state?.user?.id === member.userId &&
        typeof state.user.color === 'string' &&
        state.cursor !== undefined
      );
    }, "a's presence on b");
    a.destroy();
    await waitUntil(() => !b.awareness.getStates().has(a.doc.clientID), "a's presence gone from b");
  });

  it('offline: edits made without any connection are kept in IndexedDB and sent later', async () => {
    const getToken = () => Promise.resolve(member.token);
    // Nothing listens on port 1: this session never connects, as in a browser gone offline.
    const offline = sessions.session(1, documentId, getToken, { offline: true, tenant: 't' });
    appendParagraph(offline, 'typed offline');
    await waitUntil(() => offline.status === 'disconnected', 'the failed connect');
    expect(offline.persisted).toBe(false);
    offline.destroy();
    // "Reloading the page": a new session finds the edit in IndexedDB and uploads it.
    const reloaded = sessions.session(server.node.port, documentId, getToken, {
      offline: true,
      tenant: 't',
    });
    await hasParagraph(reloaded, 'typed offline');
    await reloaded.whenSynced();
    await reloaded.whenPersisted();
    const fresh = open();
    await hasParagraph(fresh, 'typed offline');
  });
});
