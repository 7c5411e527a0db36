/**
 * The SDK's API clients against the real server: typed REST with cursors and ETags, GraphQL
 * queries and a subscription, published content helpers and live events over socket.io.
 */
import { DIRECT_PUBLISH } from '../../server/src/modules/graphql/__int__/graphql-test-support.js';
import { startTestServer, type TestServer } from '../../server/src/test/test-server.js';
import { waitUntil } from '../../server/src/test/wait.js';
import type { Socket } from 'socket.io-client';
import {
  FolioGraphQLError,
  memoryTokenStore,
  type FolioClient,
  type LiveChannel,
  type LiveEvent,
} from '../src/index.js';
import {
  PASSWORD,
  passwordMember,
  sdkClient,
  signedIn,
  type PasswordMember,
} from './sdk-support.js';

describe('client SDK APIs', () => {
  let server: TestServer;
  let folio: FolioClient;
  let owner: PasswordMember;

  /** Creates a document with a paragraph of text and publishes it in one transition. */
  async function publishedDocument(title: string): Promise<string> {
    const created = await folio.rest.post('/api/v1/documents', { body: { title } });
    const id = (created as { id: string }).id;
    const me = await folio.auth.me();
    await server.node.content.change(me.tenant.id, id, (doc) => {
      doc.getMap('fields').set('summary', `${title} summary`);
    });
    await folio.rest.post(`/api/v1/documents/${id}/workflow/transitions`, {
      body: { transition: 'publish' },
    });
    return id;
  }

  beforeAll(async () => {
    server = await startTestServer({ label: 'sdk-apis' });
    owner = await passwordMember(server, 'owner');
    ({ folio } = await signedIn(server, owner));
    await folio.rest.put('/api/v1/workflows/direct', { body: DIRECT_PUBLISH });
  });
  afterAll(async () => {
    await folio?.close();
    await server?.close();
  });

  it('creates, pages through and updates documents with typed calls and ETags', async () => {
    for (const title of ['One', 'Two', 'Three']) {
      await folio.rest.post('/api/v1/documents', { body: { title: `Paged ${title}` } });
    }
    const first = await folio.rest.get<{ items: { id: string }[]; nextCursor: string | null }>(
      '/api/v1/documents',
      { query: { limit: 2 } },
    );
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const all: { title: string }[] = [];
    for await (const doc of folio.rest.paginate<{ title: string }>('/api/v1/documents', {
      query: { limit: 2 },
    })) {
      all.push(doc);
    }
    expect(
      all
        .map((d) => d.title)
        .filter((t) => t.startsWith('Paged'))
        .sort(),
    ).toEqual(['Paged One', 'Paged Three', 'Paged Two']);

    const id = first.items[0]!.id;
    const read = await folio.rest.tagged<{ title: string }>('GET', `/api/v1/documents/${id}`);
    expect(read.etag).toEqual(expect.any(String));
    // The typed form: path parameters and body checked against the OpenAPI document.
    const renamed = await folio.rest.patch('/api/v1/documents/{id}', {
      params: { id },
      body: { title: 'Renamed' },
      ifMatch: read.etag!,
    });
    expect(renamed).toMatchObject({ id, title: 'Renamed' });
    // The same (now stale) tag is refused: someone changed the document since it was read.
    await expect(
      folio.rest.patch('/api/v1/documents/{id}', {
        params: { id },
        body: { title: 'Lost update' },
        ifMatch: read.etag!,
      }),
    ).rejects.toMatchObject({ status: 412, code: 'precondition_failed' });
    await expect(folio.rest.get(`/api/v1/documents/${id}`)).resolves.toMatchObject({
      title: 'Renamed',
    });

    await folio.rest.delete('/api/v1/documents/{id}', { params: { id } });
    await expect(
      folio.rest.get('/api/v1/documents/{id}', { params: { id } }),
    ).rejects.toMatchObject({ status: 404, code: 'not_found' });
  });

  it('maps refusals to FolioApiError with the server code and details', async () => {
    await expect(
      folio.rest.post('/api/v1/documents', { body: { title: '' } }),
    ).rejects.toMatchObject({
      status: 400,
      code: 'validation_failed',
    });
    await expect(
      folio.rest.get('/api/v1/documents/{documentId}/workflow', {
        params: { documentId: '00000000-0000-4000-8000-000000000000' },
      }),
    ).rejects.toMatchObject({ status: 404, code: 'not_found' });
  });

  it('queries over GraphQL and raises GraphQL errors as FolioGraphQLError', async () => {
    const id = await publishedDocument('Graph Doc');
    const data = await folio.graphql.query<{ publishedDocument: { title: string } | null }>(
      'query ($id: ID!) { publishedDocument(id: $id) { title } }',
      { id },
    );
    expect(data.publishedDocument).toEqual({ title: 'Graph Doc' });
    const error = await folio.graphql.query('{ noSuchField }').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FolioGraphQLError);
    expect((error as FolioGraphQLError).message).toMatch(/noSuchField/);
  });

  it('receives documentPublished through a graphql-ws subscription', async () => {
    const received: { documentPublished: { documentId: string } }[] = [];
    const errors: unknown[] = [];
    const stop = folio.graphql.subscribe<{ documentPublished: { documentId: string } }>(
      'subscription { documentPublished { documentId } }',
      undefined,
      { next: (data) => received.push(data), error: (e) => errors.push(e) },
    );
    // Operations on one socket are handled in order: once this query answers, the subscription is live.
    await new Promise<void>((resolve, reject) => {
      folio.graphql.subscribe('query { __typename }', undefined, {
        next: () => undefined,
        error: reject,
        complete: resolve,
      });
    });
    const id = await publishedDocument('Subscribed Doc');
    await waitUntil(() => received.length > 0, 'the publication to arrive', 10_000);
    expect(received[0]!.documentPublished.documentId).toBe(id);
    expect(errors).toEqual([]);
    stop();
  });

  it('lists, gets and iterates published content with paging and field selection', async () => {
    const ids = [await publishedDocument('Content A'), await publishedDocument('Content B')];
    const page = await folio.content.list({ limit: 1 });
    expect(page.items).toHaveLength(1);
    expect(page.nextCursor).toEqual(expect.any(String));
    const titles: string[] = [];
    for await (const doc of folio.content.iterate({ limit: 1 })) titles.push(doc.title);
    expect(titles).toEqual(expect.arrayContaining(['Content A', 'Content B']));
    expect(new Set(titles).size).toBe(titles.length);

    const one = await folio.content.get(ids[0]!, { fields: ['summary'], include: ['html'] });
    expect(one).toMatchObject({
      id: ids[0],
      title: 'Content A',
      fields: { summary: 'Content A summary' },
    });
    expect(one.html).toEqual(expect.any(String));
    expect(one.body).toBeUndefined();
    const bySlug = await folio.content.get(one.slug);
    expect(bySlug.id).toBe(ids[0]);
    await expect(folio.content.get('never-published')).rejects.toMatchObject({ status: 404 });
  });

  it('delivers live events of a watched document over socket.io', async () => {
    const created = (await folio.rest.post('/api/v1/documents', {
      body: { title: 'Live Doc' },
    })) as { id: string };
    const live = folio.live();
    const events: LiveEvent[] = [];
    const off = live.on<LiveEvent>('workflow.transitioned', (event) => events.push(event));
    const leave = await live.watchDocument(created.id);
    await folio.rest.post(`/api/v1/documents/${created.id}/workflow/transitions`, {
      body: { transition: 'publish' },
    });
    await waitUntil(
      () => events.some((e) => e.documentId === created.id),
      'the transition event',
      10_000,
    );
    expect(events.find((e) => e.documentId === created.id)).toMatchObject({
      type: 'workflow.transitioned',
    });
    await expect(live.watchDocument('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
      code: 'not_found',
    });
    const presence = await live.presence(created.id);
    expect(presence.users).toEqual([
      expect.objectContaining({ userId: owner.userId, mode: 'view', connections: 1 }),
    ]);
    leave();
    off();
  });

  it('reconnects the live channel with a refreshed token and rejoins watched documents', async () => {
    const store = memoryTokenStore();
    const { folio: client, requests } = sdkClient(server, owner.tenant.slug, store);
    await client.auth.login({ email: owner.email, password: PASSWORD });
    const created = (await client.rest.post('/api/v1/documents', {
      body: { title: 'Reconnect Doc' },
    })) as { id: string };
    const live = client.live();
    const events: LiveEvent[] = [];
    live.on<LiveEvent>('workflow.transitioned', (event) => events.push(event));
    await live.watchDocument(created.id);

    // The access token is due for renewal when the connection drops: the reconnect must refresh.
    store.set({ ...store.get()!, expiresAt: Date.now() - 1000 });
    requests.length = 0;
    const reconnected = new Promise<void>((resolve) =>
      internalSocket(live).io.once('reconnect', () => resolve()),
    );
    internalSocket(live).io.engine.close();
    await reconnected;
    await waitUntil(() => live.connected, 'the live channel to reconnect', 10_000);
    expect(requests).toEqual(['POST /api/v1/auth/refresh']);
    await waitUntil(
      async () => (await live.presence(created.id).catch(() => null)) !== null,
      'the document to be rejoined',
      10_000,
    );

    await client.rest.post(`/api/v1/documents/${created.id}/workflow/transitions`, {
      body: { transition: 'publish' },
    });
    await waitUntil(
      () => events.some((e) => e.documentId === created.id),
      'the event after the reconnect',
      10_000,
    );
    await client.close();
  });
});

/** The SDK's socket.io socket, to drop its transport as a network failure would. */
function internalSocket(live: LiveChannel): Socket {
  return (live as unknown as { socket: Socket }).socket;
}
