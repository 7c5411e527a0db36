/**
 * `folio.openDocument` as the client wires it: the collab URL from the client's origin, tokens
 * from the client's auth (refreshed through it), the signed-in identity in awareness, and a change
 * made through one client's session durable and visible to another client's.
 */
import { startTestServer, type TestServer } from '../../server/src/test/test-server.js';
import { waitUntil } from '../../server/src/test/wait.js';
import { memoryTokenStore, type DocumentSession } from '../src/index.js';
import {
  PASSWORD,
  passwordMember,
  sdkClient,
  signedIn,
  type PasswordMember,
} from './sdk-support.js';

describe('folio.openDocument', () => {
  let server: TestServer;
  let member: PasswordMember;
  const sessions: DocumentSession[] = [];

  beforeAll(async () => {
    server = await startTestServer({ label: 'sdk-open-document' });
    member = await passwordMember(server, 'editor');
  });
  afterEach(() => {
    for (const session of sessions.splice(0)) session.destroy();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('co-edits a document between two clients, durably, as the signed-in member', async () => {
    const [{ folio: a }, { folio: b }] = [
      await signedIn(server, member),
      await signedIn(server, member),
    ];
    const created = await a.rest.post<{ id: string }>('/api/v1/documents', {
      body: { title: 'Wired' },
    });
    const first = a.openDocument(created.id);
    const second = b.openDocument(created.id);
    sessions.push(first, second);
    await Promise.all([first.whenSynced(), second.whenSynced()]);
    expect(first.permission).toBe('write');

    first.fields.set('summary', 'Through the client');
    await first.whenPersisted();
    await waitUntil(
      () => second.fields.get('summary') === 'Through the client',
      'the change on the other client',
    );
    await waitUntil(() => {
      const state = second.awareness.getStates().get(first.doc.clientID) as
        { user?: { id?: string; name?: string } } | undefined;
      return state?.user?.id === member.userId && typeof state.user.name === 'string';
    }, "the first client's identity in awareness");

    // The server's copy has it (read through REST, not through the sessions).
    const content = await b.rest.get<{ fields?: Record<string, unknown> }>(
      `/api/v1/documents/${created.id}/content`,
    );
    expect(JSON.stringify(content)).toContain('Through the client');
  });

  it('connects with a token the client refreshes first when its own is due', async () => {
    const store = memoryTokenStore();
    const { folio, requests } = sdkClient(server, member.tenant.slug, store);
    await folio.auth.login({ email: member.email, password: PASSWORD });
    const created = await folio.rest.post<{ id: string }>('/api/v1/documents', {
      body: { title: 'Due token' },
    });
    store.set({ ...store.get()!, expiresAt: Date.now() - 1000 });
    requests.length = 0;

    const session = folio.openDocument(created.id);
    sessions.push(session);
    await session.whenSynced();
    expect(requests).toEqual(['POST /api/v1/auth/refresh']);
    expect(session.status).toBe('connected');
  });
});
