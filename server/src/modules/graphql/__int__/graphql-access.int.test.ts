/**
 * Access changes reach open graphql-ws connections: removing a member closes their socket with
 * 4401 (their access ended; final for graphql-ws clients), a role change that alters their permissions closes it with 1012 (reconnect), and an
 * unrelated member's connection stays open.
 */
import { startTestServer, type TestServer } from '../../../test/test-server.js';
import { waitUntil } from '../../../test/wait.js';
import { collect, hostOf, memberOf, wsClient, type TestMember } from './graphql-test-support.js';

describe('GraphQL websocket access follows changes', () => {
  let server: TestServer;
  let owner: TestMember;

  beforeAll(async () => {
    server = await startTestServer({ label: 'graphql-access' });
    owner = await memberOf(server, 'owner');
  });
  afterAll(async () => {
    await server?.close();
  });

  /** A subscribed graphql-ws client of `member`, with the close codes it saw. */
  async function subscribed(member: TestMember) {
    const closes: number[] = [];
    const client = wsClient(server, hostOf(member), member.token, (code) => closes.push(code));
    collect(client, 'subscription { documentPublished { documentId } }');
    // Operations on one socket run in order: once this answers, the connection is authenticated.
    await new Promise<void>((resolve, reject) =>
      client.subscribe(
        { query: '{ __typename }' },
        { next: () => undefined, error: reject, complete: resolve },
      ),
    );
    return { client, closes };
  }

  it('closes a removed member’s socket with 4401 and leaves others open', async () => {
    const removed = await memberOf(server, 'editor', owner.tenant);
    const bystander = await memberOf(server, 'editor', owner.tenant);
    const gone = await subscribed(removed);
    const stays = await subscribed(bystander);

    await owner.delete(`/api/v1/members/${removed.userId}`).expect(204);
    await waitUntil(() => gone.closes.length > 0, 'the removed member’s socket to close', 5_000);
    expect(gone.closes).toEqual([4401]);

    // The bystander's socket still serves operations.
    await new Promise<void>((resolve, reject) =>
      stays.client.subscribe(
        { query: '{ __typename }' },
        { next: () => undefined, error: reject, complete: resolve },
      ),
    );
    expect(stays.closes).toEqual([]);
    await stays.client.dispose();
  });

  it('asks a member whose permissions changed to reconnect (1012)', async () => {
    const member = await memberOf(server, 'editor', owner.tenant);
    const open = await subscribed(member);
    await owner.patch(`/api/v1/members/${member.userId}`, { role: 'viewer' }).expect(200);
    await waitUntil(() => open.closes.length > 0, 'the socket to close', 5_000);
    expect(open.closes).toEqual([1012]);
  });
});
