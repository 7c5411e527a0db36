/**
 * The connections of one room: admission of incoming messages (membership, size limit, the queue
 * while loading) and every way a connection ends — left, closed by a limit, refused at the door.
 * Whatever the reason, removal goes through one place so awareness cleanup never gets skipped.
 */
import { CLOSE, closeReason, type CloseSpec } from './close-codes.js';
import type { LiveRoomHost } from './live-room.js';
import { RoomConnection, type ConnectionOwner } from './room-connection.js';
import type { RoomContext } from './room-context.js';
import type { RoomLimits } from './room.options.js';
import type {
  ConnectionHandle,
  ConnectionInfo,
  RejectReason,
  RoomClock,
  RoomSocket,
} from './room.ports.js';
import type { QueuedMessage } from './room-state.js';

/** The connection table of one room; also the LiveRoom's host for closing connections. */
export class ConnectionRegistry implements LiveRoomHost, ConnectionOwner {
  readonly connections = new Map<string, RoomConnection>();

  /**
   * `route` gets every admitted message; `onRemoved` runs after every removal (awareness cleanup,
   * idle scheduling).
   */
  constructor(
    private readonly context: RoomContext,
    private readonly route: (connection: RoomConnection, data: Uint8Array) => void,
    private readonly onRemoved: (connection: RoomConnection) => void,
  ) {}

  get size(): number {
    return this.connections.size;
  }

  /** ConnectionOwner: the room's limits. */
  get limits(): RoomLimits {
    return this.context.limits;
  }

  /** ConnectionOwner: the room's clock. */
  get clock(): RoomClock {
    return this.context.clock;
  }

  get(connectionId: string): RoomConnection | undefined {
    return this.connections.get(connectionId);
  }

  /** Registers a connection; it is also the handle the adapter feeds (ConnectionOwner below). */
  add(socket: RoomSocket, info: ConnectionInfo): RoomConnection {
    if (this.connections.has(info.connectionId)) {
      const { documentId } = this.context;
      throw new Error(`connection ${info.connectionId} already joined room ${documentId}`);
    }
    const connection = new RoomConnection(socket, info, this);
    this.connections.set(connection.id, connection);
    return connection;
  }

  /** ConnectionOwner: a message from the adapter, routed once admitted. */
  receive(connection: RoomConnection, data: Uint8Array): void {
    if (this.admit(connection, data)) this.route(connection, data);
  }

  /** Closes a socket before it ever joined and counts why. */
  refuse(
    socket: RoomSocket,
    info: ConnectionInfo,
    spec: CloseSpec,
    reason: RejectReason,
  ): ConnectionHandle {
    this.context.metrics.messageRejected(reason);
    socket.close(spec.code, closeReason(spec));
    return { connectionId: info.connectionId, receive: () => undefined, leave: () => undefined };
  }

  /** Whether the connection is still one of ours (a queued message may outlive its sender). */
  isMember(connection: RoomConnection): boolean {
    return connection.isOpen && this.connections.get(connection.id) === connection;
  }

  /** Holds a message until the document loaded, within the per-connection allowance (R2). */
  enqueue(queue: QueuedMessage[], connection: RoomConnection, data: Uint8Array): void {
    const queued = queue.filter((message) => message.connection === connection).length;
    if (queued >= this.context.limits.maxQueuedMessagesWhileLoading) {
      const detail = 'too many messages while loading';
      this.closeConnection(connection, CLOSE.rateLimited, 'loading_queue_full', detail);
      return;
    }
    queue.push({ connection, data });
  }

  closeConnection(
    connection: RoomConnection,
    spec: CloseSpec,
    reason: RejectReason | null,
    detail?: string,
  ): void {
    if (this.connections.get(connection.id) !== connection) return;
    if (reason !== null) this.context.metrics.messageRejected(reason);
    connection.close(spec, detail);
    this.remove(connection);
  }

  /** Closes with an adapter-chosen code (room.disconnect). */
  closeWithCode(connection: RoomConnection, code: number, reason: string): void {
    connection.closeWithCode(code, reason);
    this.remove(connection);
  }

  closeAll(spec: CloseSpec): void {
    for (const connection of [...this.connections.values()]) {
      this.closeConnection(connection, spec, null);
    }
  }

  /** ConnectionOwner: the adapter saw the socket close. */
  leave(connection: RoomConnection): void {
    if (this.connections.get(connection.id) !== connection) return;
    connection.markLeft();
    this.remove(connection);
  }

  private remove(connection: RoomConnection): void {
    if (this.connections.delete(connection.id)) this.onRemoved(connection);
  }

  /** Counts the bytes and enforces the message size limit before anything decodes them (R18). */
  private admit(connection: RoomConnection, data: Uint8Array): boolean {
    if (!this.isMember(connection)) return false;
    this.context.metrics.bytesIn(data.length);
    if (data.length <= this.context.limits.maxMessageBytes) return true;
    this.closeConnection(connection, CLOSE.messageTooLarge, 'message_too_large');
    return false;
  }
}
