import * as encoding from 'lib0/encoding';
import { AccessTokens } from '../../server/src/modules/identity/index.js';
import { openRawSocket } from '../../server/src/test/collab-client.js';
import { createMember } from '../../server/src/test/factories.js';
import { issueTestToken } from '../../server/src/test/sessions.js';
import { startTestServer, type TestServer } from '../../server/src/test/test-server.js';
import { waitUntil } from '../../server/src/test/wait.js';
import { readTokenClaims } from '../src/documents/token.js';
import {
  appendParagraph,
  hasParagraph,
  memberWithDocument,
  Sessions,
  type TestMember,
} from './documents-support.js';

/** Access tokens live this long here (the default is ten minutes). */
const SHORT_TTL_SECONDS = 2;

describe('document sessions and access-token expiry (token-refresh extension)', () => {
  let server: TestServer;
  let member: TestMember;
  let documentId: string;
  let shortTokens: AccessTokens;
  let sessionId: string;
  const sessions = new Sessions();
  /** Tokens of the member's real session that expire in SHORT_TTL_SECONDS. */
  const shortToken = async () => {
    const { token } = await shortTokens.issue({ ...member, sessionId });
    return token;
  };
  const url = (token: string, ext = 'token-refresh') =>
    `ws://127.0.0.1:${server.node.port}/collab/${documentId}?token=${token}&ext=${ext}`;

  beforeAll(async () => {
    server = await startTestServer({ label: 'sdk-tokens' });
    ({ member, documentId } = await memberWithDocument(server));
    // Signed with the node's own key: the server cannot tell them from login's, only shorter.
    shortTokens = new AccessTokens(server.node.secrets, SHORT_TTL_SECONDS);
    sessionId = (
      JSON.parse(Buffer.from(member.token.split('.')[1]!, 'base64url').toString()) as {
        sid: string;
      }
    ).sid;
  });
  afterEach(() => sessions.destroyAll());
  afterAll(async () => {
    await server?.close();
  });

  it('refreshes in band: one connection outlives several tokens and loses no edit', async () => {
    const issued: string[] = [];
    const getToken = async () => {
      const token = await shortToken();
      issued.push(token);
      return token;
    };
    const a = sessions.session(server.node.port, documentId, getToken);
    const statuses: string[] = [];
    a.on('status', (status) => statuses.push(status));
    await a.whenSynced();
    expect(a.permission).toBe('write');
    const firstExpiry = readTokenClaims(issued[0]!).expiresAt!;
    let line = 0;
    // Edits keep flowing while three tokens expire.
    await waitUntil(
      () => {
        appendParagraph(a, `line ${line++}`);
        return Date.now() > firstExpiry + 2 * SHORT_TTL_SECONDS * 1000;
      },
      'three token lifetimes',
      15_000,
      100,
    );
    await a.whenPersisted();
    expect(issued.length).toBeGreaterThanOrEqual(3);
    // Never disconnected: the refreshes replaced the expiry in place.
    expect(statuses).toEqual(['connected']);
    const b = sessions.session(server.node.port, documentId, () => Promise.resolve(member.token));
    await b.whenSynced();
    await hasParagraph(b, `line ${line - 1}`);
  }, 30_000);

  it('closes a connection whose token expires unrefreshed with 4401', async () => {
    const socket = await openRawSocket(url(await shortToken()));
    const { code } = await socket.closed;
    expect(code).toBe(4401);
  }, 15_000);

  it('does not enforce token expiry on connections that did not negotiate the extension', async () => {
    const socket = await openRawSocket(url(await shortToken(), ''));
    const token = readTokenClaims(await shortToken()).expiresAt!;
    await waitUntil(() => Date.now() > token + 1000, 'the token to expire', 10_000, 100);
    expect(socket.isClosed()).toBe(false);
    socket.socket.close();
  }, 15_000);

  it('refuses a refresh carrying another user’s token with 4403, an invalid one with 4401', async () => {
    const other = await createMember(server.node.dataSource, { role: 'editor' });
    const otherToken = await issueTestToken(server.node, {
      tenantId: other.tenant.id,
      userId: other.user.id,
    });
    for (const [token, expected] of [
      [otherToken, 4403],
      ['not-a-token', 4401],
    ] as const) {
      const socket = await openRawSocket(url(member.token));
      await waitUntil(() => socket.received.some((m) => m[0] === 101), 'the announcement');
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 101);
      encoding.writeVarUint(encoder, 0);
      encoding.writeVarString(encoder, token);
      socket.socket.send(encoding.toUint8Array(encoder));
      expect((await socket.closed).code).toBe(expected);
    }
  }, 15_000);

  it('after a 4401 reconnects with a forced refresh and sends the edits made meanwhile', async () => {
    const forced: boolean[] = [];
    const getToken = async (options?: { forceRefresh?: boolean }) => {
      forced.push(options?.forceRefresh === true);
      return shortToken();
    };
    // Refreshing only after expiry: the server closes the connection with 4401 first.
    const a = sessions.session(server.node.port, documentId, getToken, { refreshLeadMs: -60_000 });
    const statuses: string[] = [];
    a.on('status', (status) => statuses.push(status));
    await a.whenSynced();
    await waitUntil(() => statuses.includes('disconnected'), 'the 4401 close', 10_000);
    appendParagraph(a, 'made after the token expired');
    await waitUntil(() => forced.includes(true), 'a forced refresh');
    await a.whenSynced();
    await a.whenPersisted();
    const b = sessions.session(server.node.port, documentId, () => Promise.resolve(member.token));
    await hasParagraph(b, 'made after the token expired');
  }, 30_000);
});
