import request from 'supertest';
import * as Y from 'yjs';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { createMember } from '../../../test/factories.js';
import { issueTestToken } from '../../../test/sessions.js';
import { startTestServer, type TestServer } from '../../../test/test-server.js';
import { eventually, waitUntil } from '../../../test/wait.js';
import { appendParagraph, bodyText, connectProvider, synced } from '../../../test/collab-client.js';

const EDITS = 120;

describe.each([
  { queue: 'the in-process queue', redis: false },
  { queue: 'bull on Redis', redis: true },
])('compaction of a live document through $queue', ({ redis }) => {
  let database: TestDatabase;
  let server: TestServer;

  beforeAll(async () => {
    database = await createTestDatabase('collab-compaction');
  });
  afterAll(async () => {
    await server?.close();
    await database?.drop();
  });

  const start = () =>
    startTestServer({
      database,
      redis,
      env: { COLLAB_COMPACT_AFTER_UPDATES: '25', COLLAB_COMPACT_AFTER_MS: '500' },
    });

  it('folds the log into a snapshot as edits arrive, and a new node loads every edit', async () => {
    server = await start();
    const ds = server.node.dataSource;
    const { tenant, user } = await createMember(ds, { role: 'editor' });
    const token = await issueTestToken(server.node, { tenantId: tenant.id, userId: user.id });
    const created = await request(server.url)
      .post('/api/v1/documents')
      .set('Authorization', `Bearer ${token}`)
      .send({ title: 'Compacted', contentType: 'page' })
      .expect(201);
    const documentId = (created.body as { id: string }).id;

    const writer = connectProvider(server.node.port, documentId, token);
    await synced(writer);
    for (let i = 0; i < EDITS; i += 1) {
      appendParagraph(writer.doc, `line ${i}`);
      if (i % 10 === 9) await new Promise((resolve) => setImmediate(resolve));
    }
    const stored = () =>
      withTenant(ds, tenant.id, async (tx) => {
        const [log] = await tx.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM document_updates WHERE document_id = $1`,
          [documentId],
        );
        const [snapshot] = await tx.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM document_snapshots WHERE document_id = $1`,
          [documentId],
        );
        return { logRows: log!.n, snapshots: snapshot!.n };
      });
    const folded = async () => {
      const now = await stored();
      return now.snapshots === 1 && now.logRows === 0 ? now : null;
    };
    await eventually(folded, 20_000);
    // A few more edits stay below the count threshold: the age threshold (500 ms) folds them.
    for (let i = EDITS; i < EDITS + 3; i += 1) appendParagraph(writer.doc, `line ${i}`);
    await eventually(async () => ((await stored()).logRows > 0 ? true : null), 10_000);
    await eventually(folded, 20_000);
    const metrics = await request(server.url).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/folio_collab_compaction_seconds_count\{[^}]*outcome="compacted"/);
    expect(metrics.text).toMatch(/folio_collab_flush_lag_seconds_count/);
    writer.destroy();
    writer.awareness.destroy();
    writer.doc.destroy();
    await server.close();

    server = await start();
    const fresh = await issueTestToken(server.node, { tenantId: tenant.id, userId: user.id });
    const reader = connectProvider(server.node.port, documentId, fresh, new Y.Doc());
    await synced(reader);
    await waitUntil(() => reader.doc.getXmlFragment('body').length === EDITS + 3, 'all paragraphs');
    expect(bodyText(reader.doc)).toContain(`line ${EDITS + 2}`);
    expect(bodyText(reader.doc).startsWith('<paragraph>line 0</paragraph>')).toBe(true);
    reader.destroy();
    reader.awareness.destroy();
    reader.doc.destroy();
  });
});
