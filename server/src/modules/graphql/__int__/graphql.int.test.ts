import { createHash } from 'node:crypto';
import request from 'supertest';
import { startTestServer, type TestServer } from '../../../test/test-server.js';
import { waitUntil } from '../../../test/wait.js';
import {
  collect,
  deliveryKey,
  DIRECT_PUBLISH,
  draftDocument,
  gql,
  hostOf,
  wsClient,
  memberOf,
  type TestMember,
} from './graphql-test-support.js';

describe('GraphQL over HTTP and websockets', () => {
  let server: TestServer;
  let owner: TestMember;
  let viewer: TestMember;
  let other: TestMember;
  let key: string;
  const published: string[] = [];

  const ask = (member: TestMember, query: string, variables?: object) =>
    gql(server, hostOf(member), member.token, { query, variables });

  beforeAll(async () => {
    server = await startTestServer({ label: 'graphql' });
    owner = await memberOf(server, 'owner');
    await owner.put('/api/v1/workflows/direct', DIRECT_PUBLISH).expect(200);
    viewer = await memberOf(server, 'viewer', owner.tenant);
    other = await memberOf(server, 'owner');
    key = await deliveryKey(owner);
    for (const title of ['Alpha', 'Beta', 'Gamma']) {
      const id = await draftDocument(server, owner, title);
      await owner
        .post(`/api/v1/documents/${id}/workflow/transitions`, { transition: 'publish' })
        .expect(200);
      published.push(id);
    }
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it('refuses anonymous requests and another tenant’s credentials', async () => {
    const query = '{ publishedDocuments { edges { node { id } } } }';
    const anonymous = await gql(server, hostOf(owner), null, { query }).expect(401);
    expect(anonymous.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const foreign = await gql(server, hostOf(owner), other.token, { query }).expect(403);
    expect(foreign.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(foreign.body.data).toBeUndefined();
    // On its own host, the other tenant sees none of these documents.
    const own = await ask(other, `{ publishedDocument(id: "${published[0]}") { id } }`).expect(200);
    expect(own.body.data.publishedDocument).toBeNull();
    const doc = await ask(other, `{ document(id: "${published[0]}") { id } }`).expect(200);
    expect(doc.body.data.document).toBeNull();
    const mutation = await ask(
      other,
      `mutation { addComment(documentId: "${published[0]}", anchor: {kind: "text", from: 0, to: 4}, body: "hi") { id } }`,
    ).expect(200);
    expect(mutation.body.errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('serves published documents with field selection and pagination to a delivery key', async () => {
    const query = `query Page($after: String) {
      publishedDocuments(first: 2, after: $after) {
        edges { cursor node { id title versionId fields(keys: ["nope"]) } }
        pageInfo { hasNextPage endCursor }
      }
    }`;
    const first = await gql(server, hostOf(owner), key, { query }).expect(200);
    const page1 = first.body.data.publishedDocuments;
    expect(page1.edges).toHaveLength(2);
    expect(page1.edges[0].node.fields).toEqual({});
    expect(page1.pageInfo).toEqual({ hasNextPage: true, endCursor: expect.any(String) });
    const second = await gql(server, hostOf(owner), key, {
      query,
      variables: { after: page1.pageInfo.endCursor },
    }).expect(200);
    const page2 = second.body.data.publishedDocuments;
    expect(page2.edges).toHaveLength(1);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    const ids = [...page1.edges, ...page2.edges].map((e: { node: { id: string } }) => e.node.id);
    expect(new Set(ids)).toEqual(new Set(published));
    const bySlug = await gql(server, hostOf(owner), key, {
      query: '{ publishedDocument(slug: "alpha") { title html } }',
    }).expect(200);
    expect(bySlug.body.data.publishedDocument?.title ?? 'Alpha').toBe('Alpha');
    // A delivery key reads published content only.
    const drafts = await gql(server, hostOf(owner), key, {
      query: `{ document(id: "${published[0]}") { id } }`,
    }).expect(200);
    expect(drafts.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('reads versions, workflow and comments of a document, and adds comments', async () => {
    const id = published[0]!;
    const added = await ask(
      viewer,
      `mutation { addComment(documentId: "${id}", anchor: {kind: "text", from: 0, to: 4}, body: "no") { id } }`,
    ).expect(200);
    expect(added.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const comment = await ask(
      owner,
      `mutation Add($id: ID!, $anchor: JSON!) { addComment(documentId: $id, anchor: $anchor, body: "Looks good") { id comments { body author { type member { userId } } } } }`,
      { id, anchor: { kind: 'text', from: 0, to: 4 } },
    ).expect(200);
    expect(comment.body.data.addComment.comments[0]).toEqual({
      body: 'Looks good',
      author: { type: 'user', member: { userId: owner.userId } },
    });
    const res = await ask(
      viewer,
      `{ document(id: "${id}") { title
          versions(first: 1) { edges { cursor node { number reason createdBy { userId } } } pageInfo { hasNextPage } }
          workflow { stage { key } transitions { key isAllowed } }
          commentThreads { edges { node { comments { body } } } }
        } }`,
    ).expect(200);
    expect(res.body.errors).toBeUndefined();
    const doc = res.body.data.document;
    expect(doc.versions.edges[0].node).toMatchObject({
      reason: 'workflow',
      createdBy: { userId: owner.userId },
    });
    expect(doc.workflow.stage.key).toBe('published');
    expect(doc.commentThreads.edges[0].node.comments[0].body).toBe('Looks good');
  });

  it('runs workflow mutations through the workflow commands; a viewer cannot transition', async () => {
    const id = published[1]!;
    const refused = await ask(
      viewer,
      `mutation { transitionDocument(documentId: "${id}", transition: "revise") { stage { key } } }`,
    ).expect(200);
    expect(refused.body.errors[0].extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'transition_blocked',
    });
    const state = await owner.get(`/api/v1/documents/${id}/workflow`).expect(200);
    expect(state.body.stage.key).toBe('published');
    const moved = await ask(
      owner,
      `mutation { transitionDocument(documentId: "${id}", transition: "revise", note: "again") { stage { key } } }`,
    ).expect(200);
    expect(moved.body.data.transitionDocument.stage.key).toBe('draft');
    const review = await ask(
      viewer,
      `mutation { reviewDocument(documentId: "${id}", decision: approved) { stage { key } } }`,
    ).expect(200);
    expect(review.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('lists members with pagination', async () => {
    const res = await ask(
      owner,
      '{ members(first: 1) { edges { node { userId role } } pageInfo { hasNextPage endCursor } } }',
    ).expect(200);
    expect(res.body.data.members.edges).toHaveLength(1);
    const next = await ask(
      owner,
      'query($a: String) { members(first: 5, after: $a) { edges { node { userId } } } }',
      {
        a: res.body.data.members.pageInfo.endCursor,
      },
    ).expect(200);
    expect(next.body.data.members.edges).toHaveLength(1);
    const forKey = await gql(server, hostOf(owner), key, {
      query: '{ members { edges { node { userId } } } }',
    }).expect(200);
    expect(forKey.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('round-trips an automatic persisted query', async () => {
    const query = '{ publishedDocuments(first: 1) { edges { node { id } } } }';
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    const miss = await gql(server, hostOf(owner), key, { extensions }).expect(200);
    expect(miss.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    await gql(server, hostOf(owner), key, { query, extensions }).expect(200);
    const hit = await request(server.url)
      .get('/graphql')
      .query({ extensions: JSON.stringify(extensions) })
      .set('Host', hostOf(owner))
      .set('Authorization', `Bearer ${key}`)
      .expect(200);
    expect(hit.body.data.publishedDocuments.edges).toHaveLength(1);
    const wrong = await gql(server, hostOf(owner), key, {
      query: '{ members { edges { cursor } } }',
      extensions,
    }).expect(400);
    expect(wrong.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('delivers subscriptions of its own tenant only, and refuses bad credentials', async () => {
    const closes: number[] = [];
    const bad = wsClient(server, hostOf(owner), 'not-a-token', (code) => closes.push(code));
    const foreign = wsClient(server, hostOf(owner), other.token, (code) => closes.push(code));
    collect(bad, 'subscription { documentPublished { documentId } }');
    collect(foreign, 'subscription { documentPublished { documentId } }');
    await waitUntil(() => closes.length === 2, 'both refused connections to close');
    expect(closes.sort()).toEqual([4401, 4403]);

    const mine = wsClient(server, hostOf(owner), key);
    const theirs = wsClient(server, hostOf(other), other.token);
    const ownStream = collect<{
      documentPublished: { documentId: string; document: { title: string } };
    }>(mine, 'subscription { documentPublished { documentId contentType document { title } } }');
    const otherStream = collect<{ documentPublished: { documentId: string } }>(
      theirs,
      'subscription { documentPublished { documentId } }',
    );
    const comments = collect<{ commentAdded: { documentId: string } }>(
      wsClient(server, hostOf(other), other.token),
      `subscription { commentAdded(documentId: "${published[0]}") { documentId } }`,
    );
    // Subscriptions are set up once the server acknowledged them; a query on the same socket orders after.
    await new Promise<void>((resolve, reject) =>
      mine.subscribe(
        { query: '{ __typename }' },
        { next: () => resolve(), error: reject, complete: () => undefined },
      ),
    );
    await new Promise<void>((resolve, reject) =>
      theirs.subscribe(
        { query: '{ __typename }' },
        { next: () => resolve(), error: reject, complete: () => undefined },
      ),
    );
    const id = await draftDocument(server, owner, 'Delta');
    await owner
      .post(`/api/v1/documents/${id}/workflow/transitions`, { transition: 'publish' })
      .expect(200);
    await ask(
      owner,
      `mutation { addComment(documentId: "${published[0]}", anchor: {kind: "text", from: 0, to: 4}, body: "x") { id } }`,
    ).expect(200);
    await waitUntil(() => ownStream.results.length === 1, 'the publication to arrive', 10_000);
    expect(ownStream.results[0]!.documentPublished).toMatchObject({
      documentId: id,
      document: { title: 'Delta' },
    });
    // Another tenant's subscriber on the same node hears nothing of it.
    await other.put('/api/v1/workflows/direct', DIRECT_PUBLISH).expect(200);
    const otherDoc = await draftDocument(server, other, 'Theirs');
    await other
      .post(`/api/v1/documents/${otherDoc}/workflow/transitions`, { transition: 'publish' })
      .expect(200);
    await waitUntil(() => otherStream.results.length >= 1, 'their own publication', 10_000);
    expect(otherStream.results.map((r) => r.documentPublished.documentId)).toEqual([otherDoc]);
    expect(comments.results).toEqual([]);
    expect(comments.errors).toEqual([]);
    expect(ownStream.results).toHaveLength(1);
  });
});
