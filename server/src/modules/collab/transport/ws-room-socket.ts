/**
 * Adapts one `ws` WebSocket to the room core's RoomSocket, and keeps it alive: a ping every
 * interval, and a socket that answered none of the last one is terminated (a dead peer behind a
 * NAT never sends a close, and the room would otherwise hold its awareness forever).
 */
import { WebSocket, type RawData } from 'ws';
import type { RoomSocket } from '../room/index.js';

/** RoomSocket over a `ws` socket; `send` after close drops, as the port requires. */
export class WsRoomSocket implements RoomSocket {
  constructor(private readonly socket: WebSocket) {}

  send(data: Uint8Array): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    this.socket.send(data, { binary: true });
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    this.socket.close(code, reason);
  }

  bufferedAmount(): number {
    return this.socket.bufferedAmount;
  }
}

/** One message as bytes, whatever shape `ws` delivered it in. */
export function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Pings the socket every `intervalMs`; terminates it when the previous ping got no pong. */
export function keepAlive(socket: WebSocket, intervalMs: number): void {
  let alive = true;
  socket.on('pong', () => {
    alive = true;
  });
  const timer = setInterval(() => {
    if (!alive) {
      socket.terminate();
      return;
    }
    alive = false;
    socket.ping();
  }, intervalMs);
  timer.unref();
  socket.once('close', () => clearInterval(timer));
}
