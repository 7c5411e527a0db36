/**
 * The realtime endpoint `ws(s)://<tenant host>/collab/<documentId>?token=…` (stock y-websocket:
 * `new WebsocketProvider('ws://host/collab', documentId, doc, { params: { token } })`). It rides
 * the node's HTTP server's `upgrade` event, upgrades, authorizes (collab-handshake.ts) and only
 * then joins the connection to its room. Messages the client sends meanwhile (its sync step 1 and
 * awareness, sent on open) are held and replayed, so the handshake loses nothing.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { DataSource } from 'typeorm';
import { AppError } from '../../platform/errors.js';
import type { Logger } from '../../platform/logging/logger.js';
import {
  CLOSE,
  closeReason,
  DEFAULT_ROOM_LIMITS,
  RoomManager,
  type CloseSpec,
  type ConnectionHandle,
  type RejectReason,
  type RoomLimits,
  type RoomPeers,
  type RoomTimings,
} from './room/index.js';
import type { JobQueue } from '../../platform/queue/queue.port.js';
import type { PostgresRoomStorage } from './storage/postgres-room-storage.js';
import type { CompactionPolicy } from './storage/compaction-scheduler.js';
import type { CollabMetrics } from './collab.metrics.js';
import {
  createCollabPersistence,
  type CollabPersistence,
  type CollabPersistenceOptions,
} from './collab-persistence.js';
import { admit, permissionOf, type HandshakeDeps } from './transport/collab-handshake.js';
import type { Principal } from '../access/index.js';
import { LiveAccessRegistry, type AccessChanges, type AccessDecision } from '../identity/index.js';
import { KeepAlive, toBytes, WsRoomSocket } from './transport/ws-room-socket.js';
import {
  createDocumentContent,
  DocumentChangeFeed,
  type DocumentContent,
} from './document-content.js';

const COLLAB_PATH = /^\/collab\/([^/]+)$/;

export interface CollabOptions extends HandshakeDeps {
  readonly server: Server;
  readonly dataSource: DataSource;
  /** Where compaction jobs go (and, on a worker node, run). */
  readonly queue: JobQueue;
  /** Names this node in compaction leases. */
  readonly nodeId: string;
  readonly logger: Logger;
  readonly metrics?: CollabMetrics;
  readonly maxRooms?: number;
  readonly limits?: Partial<RoomLimits>;
  readonly timings?: Partial<RoomTimings>;
  readonly storage?: CollabPersistenceOptions['storage'];
  readonly compaction?: Partial<CompactionPolicy>;
  /** The other nodes holding the same rooms (Redis); absent on a single node. */
  readonly peers?: RoomPeers;
  /** Keepalive ping interval; a socket silent for two intervals is dropped. */
  readonly pingIntervalMs?: number;
  /**
   * Access changes from every node: a removed member's connections close with 4403, a changed
   * role's switch between read, comment and write from their next message.
   */
  readonly accessChanges?: AccessChanges;
  /** Whether the tenant is still open, read fresh on every re-check (suspension, maintenance). */
  readonly tenantGate?: (tenantId: string, principal: Principal) => Promise<void>;
  /** Every connection is re-checked this often too (expired sessions, lost messages). */
  readonly accessRecheckMs?: number;
}

/** The running endpoint: its rooms, storage, and the stop step for the lifecycle. */
export interface CollabEndpoint {
  readonly manager: RoomManager;
  readonly storage: PostgresRoomStorage;
  /** Storage plus compaction (scheduler and compactor). */
  readonly persistence: CollabPersistence;
  /** This node's connections by identity, re-checked on access changes. */
  readonly access: LiveAccessRegistry<{ key: string; connectionId: string }>;
  /** Server-side reads and changes of documents through these rooms. */
  readonly content: DocumentContent;
  /** Drains every room (flush, then close clients with 4512), writes the rest, stops accepting. */
  stop(): Promise<void>;
}

