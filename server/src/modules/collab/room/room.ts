/**
 * A room: one open document on this node and its connections, driven through the lifecycle in
 * room-state.ts. Transport-agnostic: sockets come in as RoomSocket, storage as RoomStorage, time as
 * RoomClock. The numbered rules cited here are in SPEC.md.
 */
import type * as Y from 'yjs';
import { CLOSE } from './close-codes.js';
import { ConnectionRegistry } from './connection-registry.js';
import { LiveRoom } from './live-room.js';
import type { RoomConnection } from './room-connection.js';
import { createRoomContext, type RoomContext, type RoomContextOptions } from './room-context.js';
import type { PeerSync } from './peer-sync.js';
import type {
  ConnectionHandle,
  ConnectionInfo,
  PeerChannel,
  PeerListener,
  Permission,
  RoomSocket,
} from './room.ports.js';
import {
  assertNever,
  liveOf,
  refusalFor,
  type DrainReason,
  type RoomState,
  type RoomStateKind,
  type UnloadReason,
  type UnloadResult,
} from './room-state.js';
import { deferred } from './timing.js';

/** The origin of changes the server makes through `Room.edit` (R10). */
export const SERVER_ORIGIN = Symbol('server-edit');

/** How a room is built; see RoomContextOptions for the shared part. */
export interface RoomOptions extends RoomContextOptions {
  /** Called once when the room reaches `unloaded` (the manager forgets it then). */
  readonly onUnloaded?: (room: Room) => void;
}

/** One open document on this node; see the file comment and SPEC.md. */
export class Room {
  private state: RoomState = { kind: 'loading', queue: [] };
  private readonly context: RoomContext;
  private readonly registry: ConnectionRegistry;
  private readonly loaded = deferred<boolean>();
  /** This room instance's name among its peers (unique: a reloaded room is a new instance). */
  private readonly instanceId = globalThis.crypto.randomUUID();
  /** Receives peer messages from the moment the document exists until it unloads. */
  private peerSync: PeerSync | null = null;
  private readonly peerListener: PeerListener = {
    message: (data) => this.peerSync?.receive(data),
    resync: () => void this.peerSync?.requestSync(),
  };
  private readonly unloaded = deferred<UnloadResult>();

  /** Creates the room and starts loading its document right away. */
  constructor(private readonly options: RoomOptions) {
    this.context = createRoomContext(options);
    this.registry = new ConnectionRegistry(
      this.context,
      (connection, data) => this.route(connection, data),
      (connection) => {
        liveOf(this.state)?.release(connection);
        if (this.registry.size === 0) this.scheduleIdleUnload();
      },
    );
    void this.load();
  }

  get documentId(): string {
    return this.context.documentId;
  }

  get stateKind(): RoomStateKind {
    return this.state.kind;
  }

  get connectionCount(): number {
    return this.registry.size;
  }

  /** Peer updates applied here whose origin has not yet confirmed them durable (R34). */
  get peerAwaitingCount(): number {
    return liveOf(this.state)?.peers?.awaitingCount ?? 0;
  }

  /** The live document (active or draining), for server-side reads and edits (R10); else null. */
  get doc(): Y.Doc | null {
    return liveOf(this.state)?.doc ?? null;
  }

  /** Resolves true once active, false when the load failed or the room shut down first. */
  whenLoaded(): Promise<boolean> {
    return this.loaded.promise;
  }

  /** Resolves when the room reached `unloaded`, with the reason. */
  whenUnloaded(): Promise<UnloadResult> {
    return this.unloaded.promise;
  }

