/**
 * The room core's ports: everything it needs from the outside world, declared here so the core
 * never imports a transport (ws, socket.io), a store (TypeORM, pg) or a metrics library. Adapters
 * outside `room/` implement them (SPEC.md, "Ports").
 */

import type { StoredState } from './stored-state.js';

/** What a connection may do to the document. Comments travel through another channel. */
export type Permission = 'read' | 'comment' | 'write';

/** Who is on the other end of a socket, established by the adapter's handshake before joining. */
export interface ConnectionInfo {
  /** Unique per socket for the lifetime of the process (not per user: one user, many tabs). */
  readonly connectionId: string;
  readonly userId: string;
  readonly displayName: string;
  readonly permission: Permission;
  /** Folio protocol extensions the client negotiated (for example via a query parameter). */
  readonly extensions?: readonly string[];
}

/** The transport adapter for one client connection (a websocket, an in-memory pair in tests). */
export interface RoomSocket {
  /** Queues one binary message; must not throw once the socket closed (it may drop instead). */
  send(data: Uint8Array): void;
  /** Closes with an application close code from close-codes.ts. */
  close(code: number, reason: string): void;
  /** Bytes queued but not yet written to the network, for the slow-consumer ceiling. */
  bufferedAmount(): number;
}

/** Returned by `join`: the adapter feeds the socket's events into it. */
export interface ConnectionHandle {
  readonly connectionId: string;
  /** One complete binary message from the client. */
  receive(data: Uint8Array): void;
  /** The socket closed (by either side); idempotent. */
  leave(): void;
}

/**
 * Durable storage of a document's updates (the PostgreSQL update log + snapshots in production).
 * The final flush of an unloading room needs nothing more than `append`: it waits for the appends
 * in flight and re-appends, merged, the updates whose append failed.
 */
export interface RoomStorage {
  /** The stored state's parts (snapshot, then log tail), or null for a document never written. */
  load(documentId: string): Promise<StoredState | null>;
  /**
   * Resolves only once the update is durable (the real one resolves after its group commit). The
   * caller must not change `update`'s bytes afterwards: storage keeps the array until it is written.
   */
  append(documentId: string, update: Uint8Array): Promise<void>;
}

/** One room's membership in the peer channel: the other nodes holding the same document. */
export interface PeerChannel {
  /**
   * Sends bytes to every subscriber (this room's own subscription may receive them too); resolves
   * with how many other subscribers received them, null when the transport cannot tell. Never
   * rejects: a lost message is healed by R36.
   */
  publish(data: Uint8Array): Promise<number | null>;
  /** Unsubscribes. */
  leave(): Promise<void>;
}

/** Callbacks of a peer channel subscription. */
export interface PeerListener {
  /** One message from another room instance (never this one's own). */
  message(data: Uint8Array): void;
  /** The transport lost messages (for example it reconnected): resynchronise (R36). */
  resync(): void;
}

/**
 * The fleet transport (Redis pub/sub, a channel per room, in production). Absent on a single
 * node. A join resolves once messages published afterwards will be delivered.
 */
export interface RoomPeers {
  join(documentId: string, listener: PeerListener): Promise<PeerChannel>;
}

/** A cancellable timer from the injected clock. */
export interface TimerHandle {
  cancel(): void;
}

/** Time as the room sees it: injected so tests drive idle unloads and retries deterministically. */
export interface RoomClock {
  /** Milliseconds on a monotonic scale (not wall-clock time). */
  now(): number;
  setTimer(delayMs: number, callback: () => void): TimerHandle;
}

/** A subset of pino's logger, so the platform logger plugs in unchanged. */
export interface RoomLogger {
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** Why the room refused or dropped something; one label value of the rejected-messages counter. */
export type RejectReason =
  | 'read_only'
  | 'awareness_spoof'
  | 'protocol_error'
  | 'message_too_large'
  | 'document_too_large'
  | 'update_rate'
  | 'awareness_rate'
  | 'loading_queue_full'
  | 'room_full'
  | 'node_full'
  | 'slow_consumer'
  | 'storage_backlog'
  | 'load_failed'
  | 'draining';

/** Metric hooks; the adapter maps them onto prom-client (the core stays library-free). */
export interface RoomMetrics {
  /** An update from any origin changed a room's document (counter). */
  updateApplied(bytes: number): void;
  bytesIn(bytes: number): void;
  bytesOut(bytes: number): void;
  messageRejected(reason: RejectReason): void;
  /** Seconds spent applying one client update to the Y.Doc (histogram). */
  observeApplySeconds(seconds: number): void;
  storageFailed(operation: 'load' | 'append' | 'flush'): void;
  /** A message to or from peers, by kind and direction (counter). */
  peerMessage(direction: 'in' | 'out', kind: string): void;
}

/** Metrics that go nowhere, the default when no adapter is wired. */
export const noopRoomMetrics: RoomMetrics = {
  updateApplied: () => undefined,
  bytesIn: () => undefined,
  bytesOut: () => undefined,
  messageRejected: () => undefined,
  observeApplySeconds: () => undefined,
  storageFailed: () => undefined,
  peerMessage: () => undefined,
};

/** A logger that drops everything, the default when none is injected. */
export const silentRoomLogger: RoomLogger = {
  warn: () => undefined,
  error: () => undefined,
};