/** Attaches the collab endpoint to `server`; see the file comment. */
export function attachCollab(options: CollabOptions): CollabEndpoint {
  const { server, logger } = options;
  const { metrics } = options;
  const persistence = createCollabPersistence({
    dataSource: options.dataSource,
    queue: options.queue,
    nodeId: options.nodeId,
    logger,
    ...(metrics ? { metrics } : {}),
    ...(options.storage ? { storage: options.storage } : {}),
    ...(options.compaction ? { compaction: options.compaction } : {}),
  });
  const { storage } = persistence;
  const changes = new DocumentChangeFeed(logger);
  const manager = new RoomManager({
    storage,
    onChange: changes.roomChanged,
    maxRooms: options.maxRooms ?? 10_000,
    logger,
    ...(metrics ? { metrics } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.timings ? { timings: options.timings } : {}),
    ...(options.peers ? { peers: options.peers } : {}),
  });
  metrics?.watch(manager);
  const maxMessageBytes = options.limits?.maxMessageBytes ?? DEFAULT_ROOM_LIMITS.maxMessageBytes;
  // Above the room's own limit, so an oversized message reaches the room and closes with 4413
  // rather than ws's generic 1009.
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes + 1024 });
  const keepAlive = new KeepAlive(options.pingIntervalMs ?? 30_000);
  const access = new LiveAccessRegistry<{ key: string; connectionId: string }>({
    authenticator: options.authenticator,
    logger,
    apply: ({ key, connectionId }, decision) => applyAccess(manager, key, connectionId, decision),
    ...(options.tenantGate ? { tenantGate: options.tenantGate } : {}),
  });
  const stopPeriodic = options.accessRecheckMs
    ? access.recheckEvery(options.accessRecheckMs)
    : undefined;
  const { accessChanges } = options;
  const subscription = accessChanges?.subscribe((change) => access.handle(change));
  const stopRecheck = accessChanges?.onResubscribe(() => void access.recheckAll());

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(request.url ?? '/', 'http://placeholder');
    const match = COLLAB_PATH.exec(url.pathname);
    if (!match) {
      // Another endpoint may own this path (graphql-ws); refuse only when nobody else listens.
      if (server.listenerCount('upgrade') === 1) refuseUpgrade(socket, 404, 'Not Found');
      return;
    }
    const documentId = decodeURIComponent(match[1]!);
    wss.handleUpgrade(request, socket, head, (ws) => {
      keepAlive.watch(ws);
      serve(ws, { host: request.headers.host, documentId, token: url.searchParams.get('token') });
    });
  };

  const serve = (ws: WebSocket, request: Parameters<typeof admit>[1]): void => {
    /** Messages that arrived during the handshake; dropped once replayed into the room. */
    let held: Uint8Array[] | null = [];
    let handle: ConnectionHandle | null = null;
    let untrack: (() => void) | null = null;
    let closed = false;
    /** Closes from the adapter's side, counted (R26); nothing the client sends after counts. */
    const refuse = (spec: CloseSpec, reason: RejectReason, detail: string): void => {
      closed = true;
      metrics?.messageRejected(reason);
      handle?.leave();
      ws.close(spec.code, closeReason(spec, detail));
    };
    ws.on('message', (data, isBinary) => {
      // Closing (by the room or by refuse): whatever still arrives is dropped, as the room does.
      if (closed || ws.readyState !== ws.OPEN) return;
      // y-websocket speaks binary frames only; a text frame is not bytes to decode (its UTF-8
      // may well spell a valid sync message) but a protocol error (R11).
      if (!isBinary) return refuse(CLOSE.protocolError, 'protocol_error', 'text frame');
      const bytes = toBytes(data);
      if (handle) return handle.receive(bytes);
      if (held === null) return;
      if (held.length >= DEFAULT_ROOM_LIMITS.maxQueuedMessagesWhileLoading) {
        return refuse(CLOSE.rateLimited, 'loading_queue_full', 'too many messages while joining');
      }
      held.push(bytes);
    });
    ws.on('error', (error) => {
      // ws already closed it with 1009: a frame beyond maxPayload is refused before it is read.
      if ((error as { code?: unknown }).code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        metrics?.messageRejected('message_too_large');
      }
      logger.warn({ error }, 'collab socket error');
    });
    ws.on('close', () => {
      closed = true;
      untrack?.();
      handle?.leave();
    });
    admit(options, request).then(
      (admission) => {
        if (closed) return;
        handle = manager.join(
          admission.key,
          new WsRoomSocket(ws),
          admission.info,
          admission.limits,
        );
        untrack = access.track(admission.identity, {
          key: admission.key,
          connectionId: admission.info.connectionId,
        });
        const replay = held ?? [];
        held = null;
        for (const bytes of replay) handle.receive(bytes);
      },
      (error: unknown) => {
        if (!(error instanceof AppError)) logger.error({ error }, 'collab handshake failed');
        const refusal =
          error instanceof AppError
            ? { code: error.closeCode, reason: error.expose ? error.message : 'refused' }
            : { code: 1011, reason: 'internal error' };
        ws.close(refusal.code, closeReason({ ...refusal, retry: 'never' }));
      },
    );
  };

  server.on('upgrade', onUpgrade);
  return {
    manager,
    storage,
    persistence,
    access,
    content: createDocumentContent(manager, storage, changes),
    stop: async () => {
      server.off('upgrade', onUpgrade);
      keepAlive.stop();
      stopRecheck?.();
      stopPeriodic?.();
      const unsubscribe = await subscription;
      await unsubscribe?.();
      await manager.shutdown();
      await persistence.close();
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** Applies a re-checked access decision to one connection (R9): new permission, or closed. */
function applyAccess(
  manager: RoomManager,
  key: string,
  connectionId: string,
  decision: AccessDecision,
): void {
  const room = manager.room(key);
  if (!room) return;
  const permission = decision.kind === 'keep' ? permissionOf(decision.principal) : null;
  if (permission !== null) {
    room.setPermission(connectionId, permission);
    return;
  }
  if (decision.kind === 'keep') {
    const spec = CLOSE.permissionRevoked;
    room.disconnect(connectionId, spec.code, closeReason(spec, 'no access to documents'));
    return;
  }
  // Access ended → 4403 (stop); a tenant in maintenance → its handshake's code (try again later).
  const { error, reason } = decision;
  const spec =
    error.code === 'unauthenticated'
      ? CLOSE.permissionRevoked
      : { code: error.closeCode, reason: error.message, retry: 'backoff' as const };
  room.disconnect(
    connectionId,
    spec.code,
    closeReason(spec, spec === CLOSE.permissionRevoked ? reason : undefined),
  );
}

/** Answers a non-websocket path with a plain HTTP status and drops the socket. */
function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
