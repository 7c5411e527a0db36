/**
 * A document session: a Y.Doc kept in sync with the collab endpoint over the y-websocket protocol
 * (our own provider, wire.ts), with the Folio extensions `persist-ack` (whenPersisted) and
 * `token-refresh` (in-band token renewal) negotiated in the URL. Local edits live in the Y.Doc
 * across disconnects and reach the server on reconnect: the server's sync step 1 asks for them.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import { Emitter } from './emitter.js';
import { colorFor } from './identity-color.js';
import { PersistenceTracker } from './persistence-tracker.js';
import { readTokenClaims } from './token.js';
import { TokenRefresher } from './token-refresher.js';
import {
  DocumentSessionError,
  type DocumentPermission,
  type DocumentSession,
  type DocumentSessionEvents,
  type DocumentSessionOptions,
  type DocumentStatus,
  type WebSocketConstructor,
  type WebSocketLike,
} from './types.js';
import {
  classifyClose,
  encodeAwarenessMessage,
  encodeSyncStep1,
  encodeUpdate,
  EXTENSIONS,
  MessageType,
  readPersistAck,
  readTokenAccepted,
} from './wire.js';

const OPEN = 1;
const DEFAULT_LIVENESS_TIMEOUT_MS = 30_000;

/** One websocket and what this session learned on it. */
export interface Link {
  readonly ws: WebSocketLike;
  /** The server's sync step 1 was answered: live updates may go out (persistence-tracker.ts). */
  answeredStep1: boolean;
  /** The server sent something, so the handshake admitted us. */
  admitted: boolean;
  lastMessageAt: number;
}

/** The session; `openDocumentSession` (index.ts) builds it. */
export class FolioDocumentSession implements DocumentSession {
  readonly documentId: string;
  readonly doc = new Y.Doc();
  readonly body = this.doc.getXmlFragment('body');
  readonly fields = this.doc.getMap<unknown>('fields');
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  private statusValue: DocumentStatus = 'disconnected';
  private syncedValue = false;
  private permissionValue: DocumentPermission | undefined;
  private readonly events = new Emitter<DocumentSessionEvents>();
  private readonly tracker = new PersistenceTracker((p) => this.events.emit('persisted', p));
  private readonly refresher: TokenRefresher;
  private readonly backoff: BackoffPolicy;
  private readonly WebSocketCtor: WebSocketConstructor;
  private link: Link | null = null;
  private attempt = 0;
  /** Ask getToken for a new token on the next connect (after a 4401). */
  private forceRefresh = false;
  /** A 4401 was answered with a fresh token once since the last admission. */
  private isReauthenticating = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private livenessTimer: ReturnType<typeof setInterval> | null = null;
  private offlineStore: { destroy(): unknown } | null = null;
  /** Why the session stopped for good (a permanent refusal, or destroy). */
  private failure: DocumentSessionError | null = null;
  /** Tells the whenSynced/whenPersisted waiters that the session stopped for good. */
  private readonly stopped = new Emitter<{ stopped: DocumentSessionError }>();
  private isDestroyed = false;

