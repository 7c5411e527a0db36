/**
 * One client connection inside a room: its identity and permission, its rate-limit buckets, the
 * Yjs client ids it bound for awareness, and its socket behind the send-buffer ceiling.
 */
import { closeReason, type CloseSpec } from './close-codes.js';
import type { RoomLimits } from './room.options.js';
import type {
  ConnectionInfo,
  Permission,
  RoomClock,
  RoomMetrics,
  RoomSocket,
} from './room.ports.js';
import { TokenBucket } from './timing.js';

/** What happened to one send. */
export type SendOutcome = 'sent' | 'slow_consumer' | 'closed';

/** Per-connection state inside a room. */
export class RoomConnection {
  readonly id: string;
  readonly userId: string;
  readonly displayName: string;
  readonly extensions: ReadonlySet<string>;
  permission: Permission;
  /** Yjs client ids whose awareness this connection owns (SPEC.md R14). */
  readonly awarenessClients = new Set<number>();
  private readonly updateBucket: TokenBucket;
  private readonly awarenessBucket: TokenBucket;
  private closedWith: { code: number; reason: string } | null = null;

  constructor(
    readonly socket: RoomSocket,
    info: ConnectionInfo,
    limits: RoomLimits,
    clock: RoomClock,
    private readonly metrics: RoomMetrics,
  ) {
    this.id = info.connectionId;
    this.userId = info.userId;
    this.displayName = info.displayName;
    this.permission = info.permission;
    this.extensions = new Set(info.extensions ?? []);
    this.updateBucket = new TokenBucket(limits.updateRate, clock);
    this.awarenessBucket = new TokenBucket(limits.awarenessRate, clock);
  }

  get isOpen(): boolean {
    return this.closedWith === null;
  }

  get canWrite(): boolean {
    return this.permission === 'write';
  }

  /** Takes a token for a sync message; false means the connection exceeded its update rate. */
  takeUpdateToken(): boolean {
    return this.updateBucket.take();
  }

  /** Takes a token for an awareness change or query. */
  takeAwarenessToken(): boolean {
    return this.awarenessBucket.take();
  }

  /**
   * Sends unless the socket already holds more than the ceiling: a consumer that cannot keep up
   * is closed rather than buffered without bound (SPEC.md R23). A single message larger than the
   * ceiling still goes out to a drained socket, so a big initial sync is never refused.
   */
  send(data: Uint8Array, maxBufferedBytes: number): SendOutcome {
    if (!this.isOpen) return 'closed';
    if (this.socket.bufferedAmount() > maxBufferedBytes) return 'slow_consumer';
    this.socket.send(data);
    this.metrics.bytesOut(data.length);
    return 'sent';
  }

  /** Closes the socket once; later calls are ignored. */
  close(spec: CloseSpec, detail?: string): void {
    this.closeWithCode(spec.code, closeReason(spec, detail));
  }

  /** Closes with an arbitrary code (room.disconnect lets the adapter choose). */
  closeWithCode(code: number, reason: string): void {
    if (this.closedWith !== null) return;
    this.closedWith = { code, reason };
    this.socket.close(code, reason);
  }

  /** Marks the connection gone without closing the socket (the client already left). */
  markLeft(): void {
    this.closedWith ??= { code: 1000, reason: 'left' };
  }
}
