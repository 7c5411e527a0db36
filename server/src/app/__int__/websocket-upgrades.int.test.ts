import type { Socket } from 'node:net';
import type { IncomingMessage } from 'node:http';
import { WebSocket } from 'ws';
import { editorWithDocument } from '../../test/collab-client.js';
import { startTestServer, type TestServer } from '../../test/test-server.js';

/** The HTTP status an upgrade to `url` is answered with, or the socket error when there is none. */
function upgradeStatus(url: string): Promise<number | string> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error(`no answer from ${url}`));
    }, 5000);
    socket.on('unexpected-response', (_request, response) => {
      clearTimeout(timer);
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('open', () => {
      clearTimeout(timer);
      resolve(101);
      socket.close();
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      resolve(error.message);
    });
  });
}

describe('websocket upgrades of a node (collab, graphql-ws and socket.io on one server)', () => {
  let server: TestServer;
  let ws: string;

  beforeAll(async () => {
    server = await startTestServer({ label: 'upgrades' });
    ws = server.url.replace('http:', 'ws:');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers an upgrade to a path no endpoint owns with a 404 response', async () => {
    // Without the guard these would hang (or, with socket.io's own guard, end without a response).
    expect(await upgradeStatus(`${ws}/nothing-here`)).toBe(404);
    expect(await upgradeStatus(`${ws}/collab/a/b`)).toBe(404);
    expect(await upgradeStatus(`${ws}/graphql/more`)).toBe(404);
  });

  it('still upgrades every endpoint it owns', async () => {
    const { documentId, token } = await editorWithDocument(server, 'Upgrades');
    expect(await upgradeStatus(`${ws}/collab/${documentId}?token=${token}`)).toBe(101);
    expect(await upgradeStatus(`${ws}/live/?EIO=4&transport=websocket`)).toBe(101);
    const graphql = new WebSocket(`${ws}/graphql`, 'graphql-transport-ws');
    await new Promise((resolve, reject) => {
      graphql.once('open', resolve);
      graphql.once('error', reject);
    });
    graphql.close();
  });

  it("leaves no listener of socket.io's on another endpoint's socket", async () => {
    const { documentId, token } = await editorWithDocument(server, 'Listeners');
    const upgraded: Socket[] = [];
    const capture = (_request: IncomingMessage, socket: Socket) => void upgraded.push(socket);
    const http = server.node.live.io.httpServer;
    http.on('upgrade', capture);
    try {
      const client = new WebSocket(`${ws}/collab/${documentId}?token=${token}`);
      await new Promise((resolve, reject) => {
        client.once('open', resolve);
        client.once('error', reject);
      });
      expect(upgraded).toHaveLength(1);
      // ws's own error handler, and nothing that would stay with the socket for its lifetime.
      expect(upgraded[0]!.listenerCount('error')).toBe(1);
      client.close();
    } finally {
      http.off('upgrade', capture);
    }
  });
});