  constructor(private readonly options: DocumentSessionOptions) {
    this.documentId = options.documentId;
    const WebSocketCtor =
      options.WebSocket ??
      (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket ??
      undefined;
    if (WebSocketCtor === undefined) {
      throw new TypeError('No WebSocket: pass `WebSocket` (from the ws package in Node 20)');
    }
    this.WebSocketCtor = WebSocketCtor;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.refresher = new TokenRefresher(options, () => this.link);
    const { user } = options;
    this.awareness.setLocalStateField('user', {
      id: user?.id ?? null,
      name: user?.name ?? null,
      color: user?.color ?? colorFor(user?.id ?? String(this.doc.clientID)),
    });
    this.doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
    void this.start();
  }

  get status(): DocumentStatus {
    return this.statusValue;
  }

  get synced(): boolean {
    return this.syncedValue;
  }

  get permission(): DocumentPermission | undefined {
    return this.permissionValue;
  }

  get persisted(): boolean {
    return this.tracker.persisted;
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends keyof DocumentSessionEvents>(
    event: K,
    listener: (value: DocumentSessionEvents[K]) => void,
  ): () => void {
    return this.events.on(event, listener);
  }

  /** Resolves once synced; rejects if the session stops for good first. */
  whenSynced(): Promise<void> {
    if (this.syncedValue) return Promise.resolve();
    return this.until((resolve) => this.events.on('synced', (s) => s && resolve()));
  }

  /** Resolves once every local change made before the call is durable on the server. */
  whenPersisted(): Promise<void> {
    const persisted = this.tracker.whenPersisted();
    return this.until((resolve) => {
      void persisted.then(resolve);
      return () => undefined;
    });
  }

  /** Closes the socket, removes this user's presence, stops every timer. */
  destroy(): void {
    if (this.isDestroyed) return;
    this.isDestroyed = true;
    this.clearTimers();
    this.refresher.stop();
    const { link } = this;
    this.link = null;
    if (link !== null) {
      if (link.ws.readyState === OPEN) {
        // Others see this user leave now rather than after the awareness timeout.
        const update = awarenessProtocol.encodeAwarenessUpdate(
          this.awareness,
          [this.doc.clientID],
          new Map(),
        );
        link.ws.send(encodeAwarenessMessage(update));
      }
      detach(link.ws);
      link.ws.close(1000, 'session destroyed');
    }
    this.doc.off('update', this.onDocUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    void this.offlineStore?.destroy();
    this.setStatus('disconnected');
    this.failure ??= new DocumentSessionError('the session was destroyed', 0, 'destroyed');
    this.stopped.emit('stopped', this.failure);
    this.stopped.clear();
    this.events.clear();
  }

  /** A promise that settles with `subscribe`'s resolve, or rejects on a permanent stop/destroy. */
  private until(subscribe: (resolve: () => void) => () => void): Promise<void> {
    if (this.failure !== null) return Promise.reject(this.failure);
    return new Promise<void>((resolve, reject) => {
      const stopWaiting = subscribe(() => {
        done();
        resolve();
      });
      const stopError = this.stopped.on('stopped', (error) => {
        done();
        reject(error);
      });
      const done = () => {
        stopWaiting();
        stopError();
      };
    });
  }

  private async start(): Promise<void> {
    if (this.options.offline && (globalThis as { indexedDB?: unknown }).indexedDB !== undefined) {
      try {
        const { IndexeddbPersistence } = await import('y-indexeddb');
        const store = new IndexeddbPersistence(this.storeName(), this.doc);
        this.offlineStore = store;
        await store.whenSynced;
      } catch (error) {
        this.events.emit(
          'error',
          new DocumentSessionError(`offline store: ${String(error)}`, 0, 'offline'),
        );
      }
    }
    if (this.isDestroyed) return;
    await this.connect();
  }

  private storeName(): string {
    return `folio-document:${this.options.tenant ?? ''}:${this.documentId}`;
  }

  private async connect(): Promise<void> {
    this.reconnectTimer = null;
    if (this.isDestroyed || this.failure !== null || this.link !== null) return;
    this.setStatus('connecting');
    let token: string;
    try {
      token = await this.options.getToken(this.forceRefresh ? { forceRefresh: true } : undefined);
    } catch (error) {
      if (this.isDestroyed) return;
      this.setStatus('disconnected');
      this.events.emit(
        'error',
        new DocumentSessionError(`getToken failed: ${String(error)}`, 0, 'token'),
      );
      this.scheduleReconnect();
      return;
    }
    this.forceRefresh = false;
    if (this.isDestroyed || this.failure !== null || this.link !== null) return;
    this.adoptIdentity(token);
    let ws: WebSocketLike;
    try {
      ws = new this.WebSocketCtor(this.socketUrl(token));
    } catch (error) {
      this.stop(new DocumentSessionError(`cannot open the socket: ${String(error)}`, 0, 'url'));
      return;
    }
    ws.binaryType = 'arraybuffer';
    const link: Link = { ws, answeredStep1: false, admitted: false, lastMessageAt: Date.now() };
    this.link = link;
    this.tracker.connectionStarted();
    this.refresher.connected(token);
    ws.onopen = () => this.opened(link);
    ws.onmessage = (event) => {
      const bytes = toBytes(event.data);
      if (this.link === link && bytes !== null) this.receive(link, bytes);
    };
    ws.onclose = (event) => {
      if (this.link === link) this.closed(event.code, event.reason);
    };
    ws.onerror = () => undefined; // a close event follows
  }

  private socketUrl(token: string): string {
    const base = this.options.collabUrl.replace(/\/+$/, '');
    const query = `token=${encodeURIComponent(token)}&ext=${EXTENSIONS.join(',')}`;
    return `${base}/${encodeURIComponent(this.documentId)}?${query}`;
  }

  /** The awareness `user.id` comes from the token when the caller did not name one. */
  private adoptIdentity(token: string): void {
    const state = this.awareness.getLocalState() as { user?: Record<string, unknown> } | null;
    const subject = readTokenClaims(token).subject;
    if (
      this.options.user?.id !== undefined ||
      subject === undefined ||
      state?.user?.id === subject
    ) {
      return;
    }
    this.awareness.setLocalStateField('user', { ...state?.user, id: subject });
  }

  private opened(link: Link): void {
    if (this.link !== link) return;
    link.lastMessageAt = Date.now();
    this.setStatus('connected');
    // The server holds these through its handshake (collab.websocket.ts) and answers them after.
    link.ws.send(encodeSyncStep1(this.doc));
    if (this.awareness.getLocalState() !== null) {
      const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID]);
      link.ws.send(encodeAwarenessMessage(update));
    }
    const timeout = this.options.livenessTimeoutMs ?? DEFAULT_LIVENESS_TIMEOUT_MS;
    this.livenessTimer = setInterval(
      () => {
        // A half-open TCP connection delivers nothing; the server's awareness echoes (R16) and
        // the 15 s awareness renewals keep a healthy one busy.
        if (this.link === link && Date.now() - link.lastMessageAt > timeout) {
          detach(link.ws);
          link.ws.close(4000, 'no traffic');
          this.closed(1006, 'no traffic');
        }
      },
      Math.max(100, timeout / 10),
    );
  }

  private receive(link: Link, data: Uint8Array): void {
    link.lastMessageAt = Date.now();
    if (!link.admitted) {
      link.admitted = true;
      this.attempt = 0;
      this.isReauthenticating = false;
    }
    try {
      const decoder = decoding.createDecoder(data);
      const type = decoding.readVarUint(decoder);
      if (type === MessageType.sync) {
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MessageType.sync);
        const kind = syncProtocol.readSyncMessage(decoder, encoder, this.doc, this);
        if (kind === syncProtocol.messageYjsSyncStep1) {
          // Our step 2: everything the server lacks, offline edits included. Only a writer is
          // asked (R5), so this also tells us we may write.
          this.sendDocumentMessage(link, encoding.toUint8Array(encoder));
          link.answeredStep1 = true;
        } else if (kind === syncProtocol.messageYjsSyncStep2) {
          this.setSynced(true);
        }
      } else if (type === MessageType.awareness) {
        const update = decoding.readVarUint8Array(decoder);
        awarenessProtocol.applyAwarenessUpdate(this.awareness, update, this);
      } else if (type === MessageType.persistAck) {
        this.tracker.acknowledged(readPersistAck(decoder));
      } else if (type === MessageType.tokenRefresh) {
        const accepted = readTokenAccepted(decoder);
        if (accepted !== null) {
          this.setPermission(accepted.permission);
          this.refresher.accepted(accepted.expiresAt);
        }
      }
      // Anything else is a newer server's extension this client did not negotiate: ignored.
    } catch (error) {
      this.events.emit(
        'error',
        new DocumentSessionError(`bad message: ${String(error)}`, 0, 'protocol'),
      );
      detach(link.ws);
      link.ws.close(4400, 'malformed message');
      this.closed(4000, 'malformed message');
    }
  }

