import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { waitUntil } from '../../../test/wait.js';
import { KeepAlive } from './ws-room-socket.js';

describe('KeepAlive (one timer for every socket)', () => {
  let wss: WebSocketServer;
  let keepAlive: KeepAlive;
  const clients: WebSocket[] = [];

  beforeEach(async () => {
    keepAlive = new KeepAlive(40);
    wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    wss.on('connection', (socket) => keepAlive.watch(socket));
    await once(wss, 'listening');
  });
  afterEach(async () => {
    keepAlive.stop();
    for (const client of clients.splice(0)) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  });

  const connect = async (autoPong: boolean) => {
    const { port } = wss.address() as AddressInfo;
    const client = new WebSocket(`ws://127.0.0.1:${port}`, { autoPong });
    clients.push(client);
    await once(client, 'open');
    return client;
  };

  it('drops a peer that stopped answering pings and keeps the ones that answer', async () => {
    const silent = await connect(false);
    // Listened for at once: two ticks (80 ms) after it connected the keepalive ends it, and on a
    // loaded machine the second connect can take longer than that.
    const closed = once(silent, 'close');
    const answering = await connect(true);
    let pings = 0;
    answering.on('ping', () => void (pings += 1));
    await closed;
    // The answering peer outlives several more rounds.
    await waitUntil(() => pings >= 4, 'four more pings to the answering peer');
    expect(answering.readyState).toBe(WebSocket.OPEN);
  });
});
