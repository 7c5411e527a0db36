/**
 * Websocket upgrades that no endpoint owns. Each endpoint (collab, graphql-ws, the socket.io live
 * channel) listens to the HTTP server's 'upgrade' event itself and ignores paths it does not own;
 * this guard, added after all of them, answers every other path with 404 at once.
 *
 * Socket.io is attached with `destroyUpgrade: false` and relies on it. Its own guard hangs an
 * 'error' listener (a closure and its context, about 130 bytes with the listener array) on every
 * socket another endpoint upgrades, for as long as that socket stays open, and arms a 1 s timer
 * per upgrade: on a node holding thousands of collab sockets, memory for nothing.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';

/** Whether an endpoint answers this upgrade request (decided from the request line alone). */
export type UpgradeOwner = (request: IncomingMessage) => boolean;

/** Refuses, for as long as `server` runs, the upgrades none of `owners` takes. */
export function refuseUnownedUpgrades(server: Server, owners: readonly UpgradeOwner[]): void {
  server.on('upgrade', (request: IncomingMessage, socket: Duplex) => {
    if (owners.some((owns) => owns(request))) return;
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
}

/** The path of an upgrade request ('/' when it has none). */
export function upgradePath(request: IncomingMessage): string {
  return new URL(request.url ?? '/', 'http://upgrade.invalid').pathname;
}