  private sendDocumentMessage(link: Link, message: Uint8Array): void {
    link.ws.send(message);
    this.tracker.documentMessageSent();
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === this) return; // from the server
    this.tracker.localChange();
    const { link } = this;
    // Before the step 2 went out, the step 2 will carry this change (persistence-tracker.ts).
    if (link?.answeredStep1 && link.ws.readyState === OPEN) {
      this.sendDocumentMessage(link, encodeUpdate(update));
    }
  };

  private readonly onAwarenessUpdate = (
    change: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    if (origin === this) return;
    const own = this.doc.clientID;
    const changed = [...change.added, ...change.updated, ...change.removed].includes(own);
    const { link } = this;
    if (!changed || link === null || link.ws.readyState !== OPEN) return;
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, [own]);
    link.ws.send(encodeAwarenessMessage(update));
  };

  private closed(code: number, reason: string): void {
    this.link = null;
    this.clearTimers();
    this.refresher.disconnected();
    const others = [...this.awareness.getStates().keys()].filter((id) => id !== this.doc.clientID);
    awarenessProtocol.removeAwarenessStates(this.awareness, others, this);
    this.setSynced(false);
    this.setStatus('disconnected');
    if (this.isDestroyed) return;
    const kind = classifyClose(code);
    if (kind === 'reauthenticate' && !this.isReauthenticating) {
      // The token expired or was refused: one immediate retry with a fresh one.
      this.isReauthenticating = true;
      this.forceRefresh = true;
      this.reconnectTimer = setTimeout(() => void this.connect(), 0);
    } else if (kind === 'retry') {
      this.scheduleReconnect();
    } else {
      this.stop(new DocumentSessionError(`the server closed the session: ${reason}`, code, reason));
    }
  }

  private scheduleReconnect(): void {
    if (this.isDestroyed || this.failure !== null || this.reconnectTimer !== null) return;
    const delay = backoffDelay(this.backoff, this.attempt);
    this.attempt += 1;
    this.reconnectTimer = setTimeout(() => void this.connect(), delay);
  }

  /** A permanent refusal: no more reconnects; waiters reject; the doc stays readable. */
  private stop(error: DocumentSessionError): void {
    this.failure = error;
    this.clearTimers();
    this.setStatus('disconnected');
    this.events.emit('error', error);
    this.stopped.emit('stopped', error);
  }

  private clearTimers(): void {
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    if (this.livenessTimer !== null) clearInterval(this.livenessTimer);
    this.reconnectTimer = null;
    this.livenessTimer = null;
  }

  private setStatus(status: DocumentStatus): void {
    if (this.statusValue === status) return;
    this.statusValue = status;
    this.events.emit('status', status);
  }

  private setSynced(synced: boolean): void {
    if (this.syncedValue === synced) return;
    this.syncedValue = synced;
    this.events.emit('synced', synced);
  }

  private setPermission(permission: DocumentPermission | undefined): void {
    if (this.permissionValue === permission) return;
    this.permissionValue = permission;
    this.events.emit('permission', permission);
  }
}

/** Stops a socket's handlers from reaching the session (it is being replaced or dropped). */
function detach(ws: WebSocketLike): void {
  ws.onopen = null;
  ws.onmessage = null;
  ws.onclose = null;
  ws.onerror = () => undefined;
}

/** Binary frames arrive as ArrayBuffer (binaryType) or, from some polyfills, as a view. */
function toBytes(data: unknown): Uint8Array | null {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data))
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return null;
}
