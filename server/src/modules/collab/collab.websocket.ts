/**
 * The realtime endpoint `ws(s)://<tenant host>/collab/<documentId>?token=…` (stock y-websocket:
 * `new WebsocketProvider('ws://host/collab', documentId, doc, { params: { token } })`). It rides
 * the node's HTTP server's `upgrade` event, upgrades, authorizes (collab-handshake.ts) and only
 * then joins the connection to its room (transport/collab-socket.ts). Messages the client sends
 * meanwhile (its sync step 1 and awareness, sent on open) are held and replayed, so the handshake
 * loses nothing.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { DataSource } from 'typeorm';
import { upgradePath } from '../../platform/http/upgrade-guard.js';
import type { Logger } from '../../platform/logging/logger.js';
import {
  CLOSE,
  closeReason,
  DEFAULT_ROOM_LIMITS,
  createPersistAckExtension,
  PERSIST_ACK,
  RoomManager,
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
import { KeepAlive } from './transport/ws-room-socket.js';
import { CollabSockets, CollabWebSocket } from './transport/collab-socket.js';
import { TOKEN_REFRESH, TokenRefresh } from './transport/token-refresh.js';
import {
  createDocumentContent,
  DocumentChangeFeed,
  type DocumentContent,
} from './document-content.js';

const COLLAB_PATH = /^\/collab\/([^/]+)$/;

/** Whether an upgrade request is the collab endpoint's (`/collab/<documentId>`). */
export function ownsCollabUpgrade(request: IncomingMessage): boolean {
  return COLLAB_PATH.test(upgradePath(request));
}

/** The Folio protocol extensions a client may ask for with `?ext=a,b` (SPEC.md R12, R38, R39). */
const KNOWN_EXTENSIONS: ReadonlySet<string> = new Set([PERSIST_ACK.name, TOKEN_REFRESH.name]);

/** The known extensions named in the `ext` query parameter; unknown names are ignored. */
function requestedExtensions(url: URL): string[] {
  const names = (url.searchParams.get('ext') ?? '').split(',').map((name) => name.trim());
  return [...new Set(names.filter((name) => KNOWN_EXTENSIONS.has(name)))];
}

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
  // Built before the manager, whose rooms take its extension; it reaches manager and access
  // registry (built below) only once connections exist.
  const tokenRefresh: TokenRefresh = new TokenRefresh({
    authenticator: options.authenticator,
    room: (key) => manager.room(key),
    access: () => access,
    logger,
    ...(options.tenantGate ? { tenantGate: options.tenantGate } : {}),
  });
  const manager: RoomManager = new RoomManager({
    extensions: [createPersistAckExtension(), tokenRefresh.extension],
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
  // Sockets are CollabWebSockets: their handshake and room state are fields of the socket. The
  // keepalive already holds every socket, so ws does not track them too (a Set entry and a close
  // listener per socket).
  const wss = new WebSocketServer({
    noServer: true,
    // Above the room's own limit, so an oversized message reaches the room and closes with 4413
    // rather than ws's generic 1009.
    maxPayload: maxMessageBytes + 1024,
    WebSocket: CollabWebSocket,
    clientTracking: false,
  });
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

  const sockets = new CollabSockets({
    manager,
    access,
    keepAlive,
    logger,
    ...(metrics ? { metrics } : {}),
    admit: (request) => admit(options, request),
    tokenRefresh,
  });

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(request.url ?? '/', 'http://placeholder');
    const match = COLLAB_PATH.exec(url.pathname);
    // Another endpoint's path, or nobody's: the node's upgrade guard refuses what nobody owns
    // (platform/http/upgrade-guard.ts).
    if (!match) return;
    const documentId = decodeURIComponent(match[1]!);
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.serve(ws, {
        host: request.headers.host,
        documentId,
        token: url.searchParams.get('token'),
        extensions: requestedExtensions(url),
      });
    });
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
      for (const client of [...keepAlive.watched]) client.terminate();
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
