/**
 * A deterministic stand-in for a stock y-websocket client: its own Y.Doc and Awareness, the same
 * message handling as WebsocketProvider (sync via y-protocols, awareness echo included), talking to
 * a room through a TestSocket whose delivery the test controls message by message.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import {
  Awareness,
  applyAwarenessUpdate,
  encodeAwarenessUpdate,
  removeAwarenessStates,
} from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { encodeAwareness, encodeUpdate, MessageType } from '../protocol.js';
import type { ConnectionHandle, ConnectionInfo, RoomSocket } from '../room.ports.js';

/** The server side of one connection: queues what the room sends until the test delivers it. */
export class TestSocket implements RoomSocket {
  readonly inbox: Uint8Array[] = [];
  closed: { code: number; reason: string } | null = null;

  send(data: Uint8Array): void {
    if (this.closed === null) this.inbox.push(data);
  }

  close(code: number, reason: string): void {
    this.closed ??= { code, reason };
  }

  bufferedAmount(): number {
    return this.inbox.reduce((sum, message) => sum + message.length, 0);
  }
}

/** How a client reaches a room (a room or a manager join). */
export type JoinFn = (socket: RoomSocket, info: ConnectionInfo) => ConnectionHandle;

interface Link {
  readonly socket: TestSocket;
  readonly handle: ConnectionHandle;
  readonly outbox: Uint8Array[];
}

/** Who a client is; each connect gets a fresh connection id. */
export type ClientIdentity = Omit<ConnectionInfo, 'connectionId'>;

/** A y-websocket-like client with controllable delivery. */
export class TestClient {
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  /** Close events the client saw, in order. */
  readonly closes: { code: number; reason: string }[] = [];
  /** Every message type received: a stock client only understands 0–3. */
  readonly receivedTypes = new Set<number>();
  private link: Link | null = null;
  private connections = 0;

  constructor(
    readonly name: string,
    private readonly join: JoinFn,
    readonly identity: ClientIdentity,
    clientId?: number,
  ) {
    this.doc = new Y.Doc();
    if (clientId !== undefined) this.doc.clientID = clientId;
    this.awareness = new Awareness(this.doc);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== this) this.sendToServer(encodeUpdate(update));
    });
    // Like WebsocketProvider: every awareness change is sent, whatever its origin (the echo).
    this.awareness.on(
      'update',
      (change: { added: number[]; updated: number[]; removed: number[] }) => {
        const changed = [...change.added, ...change.updated, ...change.removed];
        this.sendToServer(encodeAwareness(encodeAwarenessUpdate(this.awareness, changed)));
      },
    );
  }

  get isConnected(): boolean {
    return this.link !== null;
  }

  get socket(): TestSocket | null {
    return this.link?.socket ?? null;
  }

  get connectionId(): string | null {
    return this.link?.handle.connectionId ?? null;
  }

  /** Opens a connection: the room may answer synchronously; the client's hello is queued. */
  connect(): void {
    if (this.link !== null) return;
    const socket = new TestSocket();
    const connectionId = `${this.name}#${++this.connections}`;
    const handle = this.join(socket, { connectionId, ...this.identity });
    this.link = { socket, handle, outbox: [] };
    const step1 = encoding.createEncoder();
    encoding.writeVarUint(step1, MessageType.sync);
    syncProtocol.writeSyncStep1(step1, this.doc);
    this.sendToServer(encoding.toUint8Array(step1));
    if (this.awareness.getLocalState() !== null) {
      const update = encodeAwarenessUpdate(this.awareness, [this.doc.clientID]);
      this.sendToServer(encodeAwareness(update));
    }
  }

  /** Sends raw bytes as if the client wrote them (malformed frames, spoofing attempts). */
  sendRaw(data: Uint8Array): void {
    this.sendToServer(data);
  }

  get pendingToServer(): number {
    return this.link?.outbox.length ?? 0;
  }

  get pendingToClient(): number {
    const socket = this.link?.socket;
    if (socket === undefined) return 0;
    return socket.inbox.length + (socket.closed === null ? 0 : 1);
  }

  /** Delivers the oldest client → room message; false when there was none. */
  deliverToServer(): boolean {
    const link = this.link;
    const data = link?.outbox.shift();
    if (link === null || data === undefined) return false;
    if (link.socket.closed === null) link.handle.receive(data);
    return true;
  }

  /** Delivers the oldest room → client message, or the close once the socket drained. */
  deliverToClient(): boolean {
    const link = this.link;
    if (link === null) return false;
    const data = link.socket.inbox.shift();
    if (data !== undefined) {
      this.handleMessage(link, data);
      return true;
    }
    if (link.socket.closed === null) return false;
    this.closes.push(link.socket.closed);
    this.dropLink();
    return true;
  }

  /** Delivers in both directions until nothing moves. */
  deliverAll(): void {
    while (this.deliverToServer() || this.deliverToClient()) {
      // keep going until both queues are empty
    }
  }

  /** The client goes away; messages in flight either way are lost, as on a dropped network. */
  disconnect(): void {
    this.dropLink();
  }

  destroy(): void {
    this.dropLink();
    this.awareness.destroy();
    this.doc.destroy();
  }

  private handleMessage(link: Link, data: Uint8Array): void {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    this.receivedTypes.add(type);
    const reply = encoding.createEncoder();
    if (type === MessageType.sync) {
      encoding.writeVarUint(reply, MessageType.sync);
      syncProtocol.readSyncMessage(decoder, reply, this.doc, this);
    } else if (type === MessageType.awareness) {
      applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), this);
    } else if (type === MessageType.queryAwareness) {
      const all = [...this.awareness.getStates().keys()];
      encoding.writeVarUint(reply, MessageType.awareness);
      encoding.writeVarUint8Array(reply, encodeAwarenessUpdate(this.awareness, all));
    }
    if (encoding.length(reply) > 1 && this.link === link)
      link.outbox.push(encoding.toUint8Array(reply));
  }

  private sendToServer(data: Uint8Array): void {
    this.link?.outbox.push(data);
  }

  private dropLink(): void {
    const link = this.link;
    if (link === null) return;
    this.link = null;
    link.handle.leave();
    // WebsocketProvider forgets everyone else's awareness when its socket closes.
    const others = [...this.awareness.getStates().keys()].filter((id) => id !== this.doc.clientID);
    removeAwarenessStates(this.awareness, others, this);
  }
}
