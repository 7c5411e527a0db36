/**
 * One client connection inside a room: its identity and permission, its rate-limit buckets, how
 * many Yjs client ids it bound for awareness, and its socket behind the send-buffer ceiling.
 * A room holds hundreds of these, mostly idle, so each is kept to plain fields: the buckets are
 * one number each (timing.ts), the awareness ids live in the room's owner table, and a connection
 * that negotiated no extension shares one empty set.
 */
import { closeReason, type CloseSpec } from './close-codes.js';
import type { RoomLimits } from './room.options.js';
import type {
  ConnectionHandle,
  ConnectionInfo,
  Permission,
  RoomClock,
  RoomSocket,
} from './room.ports.js';
import { takeToken } from './timing.js';

const NO_EXTENSIONS: ReadonlySet<string> = new Set();

/** What happened to one send. */
export type SendOutcome = 'sent' | 'slow_consumer' | 'closed';

/**
 * Where a connection's handle delivers the adapter's events (the room's connection registry), and
 * the room's limits and clock, read through it rather than held by every connection.
 */
export interface ConnectionOwner {
  readonly limits: RoomLimits;
  readonly clock: RoomClock;
  receive(connection: RoomConnection, data: Uint8Array): void;
  leave(connection: RoomConnection): void;
}

/**
 * Per-connection state inside a room. It is also the handle `join` returns: the adapter sees it
 * only as a ConnectionHandle, and one object per connection is cheaper than an object and two
 * closures.
 */
export class RoomConnection implements ConnectionHandle {
  readonly id: string;
  readonly userId: string;
  readonly displayName: string;
  readonly extensions: ReadonlySet<string>;
  permission: Permission;
  /** How many Yjs client ids this connection bound for awareness (SPEC.md R14). */
  awarenessClientCount = 0;
  private isClosed = false;
  /** When each bucket would be full again (timing.ts `takeToken`); 0 = full. */
  private updateReadyAt = 0;
  private awarenessReadyAt = 0;

  constructor(
    readonly socket: RoomSocket,
    info: ConnectionInfo,
    private readonly owner: ConnectionOwner,
  ) {
    this.id = info.connectionId;
    this.userId = info.userId;
    this.displayName = info.displayName;
    this.permission = info.permission;
    const { extensions } = info;
    this.extensions =
      extensions === undefined || extensions.length === 0 ? NO_EXTENSIONS : new Set(extensions);
  }

  get connectionId(): string {
    return this.id;
  }

  /** ConnectionHandle: one complete message from the client. */
  receive(data: Uint8Array): void {
    this.owner.receive(this, data);
  }

  /** ConnectionHandle: the socket closed; idempotent. */
  leave(): void {
    this.owner.leave(this);
  }

  get isOpen(): boolean {
    return !this.isClosed;
  }

  get canWrite(): boolean {
    return this.permission === 'write';
  }

  /** Takes a token for a sync message; false means the connection exceeded its update rate. */
  takeUpdateToken(): boolean {
    const { limits, clock } = this.owner;
    const readyAt = takeToken(limits.updateRate, this.updateReadyAt, clock.now());
    if (Number.isNaN(readyAt)) return false;
    this.updateReadyAt = readyAt;
    return true;
  }

  /** Takes a token for an awareness change or query. */
  takeAwarenessToken(): boolean {
    const { limits, clock } = this.owner;
    const readyAt = takeToken(limits.awarenessRate, this.awarenessReadyAt, clock.now());
    if (Number.isNaN(readyAt)) return false;
    this.awarenessReadyAt = readyAt;
    return true;
  }

  /**
   * Sends unless the socket already holds more than the ceiling: a consumer that cannot keep up
   * is closed rather than buffered without bound (SPEC.md R23). A single message larger than the
   * ceiling still goes out to a drained socket, so a big initial sync is never refused.
   * The caller counts the bytes sent (once per broadcast rather than once per socket).
   */
  send(data: Uint8Array, maxBufferedBytes: number): SendOutcome {
    if (this.isClosed) return 'closed';
    if (this.socket.bufferedAmount() > maxBufferedBytes) return 'slow_consumer';
    this.socket.send(data);
    return 'sent';
  }

  /** Closes the socket once; later calls are ignored. */
  close(spec: CloseSpec, detail?: string): void {
    this.closeWithCode(spec.code, closeReason(spec, detail));
  }

  /** Closes with an arbitrary code (room.disconnect lets the adapter choose). */
  closeWithCode(code: number, reason: string): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.socket.close(code, reason);
  }

  /** Marks the connection gone without closing the socket (the client already left). */
  markLeft(): void {
    this.isClosed = true;
  }
}
