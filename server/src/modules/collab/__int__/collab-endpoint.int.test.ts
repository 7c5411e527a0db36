import request from 'supertest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { withGlobal } from '../../../platform/db/unit-of-work.js';
import { createMember } from '../../../test/factories.js';
import { issueTestToken } from '../../../test/sessions.js';
import { startTestServer, type TestServer } from '../../../test/test-server.js';
import type { Tenant } from '../../tenancy/index.js';
import {
  appendParagraph,
  bodyText,
  closeCodeOf,
  connectProvider,
  synced,
} from '../../../test/collab-client.js';
import { waitUntil } from '../../../test/wait.js';

describe('/collab/<documentId> with the stock y-websocket client', () => {
  let database: TestDatabase;
  let server: TestServer;
  let tenant: Tenant;
  let members: { editor: string; viewer: string; outsider: string };
  let tokens: { editor: string; viewer: string; outsider: string };
  let outsiderTenant: Tenant;
  let documentId: string;
  const providers: WebsocketProvider[] = [];

  const open = (token: string, doc?: Y.Doc): WebsocketProvider => {
    const provider = connectProvider(server.node.port, documentId, token, doc);
    providers.push(provider);
    return provider;
  };
  const destroyProviders = () => {
    for (const provider of providers.splice(0)) {
      provider.destroy();
      // The provider's Awareness runs an interval that only the doc's destruction stops.
      provider.awareness.destroy();
      provider.doc.destroy();
    }
  };
  const issueTokens = async () => {
    const token = (userId: string, tenantId: string) =>
      issueTestToken(server.node, { tenantId, userId });
    tokens = {
      editor: await token(members.editor, tenant.id),
      viewer: await token(members.viewer, tenant.id),
      outsider: await token(members.outsider, outsiderTenant.id),
    };
  };

  beforeAll(async () => {
    database = await createTestDatabase('collab');
    server = await startTestServer({ database });
    const ds = server.node.dataSource;
    const editor = await createMember(ds, { role: 'editor' });
    tenant = editor.tenant;
    const viewer = await createMember(ds, { tenant, role: 'viewer' });
    const outsider = await createMember(ds, { role: 'editor' });
    outsiderTenant = outsider.tenant;
    members = { editor: editor.user.id, viewer: viewer.user.id, outsider: outsider.user.id };
    await issueTokens();
    const created = await request(server.url)
      .post('/api/v1/documents')
      .set('Authorization', `Bearer ${tokens.editor}`)
      .send({ title: 'Shared', contentType: 'page' })
      .expect(201);
    documentId = (created.body as { id: string }).id;
  });
  afterEach(destroyProviders);
  afterAll(async () => {
    destroyProviders();
    await server?.close();
    await database?.drop();
  });

  it('lets two editors co-edit body and fields and converge', async () => {
    const [a, b] = [open(tokens.editor), open(tokens.editor)];
    await Promise.all([synced(a), synced(b)]);
    appendParagraph(a.doc, 'from a');
    b.doc.getMap('fields').set('title', 'from b');
    appendParagraph(b.doc, 'from b');
    await waitUntil(
      () =>
        bodyText(a.doc) === bodyText(b.doc) &&
        bodyText(a.doc).includes('from a') &&
        bodyText(a.doc).includes('from b') &&
        a.doc.getMap('fields').get('title') === 'from b',
      'convergence',
    );
    expect(Y.encodeStateVector(a.doc)).toEqual(Y.encodeStateVector(b.doc));
    const scrape = await request(server.url).get('/metrics').expect(200);
    expect(scrape.text).toMatch(/folio_collab_connections_open\{[^}]*\} 2\b/);
    expect(scrape.text).toMatch(/folio_collab_updates_total\{[^}]*\} [1-9]/);
  });

  it("never applies a viewer's edits, while the viewer still receives the editor's", async () => {
    const [editor, viewer] = [open(tokens.editor), open(tokens.viewer)];
    await Promise.all([synced(editor), synced(viewer)]);
    appendParagraph(viewer.doc, 'viewer wrote this');
    appendParagraph(editor.doc, 'editor marker');
    // The marker reaching the viewer proves the viewer's earlier message was processed too.
    await waitUntil(() => bodyText(viewer.doc).includes('editor marker'), 'marker at viewer');
    const room = server.node.collab.manager.room(`${tenant.id}:${documentId}`);
    expect(bodyText(room!.doc!)).not.toContain('viewer wrote this');
    expect(bodyText(editor.doc)).not.toContain('viewer wrote this');
  });

  it('refuses bad tokens, other tenants and unknown documents with catalogue close codes', async () => {
    const base = `ws://127.0.0.1:${server.node.port}/collab`;
    expect(await closeCodeOf(`${base}/${documentId}`)).toBe(4401);
    expect(await closeCodeOf(`${base}/${documentId}?token=nonsense`)).toBe(4401);
    // The outsider's own tenant has no such document.
    expect(await closeCodeOf(`${base}/${documentId}?token=${tokens.outsider}`)).toBe(4404);
    // Naming the document's tenant by host does not let a foreign token in.
    const host = { host: `${tenant.slug}.localhost:${server.node.port}` };
    expect(await closeCodeOf(`${base}/${documentId}?token=${tokens.outsider}`, host)).toBe(4403);
    expect(await closeCodeOf(`${base}/${crypto.randomUUID()}?token=${tokens.editor}`)).toBe(4404);
    expect(await closeCodeOf(`${base}/not-a-uuid?token=${tokens.editor}`)).toBe(4404);
  });

  it("bounds a document by its tenant plan's documentBytes quota (4422)", async () => {
    const ds = server.node.dataSource;
    const small = await createMember(ds, { role: 'editor' });
    await withGlobal(ds, (tx) =>
      tx.query(`UPDATE tenants SET quotas = '{"documentBytes": 4096}' WHERE id = $1`, [
        small.tenant.id,
      ]),
    );
    const token = await issueTestToken(server.node, {
      tenantId: small.tenant.id,
      userId: small.user.id,
    });
    const created = await request(server.url)
      .post('/api/v1/documents')
      .set('Authorization', `Bearer ${token}`)
      .send({ title: 'Small', contentType: 'page' })
      .expect(201);
    const provider = connectProvider(server.node.port, (created.body as { id: string }).id, token);
    providers.push(provider);
    await synced(provider);
    const codes: number[] = [];
    provider.on('connection-close', (event) => {
      if (event) codes.push(event.code);
    });
    appendParagraph(provider.doc, 'fits');
    appendParagraph(provider.doc, 'x'.repeat(5000));
    await waitUntil(() => codes.length > 0, 'the close');
    expect(codes[0]).toBe(4422);
  });

  it('keeps every edit across a node restart on the same database', async () => {
    const writer = open(tokens.editor);
    await synced(writer);
    for (let i = 0; i < 50; i += 1) appendParagraph(writer.doc, `line ${i}`);
    writer.doc.getMap('fields').set('status', 'draft');
    const expected = bodyText(writer.doc);
    const room = () => server.node.collab.manager.room(`${tenant.id}:${documentId}`)?.doc;
    await waitUntil(() => room() != null && bodyText(room()!) === expected, 'server has all edits');
    await server.close();
    destroyProviders();

    server = await startTestServer({ database });
    await issueTokens();
    const reader = open(tokens.editor);
    await synced(reader);
    expect(bodyText(reader.doc)).toBe(expected);
    expect(reader.doc.getMap('fields').get('status')).toBe('draft');
  });
});
