import pg from 'pg';
import type { WebsocketProvider } from 'y-websocket';
import { roomKey } from '../../server/src/modules/collab/index.js';
import { docFromStoredState } from '../../server/src/modules/collab/room/index.js';
import { connectProvider, synced } from '../../server/src/test/collab-client.js';
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

describe('whenPersisted and the persist-ack extension', () => {
  let server: TestServer;
  let member: TestMember;
  let documentId: string;
  let admin: pg.Client;
  const sessions = new Sessions();
  const open = () =>
    sessions.session(server.node.port, documentId, () => Promise.resolve(member.token));
  /** The body paragraphs as PostgreSQL holds them right now (snapshot + update log). */
  const storedParagraphs = async () => {
    const stored = await server.node.collab.storage.load(roomKey(member.tenantId, documentId));
    return paragraphs(docFromStoredState(stored));
  };

  beforeAll(async () => {
    server = await startTestServer({ label: 'sdk-persisted' });
    ({ member, documentId } = await memberWithDocument(server));
    // The superuser on the test database: it may lock the log and read pg_stat_activity's queries.
    const url = new URL(server.database.superuserUrl);
    url.pathname = `/${server.database.database}`;
    admin = new pg.Client({ connectionString: url.toString() });
    await admin.connect();
  });
  afterEach(() => sessions.destroyAll());
  afterAll(async () => {
    await admin?.end();
    await server?.close();
  });

  it('resolves only once the edit is in PostgreSQL', async () => {
    const a = open();
    await a.whenSynced();
    expect(a.persisted).toBe(true);
    // Inserts into the update log block behind this lock until it is released.
    await admin.query('BEGIN');
    await admin.query('LOCK TABLE document_updates IN SHARE MODE');
    try {
      await blockedEdit(a);
    } finally {
      await admin.query('COMMIT');
    }
  }, 30_000);

  const blockedEdit = async (a: ReturnType<typeof open>) => {
    appendParagraph(a, 'durable line');
    expect(a.persisted).toBe(false);
    let resolvedAt: string[] | null = null;
    const persisted = a.whenPersisted().then(async () => {
      resolvedAt = await storedParagraphs();
    });
    await waitUntil(async () => {
      const { rows } = await admin.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_locks
          WHERE NOT granted AND relation = 'document_updates'::regclass`,
      );
      return rows[0]!.n > 0;
    }, 'the server waiting to insert the update');
    // The server holds the edit and is writing it, but it is not durable: no ack yet.
    expect(resolvedAt).toBeNull();
    expect(a.persisted).toBe(false);
    await admin.query('COMMIT');
    await persisted;
    expect(resolvedAt).toContain('durable line');
    expect(a.persisted).toBe(true);
  };

  it('covers every edit made before the call, across many updates', async () => {
    const a = open();
    await a.whenSynced();
    for (let i = 0; i < 50; i++) appendParagraph(a, `line ${i}`);
    await a.whenPersisted();
    const stored = await storedParagraphs();
    for (let i = 0; i < 50; i++) expect(stored).toContain(`line ${i}`);
  }, 30_000);

  it('sends a stock y-websocket client in the same room no extension message', async () => {
    const provider: WebsocketProvider = connectProvider(server.node.port, documentId, member.token);
    const types: number[] = [];
    const watch = () => {
      provider.ws?.addEventListener('message', (event: MessageEvent) => {
        types.push(new Uint8Array(event.data as ArrayBuffer)[0]!);
      });
    };
    provider.on('status', ({ status }: { status: string }) => status === 'connected' && watch());
    if (provider.wsconnected) watch();
    try {
      await synced(provider);
      const a = open();
      await a.whenSynced();
      appendParagraph(a, 'seen by the stock client');
      await a.whenPersisted();
      await waitUntil(
        () => provider.doc.getXmlFragment('body').toJSON().includes('seen by the stock client'),
        'the edit on the stock client',
      );
      // The stock client's own edit is persisted too; it just is never told.
      provider.doc.getMap('fields').set('stock', 1);
      await waitUntil(() => a.fields.get('stock') === 1, 'the stock edit on the session');
      await a.whenPersisted();
      expect(types.length).toBeGreaterThan(0);
      expect(types.filter((type) => type > 1)).toEqual([]);
    } finally {
      provider.destroy();
      provider.awareness.destroy();
      provider.doc.destroy();
    }
  }, 30_000);

  it('destroy closes the socket and leaves no timer running', async () => {
    const before = activeHandles();
    const a = open();
    await a.whenSynced();
    appendParagraph(a, 'then destroyed');
    await a.whenPersisted();
    const waiting = a.whenSynced();
    a.destroy();
    expect(a.status).toBe('disconnected');
    await expect(a.whenPersisted()).rejects.toThrow('destroyed');
    await expect(waiting).resolves.toBeUndefined();
    await waitUntil(() => activeHandles() <= before, 'the socket and timers to be gone');
    // The room noticed the close: nothing of the session is left on the server.
    await waitUntil(
      () =>
        (server.node.collab.manager.room(roomKey(member.tenantId, documentId))?.connectionCount ??
          0) === 0,
      'the room to drop the connection',
    );
    await hasParagraph(open(), 'then destroyed');
  }, 30_000);
});

/** Sockets and timers keeping the process alive (what a leaked session would add to). */
function activeHandles(): number {
  const resources = (process as unknown as { getActiveResourcesInfo(): string[] })
    .getActiveResourcesInfo()
    .filter((name) => name === 'Timeout' || name === 'TCPSocketWrap');
  return resources.length;
}
