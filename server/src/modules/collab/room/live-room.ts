/**
 * The loaded part of a room: the Y.Doc, its awareness and its persistence, and the handling of
 * client messages. It exists only in the `active` and `draining` states, so a room whose load
 * failed has no document and no persistence to write with (SPEC.md R3).
 */
import * as Y from 'yjs';
import { CLOSE, type CloseSpec } from './close-codes.js';
import {
  encodeExtension,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  parseMessage,
  ProtocolError,
  type ExtensionConnection,
  type IncomingMessage,
  type RoomExtension,
} from './protocol.js';
import { RoomAwareness } from './room-awareness.js';
import { RoomConnection } from './room-connection.js';
import type { RoomContext } from './room-context.js';
import { RoomPersistence, type PersistenceEvents } from './room-persistence.js';
import { PeerOrigin, PeerSync } from './peer-sync.js';
import { DurableWatermark } from './durable-watermark.js';
import type { PeerChannel, RejectReason } from './room.ports.js';
import { applyStoredState, type StoredState } from './stored-state.js';

/** The transaction origin of the stored state: applied, never re-appended nor broadcast. */
const LOAD_ORIGIN = Symbol('room-load');

/** What the live room needs from the lifecycle around it. */
export interface LiveRoomHost {
  readonly connections: ReadonlyMap<string, RoomConnection>;
  closeConnection(
    connection: RoomConnection,
    spec: CloseSpec,
    reason: RejectReason | null,
    detail?: string,
  ): void;
}

/** The document side of a loaded room; see the file comment. */
export class LiveRoom {
  readonly doc = new Y.Doc();
  readonly awareness: RoomAwareness;
  readonly persistence: RoomPersistence;
  /** The link to the same room on other nodes; null on a single node. */
  readonly peers: PeerSync | null;
  /** Upper bound of the encoded document size; recomputed exactly only near the limit. */
  private sizeEstimate = 0;
  /** While a client update is applied: the room's pending structs and deletes before it (R7). */
  private isApplying = false;
  private pendingStructsBefore: unknown = null;
  private pendingDeletesBefore: unknown = null;
  /** How far this room's appends are durable, for extensions that confirm it (R38). */
  private readonly watermark = new DurableWatermark();

