import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../../server/src/test/database.js';
import { FailoverProxy } from '../../server/src/test/fleet.js';
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

describe('a document session across a server restart', () => {
  let database: TestDatabase;
  let server: TestServer;
  let proxy: FailoverProxy;
  let member: TestMember;
  let documentId: string;
  const sessions = new Sessions();
  // One secret for both runs, so the token issued before the restart stays valid after it.
  const env = { FOLIO_SECRET: randomBytes(32).toString('base64url') };

  beforeAll(async () => {
    database = await createTestDatabase('sdk-restart');
    server = await startTestServer({ database, env });
    proxy = await FailoverProxy.start(server.node.port, () => [server.node.port]);
    ({ member, documentId } = await memberWithDocument(server));
  });
  afterAll(async () => {
    sessions.destroyAll();
    await proxy?.close();
    await server?.close();
    await database?.drop();
  });

  it('keeps edits made while the server was down and sends them once it is back', async () => {
    const getToken = () => Promise.resolve(member.token);
    const a = sessions.session(proxy.port, documentId, getToken);
    const statuses: string[] = [];
    a.on('status', (status) => statuses.push(status));
    await a.whenSynced();
    appendParagraph(a, 'before the restart');
    await a.whenPersisted();

    await server.close();
    await waitUntil(() => a.status !== 'connected', 'the session noticing the restart');
    appendParagraph(a, 'while the server was down');
    a.fields.set('offline', true);
    expect(a.persisted).toBe(false);

    server = await startTestServer({ database, env });
    await a.whenSynced();
    await a.whenPersisted();
    // A fresh session on the restarted server sees both edits: they are in its storage.
    const b = sessions.session(proxy.port, documentId, getToken);
    await b.whenSynced();
    await hasParagraph(b, 'while the server was down');
    expect(paragraphs(b.doc)).toEqual(['before the restart', 'while the server was down']);
    expect(b.fields.get('offline')).toBe(true);
    expect(statuses).toContain('disconnected');
    expect(a.status).toBe('connected');
  });
});