  /** Adds a connection; it is served now, or once the document loaded (R2, R5, R20, R29). */
  join(socket: RoomSocket, info: ConnectionInfo): ConnectionHandle {
    const { registry } = this;
    const state = this.state;
    const refusal = refusalFor(state);
    if (refusal !== null) return registry.refuse(socket, info, refusal.spec, refusal.reason);
    if (registry.size >= this.context.limits.maxConnections) {
      return registry.refuse(socket, info, CLOSE.roomFull, 'room_full');
    }
    const connection = registry.add(socket, info);
    if (state.kind === 'active') {
      state.idleTimer?.cancel();
      state.idleTimer = null;
      state.live.serve(connection);
    } else if (state.kind === 'draining') {
      // An idle drain is cancelled: the document is still authoritative in memory (R29).
      this.state = { kind: 'active', live: state.live, idleTimer: null };
      state.live.peers?.endDrain();
      state.live.serve(connection);
    }
    return connection;
  }

  /** Changes a connection's permission; it applies from the next message on (R9). */
  setPermission(connectionId: string, permission: Permission): boolean {
    const connection = this.registry.get(connectionId);
    if (connection === undefined) return false;
    const couldWrite = connection.canWrite;
    connection.permission = permission;
    // A Yjs client's updates are causally chained: after updates were dropped, its next ones stay
    // pending in the room until the missing ones arrive, so a new writer is asked to resync.
    if (!couldWrite && connection.canWrite) liveOf(this.state)?.requestState(connection);
    return true;
  }

  /** Closes one connection with the given code (for example permission revoked) (R9). */
  disconnect(connectionId: string, code: number, reason: string): boolean {
    const connection = this.registry.get(connectionId);
    if (connection === undefined) return false;
    this.registry.closeWithCode(connection, code, reason);
    return true;
  }

  /**
   * Runs fn on the live document in one transaction with the server as origin (R10), reviving an
   * idle drain as a join would (R29). Returns null when the room is not live (loading, shutting
   * down or unloaded); the caller then waits for a fresh room.
   */
  edit<T>(fn: (doc: Y.Doc) => T): { value: T } | null {
    const state = this.state;
    if (state.kind === 'draining' && state.reason === 'idle') {
      this.state = { kind: 'active', live: state.live, idleTimer: null };
      state.live.peers?.endDrain();
    }
    const current = this.state;
    if (current.kind !== 'active') return null;
    const { doc } = current.live;
    let value!: T;
    doc.transact(() => {
      value = fn(doc);
    }, SERVER_ORIGIN);
    if (this.registry.size === 0) this.scheduleIdleUnload();
    return { value };
  }

  /** One flush attempt of everything applied so far; rejects when storage failed (R27). */
  async flush(): Promise<void> {
    await liveOf(this.state)?.persistence.flush();
  }

  /** Flushes, closes every connection with 4512 and unloads (R30). */
  shutdown(): Promise<UnloadResult> {
    const state = this.state;
    switch (state.kind) {
      case 'loading':
        this.registry.closeAll(CLOSE.serverDraining);
        this.finish('shutdown', true);
        break;
      case 'active':
        this.startDrain('shutdown');
        break;
      case 'draining':
        if (state.reason === 'idle') {
          this.state = { kind: 'draining', live: state.live, reason: 'shutdown' };
          state.live.persistence.flushNow();
        }
        break;
      case 'unloaded':
        break;
      default:
        assertNever(state);
    }
    return this.whenUnloaded();
  }

  private async load(): Promise<void> {
    const { storage, documentId, peers } = this.context;
    let live: LiveRoom;
    let channel: PeerChannel | null = null;
    try {
      // Subscribed before reading storage, so nothing a peer publishes after the read is missed;
      // what it published before is in its sync reply (R32).
      channel = peers && (await peers.join(documentId, this.peerListener));
      const stored = this.state.kind === 'loading' ? await storage.load(documentId) : null;
      if (this.state.kind !== 'loading') {
        // Shut down while loading: nothing was served.
        await channel?.leave();
        return;
      }
      const peerLink = channel && { channel, instanceId: this.instanceId };
      live = new LiveRoom(
        this.context,
        this.registry,
        stored,
        {
          flushed: () => this.onFlushed(),
          flushFailed: (failures) => this.onFlushFailed(failures),
        },
        peerLink,
      );
    } catch (error) {
      await channel?.leave().catch((leaveError: unknown) => {
        this.context.logger.warn({ documentId, error: leaveError }, 'leaving peers failed');
      });
      this.failLoad(error);
      return;
    }
    this.peerSync = live.peers;
    await live.peers?.catchUp();
    if (this.state.kind !== 'loading') {
      this.peerSync = null;
      live.dispose();
      await live.peers?.stop();
      return;
    }
    const { queue } = this.state;
    this.state = { kind: 'active', live, idleTimer: null };
    for (const connection of [...this.registry.connections.values()]) live.serve(connection);
    for (const { connection, data } of queue) {
      if (this.registry.isMember(connection)) this.route(connection, data);
    }
    this.loaded.resolve(true);
    if (this.registry.size === 0) this.scheduleIdleUnload();
  }