  /** Throws when the stored state cannot be applied (the room then treats the load as failed). */
  constructor(
    private readonly context: RoomContext,
    private readonly host: LiveRoomHost,
    stored: StoredState | null,
    persistenceEvents: PersistenceEvents,
    peerLink: { readonly channel: PeerChannel; readonly instanceId: string } | null = null,
  ) {
    if (stored !== null) applyStoredState(this.doc, stored, LOAD_ORIGIN);
    if (this.doc.store.pendingStructs !== null) {
      // The stored log lacks updates that others depend on: served anyway (what is there is
      // valid), but storage integrity needs a look.
      context.logger.error({ documentId: context.documentId }, 'stored state has missing updates');
    }
    this.sizeEstimate = Y.encodeStateAsUpdate(this.doc).length;
    this.persistence = new RoomPersistence(context, persistenceEvents);
    this.peers =
      peerLink === null
        ? null
        : new PeerSync(context, peerLink.channel, peerLink.instanceId, {
            doc: this.doc,
            persist: (update) => this.persistence.append(update),
            awareness: () => this.awareness,
          });
    const { peers } = this;
    this.awareness = new RoomAwareness(
      this.doc,
      (message) => this.broadcast(message, null),
      peers === null ? null : (update) => peers.publishAwareness(update),
    );
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      this.onDocUpdate(update, origin);
    });
  }

  /** First messages to a new connection: ask writers for their state, then who is here (R5). */
  serve(connection: RoomConnection): void {
    this.requestState(connection);
    const awareness = this.awareness.fullState();
    if (awareness !== null) this.sendTo(connection, awareness);
  }

  /** Sync step 1 to a writer: it answers with whatever the room lacks (R5, R9). */
  requestState(connection: RoomConnection): void {
    if (connection.canWrite) this.sendTo(connection, encodeSyncStep1(this.doc));
  }

  /** One raw client message; anything malformed or unappliable closes with 4400 (R11). */
  receive(connection: RoomConnection, data: Uint8Array): void {
    try {
      this.handle(connection, parseMessage(data));
    } catch (error) {
      const detail =
        error instanceof ProtocolError ? error.message : 'message could not be processed';
      const { documentId, logger } = this.context;
      logger.warn({ documentId, connectionId: connection.id, error }, 'room protocol error');
      this.host.closeConnection(connection, CLOSE.protocolError, 'protocol_error', detail);
    }
  }

  /**
   * Sends to every open connection except `except`; the message was encoded once (R7). The map is
   * iterated live, without a copy: a slow consumer closed on the way is deleted from it, which a
   * Map iteration tolerates (a deleted entry is simply not visited). The bytes are counted once.
   */
  broadcast(message: Uint8Array, except: RoomConnection | null): void {
    const { maxBufferedBytes } = this.context.limits;
    let sent = 0;
    for (const connection of this.host.connections.values()) {
      if (connection !== except && this.sendWithin(connection, message, maxBufferedBytes)) sent++;
    }
    if (sent > 0) this.context.metrics.bytesOut(sent * message.length);
  }

  /** Removes the connection's awareness states and tells the others (R17). */
  release(connection: RoomConnection): void {
    this.awareness.release(connection);
    if (connection.extensions.size === 0) return;
    for (const extension of this.context.extensions.values()) {
      if (connection.extensions.has(extension.name)) extension.onLeave?.(connection.id);
    }
  }

  /** Frees the document; persistence stops retrying (the lifecycle decided to unload). */
  dispose(): void {
    this.persistence.stop();
    this.watermark.clear();
    this.awareness.destroy();
    this.doc.destroy();
  }

  private handle(connection: RoomConnection, message: IncomingMessage): void {
    const { host } = this;
    switch (message.kind) {
      case 'syncStep1':
      case 'syncStep2':
      case 'update':
        if (!connection.takeUpdateToken()) {
          host.closeConnection(connection, CLOSE.rateLimited, 'update_rate', 'document updates');
        } else if (message.kind === 'syncStep1') {
          this.sendTo(connection, encodeSyncStep2(this.doc, message.stateVector));
        } else {
          const isTaken = this.applyClientUpdate(connection, message.update);
          if (connection.extensions.size > 0 && connection.isOpen) {
            this.documentMessageHandled(connection, isTaken, message.update);
          }
        }
        return;
      case 'awareness': {
        const receipt = this.awareness.receive(
          connection,
          message.update,
          this.context.limits.maxAwarenessClientsPerConnection,
          () => connection.takeAwarenessToken(),
        );
        if (receipt === 'refused') {
          host.closeConnection(connection, CLOSE.rateLimited, 'awareness_rate', 'awareness');
          return;
        }
        for (let i = 0; i < receipt.spoofed; i++) {
          this.context.metrics.messageRejected('awareness_spoof');
        }
        return;
      }
      case 'queryAwareness':
        if (connection.takeAwarenessToken()) this.sendTo(connection, this.awareness.queryReply());
        else host.closeConnection(connection, CLOSE.rateLimited, 'awareness_rate', 'awareness');
        return;
      case 'extension':
        this.handleExtension(connection, message.messageType, message.payload);
        return;
    }
  }

  /** Applies a writer's update; false when it was dropped or refused (R8, R19, R24). */
  private applyClientUpdate(connection: RoomConnection, update: Uint8Array): boolean {
    const { limits, metrics, clock } = this.context;
    if (!connection.canWrite) {
      metrics.messageRejected('read_only');
      return false;
    }
    if (this.persistence.unpersistedBytes > limits.maxUnpersistedBytes) {
      this.host.closeConnection(connection, CLOSE.retryLater, 'storage_backlog', 'storage backlog');
      return false;
    }
    if (!this.fitsDocument(update.length)) {
      this.host.closeConnection(connection, CLOSE.documentTooLarge, 'document_too_large');
      return false;
    }
    const started = clock.now();
    const { store } = this.doc;
    this.isApplying = true;
    this.pendingStructsBefore = store.pendingStructs;
    this.pendingDeletesBefore = store.pendingDs;
    try {
      Y.applyUpdate(this.doc, update, connection);
    } finally {
      this.isApplying = false;
      this.pendingStructsBefore = null;
      this.pendingDeletesBefore = null;
    }
    metrics.observeApplySeconds((clock.now() - started) / 1000);
    return true;
  }

  /**
   * Tells the connection's extensions a document message was handled (R38). It counts as taken
   * only when nothing is left pending: a pending update is not in the document, so not appended.
   * With peers whose updates are not yet confirmed, part of this update may be known here only
   * through them and durable nowhere yet (their origin may have died), so the update is appended
   * as sent too: duplicates in the log are harmless (R35).
   */
  private documentMessageHandled(
    connection: RoomConnection,
    isTaken: boolean,
    update: Uint8Array,
  ): void {
    const { store } = this.doc;
    const isWhole = isTaken && store.pendingStructs === null && store.pendingDs === null;
    if (isWhole && this.peers !== null && this.peers.awaitingCount > 0) this.appendTracked(update);
    const { watermark } = this;
    const whenDurable = isWhole
      ? (callback: () => void) => watermark.whenAllDurable(callback)
      : null;
    for (const extension of this.context.extensions.values()) {
      if (extension.onDocumentMessage && connection.extensions.has(extension.name)) {
        extension.onDocumentMessage(this.extensionConnection(connection, extension), whenDurable);
      }
    }
  }

  /** Appends with a watermark number, so R38's confirmations cover it. */
  private appendTracked(update: Uint8Array, onDurable?: () => void): void {
    const seq = this.watermark.next();
    this.persistence.append(update, () => {
      this.watermark.durable(seq);
      onDurable?.();
    });
  }

  /** Whether an update of `bytes` may be applied without passing maxDocumentBytes (R19). */
  private fitsDocument(bytes: number): boolean {
    const max = this.context.limits.maxDocumentBytes;
    if (this.sizeEstimate + bytes <= max) return true;
    this.sizeEstimate = Y.encodeStateAsUpdate(this.doc).length;
    return this.sizeEstimate + bytes <= max;
  }

  private onDocUpdate(update: Uint8Array, origin: unknown): void {
    if (origin === LOAD_ORIGIN) return;
    this.sizeEstimate += update.length;
    this.context.metrics.updateApplied(update.length);
    const { peers } = this;
    if (origin instanceof PeerOrigin) {
      // Another node's: its origin persists it (R34, R35); every local connection gets it.
      peers?.track(origin, update);
      this.broadcast(encodeUpdate(update), null);
      return;
    }
    this.context.onChange?.(
      this.context.documentId,
      origin instanceof RoomConnection ? origin.userId : null,
    );
    if (peers === null) {
      this.appendTracked(update);
    } else {
      const seq = peers.publishUpdate(update);
      this.appendTracked(update, () => peers.markDurable(seq));
    }
    this.broadcast(encodeUpdate(update), this.senderToSkip(origin));
  }

  /**
   * The sender is skipped unless this update released updates the room held pending (waiting for
   * a missing dependency): Yjs then integrates them in the same transaction, so the effective
   * update carries content the sender lacks. Yjs replaces the pending records when it retries.
   */
  private senderToSkip(origin: unknown): RoomConnection | null {
    if (!(origin instanceof RoomConnection)) return null;
    const { store } = this.doc;
    const isReleased =
      this.isApplying &&
      (this.pendingStructsBefore !== store.pendingStructs ||
        this.pendingDeletesBefore !== store.pendingDs);
    return isReleased ? null : origin;
  }

  /** Only connections that negotiated the extension may use its message type (R12). */
  private handleExtension(connection: RoomConnection, type: number, payload: Uint8Array): void {
    const extension = this.context.extensions.get(type);
    if (extension === undefined || !connection.extensions.has(extension.name)) {
      throw new ProtocolError(`message type ${type} not negotiated`);
    }
    extension.handleMessage(this.extensionConnection(connection, extension), payload);
  }

  /** The connection as an extension sees it: identity and a send framed with its type. */
  private extensionConnection(
    connection: RoomConnection,
    extension: RoomExtension,
  ): ExtensionConnection {
    const { id: connectionId, userId } = connection;
    const type = extension.messageType;
    const send = (data: Uint8Array) => this.sendTo(connection, encodeExtension(type, data));
    return { connectionId, userId, send };
  }

  private sendTo(connection: RoomConnection, message: Uint8Array): void {
    if (this.sendWithin(connection, message, this.context.limits.maxBufferedBytes)) {
      this.context.metrics.bytesOut(message.length);
    }
  }

  /** One send under the slow-consumer ceiling (R23); true when it went out. */
  private sendWithin(connection: RoomConnection, message: Uint8Array, ceiling: number): boolean {
    const outcome = connection.send(message, ceiling);
    if (outcome === 'slow_consumer') {
      this.host.closeConnection(connection, CLOSE.slowConsumer, 'slow_consumer');
    }
    return outcome === 'sent';
  }
}
