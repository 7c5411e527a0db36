/**
 * The collab endpoint's side of each websocket, from the upgrade to the close: authorize
 * (collab-handshake.ts), then join the room. Messages the client sends meanwhile (its sync step 1
 * and awareness, sent on open) are held and replayed, so the handshake loses nothing; closes from
 * the adapter's side are counted (R26); a joined connection is tracked for access re-checks.
 *
 * A node holds thousands of mostly idle sockets, so the per-socket state lives in fields of the
 * socket itself (`CollabWebSocket`, the class the endpoint's WebSocketServer creates), whose
 * events go straight to the endpoint's handlers: no closures or listeners per socket, and the
 * handshake's queue only exists for sockets that send during it.
 */
import { WebSocket, type RawData } from 'ws';
import { AppError } from '../../../platform/errors.js';
import type { Logger } from '../../../platform/logging/logger.js';
import type { LiveAccessRegistry } from '../../identity/index.js';
import {
  CLOSE,
  closeReason,
  DEFAULT_ROOM_LIMITS,
  type CloseSpec,
  type ConnectionHandle,
  type RejectReason,
  type RoomManager,
} from '../room/index.js';
import type { Admission, HandshakeRequest } from './collab-handshake.js';
import { toBytes, WsRoomSocket, type KeepAlive } from './ws-room-socket.js';
import { TOKEN_REFRESH, type TokenRefresh } from './token-refresh.js';

/** What the access registry needs to act on one connection (collab.websocket.ts applyAccess). */
export interface CollabAccessTarget {
  readonly key: string;
  readonly connectionId: string;
}

type AccessEntry = ReturnType<LiveAccessRegistry<CollabAccessTarget>['add']>;

/** A websocket of the collab endpoint, carrying its handshake and room state. */
export class CollabWebSocket extends WebSocket implements CollabAccessTarget {
  /** The endpoint serving it, whose handlers `emit` calls. */
  endpoint: CollabSockets | null = null;
  /** Messages that arrived during the handshake: allocated by the first, dropped once replayed. */
  held: Uint8Array[] | null = null;
  /** The room connection, once joined. */
  handle: ConnectionHandle | null = null;
  /** The access registry's entry while joined. */
  accessEntry: AccessEntry | null = null;
  /** The room's key, once joined (the room's own string, not a copy per socket). */
  key = '';
  /** Set by the first close from either side: whatever the client sends after it is dropped. */
  isClosing = false;

  get connectionId(): string {
    return this.handle?.connectionId ?? '';
  }

  /**
   * The endpoint's handlers run here rather than as listeners: a socket's listeners live in a
   * hash table of its own, and message, error and close next to the keepalive's pong would
   * outgrow its initial size (about 90 bytes more per socket). Anyone else's listeners still run.
   */
  override emit(event: string | symbol, ...args: unknown[]): boolean {
    const { endpoint } = this;
    if (endpoint !== null) {
      if (event === 'message') endpoint.received(this, args[0] as RawData, args[1] === true);
      else if (event === 'close') endpoint.closed(this);
      else if (event === 'error') {
        endpoint.failed(args[0] as Error);
        // Handled: without another listener, EventEmitter would throw it.
        if (this.listenerCount('error') === 0) return true;
      }
    }
    return super.emit(event, ...args);
  }
}

/** What serving a socket needs from the endpoint. */
export interface CollabSocketsDeps {
  readonly manager: RoomManager;
  readonly access: LiveAccessRegistry<CollabAccessTarget>;
  readonly keepAlive: KeepAlive;
  readonly logger: Logger;
  readonly metrics?: { messageRejected(reason: RejectReason): void };
  readonly admit: (request: HandshakeRequest) => Promise<Admission>;
  /** Told of every joined connection that negotiated `token-refresh` (token-refresh.ts). */
  readonly tokenRefresh?: Pick<TokenRefresh, 'joined' | 'forget'>;
}

/** Serves the endpoint's sockets; one instance per endpoint, its handlers shared by all. */
export class CollabSockets {
  constructor(private readonly deps: CollabSocketsDeps) {}