  /** A failed load closes everyone with a retryable code and never creates a document (R3). */
  private failLoad(error: unknown): void {
    this.context.metrics.storageFailed('load');
    this.context.logger.error({ documentId: this.documentId, error }, 'room load failed');
    if (this.state.kind !== 'loading') return;
    for (const connection of [...this.registry.connections.values()]) {
      this.registry.closeConnection(connection, CLOSE.retryLater, 'load_failed', 'load failed');
    }
    this.finish('load_failed', true);
  }

  /** An admitted message (member, within the size limit) goes where the state says. */
  private route(connection: RoomConnection, data: Uint8Array): void {
    const state = this.state;
    switch (state.kind) {
      case 'loading':
        this.registry.enqueue(state.queue, connection, data);
        return;
      case 'active':
        state.live.receive(connection, data);
        return;
      case 'draining':
      case 'unloaded':
        // Only a shutdown drain has connections; they are about to be closed with 4512 and their
        // clients re-send anything unsynced on reconnect (R30).
        return;
      default:
        assertNever(state);
    }
  }

  private scheduleIdleUnload(): void {
    const state = this.state;
    if (state.kind !== 'active' || state.idleTimer !== null) return;
    state.idleTimer = this.context.clock.setTimer(this.context.timings.idleUnloadMs, () => {
      if (this.state === state && this.registry.size === 0) this.startDrain('idle');
    });
  }

  private startDrain(reason: DrainReason): void {
    const state = this.state;
    if (state.kind !== 'active') return;
    state.idleTimer?.cancel();
    this.state = { kind: 'draining', live: state.live, reason };
    state.live.peers?.startDrain();
    state.live.persistence.flushNow();
  }

  /** A flush left nothing unpersisted: a draining room may now unload (R28, R30). */
  private onFlushed(): void {
    const state = this.state;
    if (state.kind !== 'draining' || !state.live.persistence.isClean) return;
    if (state.reason === 'shutdown') this.registry.closeAll(CLOSE.serverDraining);
    this.finish(state.reason, true);
  }

  /** A failed flush keeps the room (the retry is scheduled); a shutdown gives up eventually. */
  private onFlushFailed(failures: number): void {
    const state = this.state;
    if (state.kind !== 'draining') return;
    const { logger, timings } = this.context;
    const fields = { documentId: this.documentId, failures, reason: state.reason };
    if (state.reason === 'idle' || failures < timings.shutdownFlushAttempts) {
      logger.warn(fields, 'room flush failed; retrying with backoff');
      return;
    }
    logger.error(fields, 'shutdown flush gave up; clients keep their edits and re-send them');
    this.registry.closeAll(CLOSE.serverDraining);
    this.finish('shutdown', false);
  }

  private finish(reason: UnloadReason, flushed: boolean): void {
    const live = liveOf(this.state);
    this.state = { kind: 'unloaded', reason };
    this.peerSync = null;
    live?.dispose();
    live?.peers?.stop().catch((error: unknown) => {
      this.context.logger.warn({ documentId: this.documentId, error }, 'leaving peers failed');
    });
    this.loaded.resolve(false);
    this.unloaded.resolve({ reason, flushed });
    this.options.onUnloaded?.(this);
  }
}
