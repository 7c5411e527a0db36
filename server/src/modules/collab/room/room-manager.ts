/**
 * Owns this node's rooms by document id: get-or-create on join, a rooms-per-node ceiling, and a
 * shutdown that drains every room (SPEC.md R25, R30).
 */
import { CLOSE, closeReason, type CloseSpec } from './close-codes.js';
import type { RoomExtension } from './protocol.js';
import { Room } from './room.js';
import type { RoomLimits, RoomTimings } from './room.options.js';
import {
  noopRoomMetrics,
  type ConnectionHandle,
  type ConnectionInfo,
  type RejectReason,
  type RoomClock,
  type RoomLogger,
  type RoomMetrics,
  type RoomPeers,
  type RoomSocket,
  type RoomStorage,
} from './room.ports.js';
import type { UnloadResult } from './room-state.js';
import type { ChangeListener } from './room-context.js';
import type * as Y from 'yjs';

/** Why a server-side edit found no room to apply to (R10). */
export class RoomUnavailableError extends Error {
  constructor(readonly reason: 'draining' | 'node_full' | 'load_failed' | 'busy') {
    super(`the document's room is unavailable (${reason})`);
    this.name = 'RoomUnavailableError';
  }
}

/** Node-wide settings of the room manager. */
export interface RoomManagerOptions {
  readonly storage: RoomStorage;
  /** Rooms this node holds at most (loading, active and draining ones all count). */
  readonly maxRooms: number;
  readonly clock?: RoomClock;
  readonly metrics?: RoomMetrics;
  readonly logger?: RoomLogger;
  /** Node-wide limits; a join may override them for a new room (per plan). */
  readonly limits?: Partial<RoomLimits>;
  readonly timings?: Partial<RoomTimings>;
  readonly extensions?: readonly RoomExtension[];
  /** The fleet transport; absent on a single node. */
  readonly peers?: RoomPeers;
  /** Hears every effective local change in any room (R10a); must not throw. */
  readonly onChange?: ChangeListener;
}

/** This node's rooms by document id. */
export class RoomManager {
  private readonly rooms = new Map<string, Room>();
  private isShuttingDown = false;

  constructor(private readonly options: RoomManagerOptions) {
    if (!(options.maxRooms > 0)) throw new RangeError('maxRooms must be positive');
  }

  get roomCount(): number {
    return this.rooms.size;
  }

  /** Open connections over all rooms, for a gauge. */
  get connectionCount(): number {
    let count = 0;
    for (const room of this.rooms.values()) count += room.connectionCount;
    return count;
  }

  /** The room currently held for a document, if any. */
  room(documentId: string): Room | undefined {
    return this.rooms.get(documentId);
  }

  /**
   * Joins a connection to the document's room, creating (and loading) the room when needed.
   * `limits` apply only when this join creates the room — the tenant's plan, resolved by the
   * adapter during the handshake.
   */
  join(
    documentId: string,
    socket: RoomSocket,
    info: ConnectionInfo,
    limits?: Partial<RoomLimits>,
  ): ConnectionHandle {
    if (this.isShuttingDown) return this.refuse(socket, info, CLOSE.serverDraining, 'draining');
    let room = this.rooms.get(documentId);
    if (room === undefined) {
      if (this.rooms.size >= this.options.maxRooms) {
        return this.refuse(socket, info, CLOSE.nodeFull, 'node_full');
      }
      room = this.createRoom(documentId, limits);
    }
    return room.join(socket, info);
  }

  /**
   * Applies a server-side change (R10): opens the room when this node does not hold it (it then
   * idles out like any room without connections), runs fn in one transaction and resolves once
   * the change is durable. Throws RoomUnavailableError when no live room can be had.
   */
  async edit<T>(documentId: string, fn: (doc: Y.Doc) => T): Promise<T> {
    // A room found draining or unloading is waited out; a fresh one is created for the retry.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      if (this.isShuttingDown) throw new RoomUnavailableError('draining');
      let room = this.rooms.get(documentId);
      if (room === undefined) {
        if (this.rooms.size >= this.options.maxRooms) throw new RoomUnavailableError('node_full');
        room = this.createRoom(documentId, undefined);
      }
      if (!(await room.whenLoaded())) {
        if (this.isShuttingDown) throw new RoomUnavailableError('draining');
        throw new RoomUnavailableError('load_failed');
      }
      const edited = room.edit(fn);
      if (edited !== null) {
        await room.flush();
        return edited.value;
      }
      await room.whenUnloaded();
    }
    throw new RoomUnavailableError('busy');
  }

  /** Drains every room: flush, then close its clients with 4512 (reconnect elsewhere). */
  async shutdown(): Promise<UnloadResult[]> {
    this.isShuttingDown = true;
    return Promise.all([...this.rooms.values()].map((room) => room.shutdown()));
  }

  private createRoom(documentId: string, limits: Partial<RoomLimits> | undefined): Room {
    const { storage, clock, metrics, logger, timings, extensions, peers, onChange } = this.options;
    const room = new Room({
      documentId,
      storage,
      peers,
      clock,
      metrics,
      logger,
      timings,
      extensions,
      onChange,
      limits: { ...this.options.limits, ...limits },
      onUnloaded: (unloaded) => {
        // A newer room for the same document may already be registered; keep that one.
        if (this.rooms.get(documentId) === unloaded) this.rooms.delete(documentId);
      },
    });
    this.rooms.set(documentId, room);
    return room;
  }

  private refuse(
    socket: RoomSocket,
    info: ConnectionInfo,
    spec: CloseSpec,
    reason: RejectReason,
  ): ConnectionHandle {
    (this.options.metrics ?? noopRoomMetrics).messageRejected(reason);
    socket.close(spec.code, closeReason(spec));
    return { connectionId: info.connectionId, receive: () => undefined, leave: () => undefined };
  }
}