  /** Takes over an upgraded socket: keepalive, handlers, then the handshake and the join. */
  serve(ws: CollabWebSocket, request: HandshakeRequest): void {
    // Its close handler forgets it: no close listener of the keepalive's own per socket.
    this.deps.keepAlive.watch(ws, { forgetOnClose: false });
    ws.endpoint = this;
    this.deps.admit(request).then(
      (admission) => this.join(ws, admission, request.token),
      (error: unknown) => this.refuseHandshake(ws, error),
    );
  }

  /** One message from the client: into the room once joined, held until then. */
  received(ws: CollabWebSocket, data: RawData, isBinary: boolean): void {
    // Closing (by the room or by refuse): whatever still arrives is dropped, as the room does.
    if (ws.isClosing || ws.readyState !== WebSocket.OPEN) return;
    // y-websocket speaks binary frames only; a text frame is not bytes to decode (its UTF-8 may
    // well spell a valid sync message) but a protocol error (R11).
    if (!isBinary) return this.refuse(ws, CLOSE.protocolError, 'protocol_error', 'text frame');
    const bytes = toBytes(data);
    if (ws.handle) return ws.handle.receive(bytes);
    const held = (ws.held ??= []);
    if (held.length >= DEFAULT_ROOM_LIMITS.maxQueuedMessagesWhileLoading) {
      const detail = 'too many messages while joining';
      return this.refuse(ws, CLOSE.rateLimited, 'loading_queue_full', detail);
    }
    held.push(bytes);
  }

  /** The socket failed; ws closes it next. */
  failed(error: Error): void {
    // ws already closed it with 1009: a frame beyond maxPayload is refused before it is read.
    if ((error as { code?: unknown }).code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
      this.deps.metrics?.messageRejected('message_too_large');
    }
    this.deps.logger.warn({ error }, 'collab socket error');
  }

  /** The socket closed, whoever closed it: leave the room and every registry. */
  closed(ws: CollabWebSocket): void {
    ws.isClosing = true;
    ws.held = null;
    this.deps.keepAlive.forget(ws);
    if (ws.accessEntry) this.deps.access.remove(ws.accessEntry);
    ws.accessEntry = null;
    if (ws.handle) this.deps.tokenRefresh?.forget(ws.handle.connectionId);
    ws.handle?.leave();
  }

  private join(ws: CollabWebSocket, admission: Admission, token: string | null): void {
    if (ws.isClosing) return;
    const { manager } = this.deps;
    const handle = manager.join(
      admission.key,
      new WsRoomSocket(ws),
      admission.info,
      admission.limits,
    );
    ws.handle = handle;
    ws.key = manager.room(admission.key)?.documentId ?? admission.key;
    ws.accessEntry = this.deps.access.add(admission.identity, ws);
    if (admission.info.extensions?.includes(TOKEN_REFRESH.name) && !ws.isClosing) {
      this.deps.tokenRefresh?.joined(ws, admission, token);
    }
    const replay = ws.held;
    ws.held = null;
    if (replay) for (const bytes of replay) handle.receive(bytes);
  }

  /** Closes from the adapter's side, counted (R26); nothing the client sends after counts. */
  private refuse(ws: CollabWebSocket, spec: CloseSpec, reason: RejectReason, detail: string): void {
    ws.isClosing = true;
    ws.held = null;
    this.deps.metrics?.messageRejected(reason);
    ws.handle?.leave();
    ws.close(spec.code, closeReason(spec, detail));
  }

  private refuseHandshake(ws: CollabWebSocket, error: unknown): void {
    if (!(error instanceof AppError)) this.deps.logger.error({ error }, 'collab handshake failed');
    const refusal =
      error instanceof AppError
        ? { code: error.closeCode, reason: error.expose ? error.message : 'refused' }
        : { code: 1011, reason: 'internal error' };
    ws.close(refusal.code, closeReason({ ...refusal, retry: 'never' }));
  }
}
