/**
 * The baseline: the stock y-websocket server, wired the way @y/websocket-server's bin/server.js
 * does (an http server whose upgrades go to `setupWSConnection`), without persistence or auth.
 *
 * @y/websocket-server is pinned to 0.1.1: 0.1.5 requires the Yjs 14 prerelease, while 0.1.1 takes
 * our yjs 13 as a peer, so baseline and Folio run the same Yjs. It is given ws 8 (the version
 * Folio uses) instead of the ws 6 its bin script would pick up, so the comparison is between the
 * collaboration engines, not between websocket libraries.
 *
 * Run as a child process by servers.ts: PORT and HOST from the environment; SIGTERM exits.
 */
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { setupWSConnection } from '@y/websocket-server/utils';

const port = Number(process.env.PORT);
const host = process.env.HOST ?? '127.0.0.1';
if (!Number.isInteger(port) || port <= 0) throw new Error('PORT must be set to a port number');

const wss = new WebSocketServer({ noServer: true });
const server = createServer((_request, response) => {
  response.writeHead(200, { 'Content-Type': 'text/plain' });
  response.end('okay');
});

// The document name is the request path (`collab/<document>`), as in the stock server.
wss.on('connection', (socket, request) => setupWSConnection(socket, request));
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
});
server.listen(port, host);

process.on('SIGTERM', () => process.exit(0));
