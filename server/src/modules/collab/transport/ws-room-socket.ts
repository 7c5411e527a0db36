/**
 * Adapts one `ws` WebSocket to the room core's RoomSocket, and keeps it alive: a ping every
 * interval, and a socket that answered none of the last one is terminated (a dead peer behind a
 * NAT never sends a close, and the room would otherwise hold its awareness forever).
 */
import { WebSocket, type RawData } from 'ws';
import type { RoomSocket } from '../room/index.js';

const BINARY = { binary: true } as const;

/**
 * The Buffer view of the message sent last. A broadcast hands the same bytes to every socket of a
 * room, and `ws` wraps a plain Uint8Array in a new Buffer view on every send: this makes that one
 * view per message instead of one per recipient. A view shares the bytes, so it is never stale;
 * it keeps just that one message alive until the next send.
 */
let lastBytes: Uint8Array | null = null;
let lastView: Buffer = Buffer.alloc(0);

function asBuffer(data: Uint8Array): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (data !== lastBytes) {
    lastBytes = data;
    lastView = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  }
  return lastView;
}

/** RoomSocket over a `ws` socket; `send` after close drops, as the port requires. */
export class WsRoomSocket implements RoomSocket {
  constructor(protected readonly socket: WebSocket) {}

  send(data: Uint8Array): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    this.socket.send(asBuffer(data), BINARY);
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

/**
 * Keepalive for every socket of the endpoint on one timer: each tick pings the sockets that
 * answered the previous ping and terminates the ones that did not. Per socket it costs a Set
 * entry and shared listeners, not a timer and closures of its own.
 */
export class KeepAlive {
  private readonly sockets = new Set<WebSocket>();
  private readonly awaitingPong = new Set<WebSocket>();
  private readonly timer: NodeJS.Timeout;
  private readonly onPong: (this: WebSocket) => void;
  private readonly onClose: (this: WebSocket) => void;

  constructor(intervalMs: number) {
    const { awaitingPong } = this;
    this.onPong = function (this: WebSocket) {
      awaitingPong.delete(this);
    };
    const forget = (socket: WebSocket) => this.forget(socket);
    this.onClose = function (this: WebSocket) {
      forget(this);
    };
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref();
  }

  /**
   * Keeps `socket` alive until it closes. With `forgetOnClose: false` the caller's own close
   * listener calls `forget` instead: every listener beyond a socket's first turns its listener
   * list into a growing array, and `once` wraps the listener in two more objects per socket.
   */
  watch(socket: WebSocket, options: { forgetOnClose?: boolean } = {}): void {
    this.sockets.add(socket);
    socket.on('pong', this.onPong);
    if (options.forgetOnClose !== false) socket.on('close', this.onClose);
  }

  /** Stops watching `socket` (it closed); idempotent. */
  forget(socket: WebSocket): void {
    this.sockets.delete(socket);
    this.awaitingPong.delete(socket);
  }

  /** Every socket watched that has not closed (the endpoint terminates them when it stops). */
  get watched(): ReadonlySet<WebSocket> {
    return this.sockets;
  }

  /** Stops pinging; the sockets stay in `watched` until they close. */
  stop(): void {
    clearInterval(this.timer);
    this.awaitingPong.clear();
  }

  private tick(): void {
    for (const socket of this.sockets) {
      if (this.awaitingPong.has(socket)) {
        this.forget(socket);
        socket.terminate();
        continue;
      }
      this.awaitingPong.add(socket);
      socket.ping();
    }
  }
}
