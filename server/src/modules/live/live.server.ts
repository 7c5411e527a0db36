/**
 * The live channel: socket.io on the node's HTTP server at `/live` (websocket transport only, so
 * no sticky routing is needed), with `@socket.io/redis-adapter` across the fleet — the sharded
 * adapter (SSUBSCRIBE/SPUBLISH) on a Redis Cluster — and the in-memory adapter on a single node.
 *
 * A socket authenticates in the handshake with the same tokens as the REST API and the collab
 * endpoint (`auth: { token }`), is bound to the tenant its Host names and joins that tenant's
 * room. It joins document rooms by document id only; the room name is built here from its own
 * tenant, so a socket can never reach another tenant's rooms. Presence (who views or edits which
 * document) is answered from the sockets in a document room on every node, and re-broadcast to the
 * room on every join and leave. Access changes re-check open sockets (identity/live-access.ts).
 * The event catalogue is in docs/api.md ("Live channel").
 */
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import { Server, type Socket } from 'socket.io';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { withTenant } from '../../platform/db/unit-of-work.js';
import { AppError, toErrorBody } from '../../platform/errors.js';
import type { Logger } from '../../platform/logging/logger.js';
import { closeRedis, createRedis, type RedisClient } from '../../platform/redis/connection.js';
import type { Keyspace } from '../../platform/redis/keys.js';
import { can, type Principal } from '../access/index.js';
import { documentRepository } from '../documents/index.js';
import {
  identityOf,
  LiveAccessRegistry,
  userRepository,
  type AccessChanges,
  type AccessDecision,
  type Authenticator,
  type PrincipalIdentity,
} from '../identity/index.js';
import { authorizeRealtime, type TenantResolver } from '../tenancy/index.js';

export const LIVE_PATH = '/live';

/** Whether an upgrade request is the live channel's: engine.io's own test, on the raw URL. */
export function ownsLiveUpgrade(request: IncomingMessage): boolean {
  return (request.url ?? '').startsWith(`${LIVE_PATH}/`);
}

/** Document rooms one socket may be in at once; more is a runaway client. */
export const MAX_DOCUMENTS_PER_SOCKET = 50;

/** How long presence waits for the other nodes' sockets before answering with what it has. */
const PRESENCE_TIMEOUT_MS = 2000;

export type PresenceMode = 'view' | 'edit';

/** One user in a document's presence list (several tabs of one user are one entry). */
export interface PresenceEntry {
  readonly userId: string;
  readonly displayName: string;
  /** `edit` when any of the user's sockets edits. */
  readonly mode: PresenceMode;
  readonly connections: number;
}

/** What a socket carries (socket.data), readable from every node through the adapter. */
interface SocketData {
  tenantId: string;
  userId: string;
  displayName: string;
  identity: PrincipalIdentity;
  permissions: string[];
  /** documentId → mode, for the document rooms joined. */
  documents: Record<string, PresenceMode>;
}

/** Events either side may send: each carries one JSON payload (and, from clients, an ack). */
type LiveEvents = Record<string, (payload: unknown, ack?: Ack) => void>;
export type LiveSocket = Socket<LiveEvents, LiveEvents, Record<string, never>, SocketData>;

export interface LiveOptions {
  readonly server: HttpServer;
  readonly dataSource: DataSource;
  readonly authenticator: Authenticator;
  readonly resolver: TenantResolver;
  readonly logger: Logger;
  readonly keyspace: Keyspace;
  /** Where Redis is; null on a single node (in-memory adapter). */
  readonly redis: { url: string } | { clusterNodes: string[] } | null;
  readonly accessChanges?: AccessChanges;
  /** Whether the tenant is still open, read fresh on every re-check (suspension, maintenance). */
  readonly tenantGate?: (tenantId: string, principal: Principal) => Promise<void>;
  /** Every socket is re-checked this often too (expired sessions, lost messages). */
  readonly accessRecheckMs?: number;
  /** Refuse new sockets (the node is draining). */
  readonly isDraining?: () => boolean;
}

/** The running live channel. */
export interface LiveEndpoint {
  readonly io: Server<LiveEvents, LiveEvents, Record<string, never>, SocketData>;
  /** Sockets connected to this node. */
  readonly socketCount: number;
  /** This node's sockets by identity, re-checked on access changes. */
  readonly access: LiveAccessRegistry<LiveSocket>;
  /** Emits to every socket of the tenant, on every node. */
  emitToTenant(tenantId: string, event: string, payload: unknown): void;
  /** Emits to every socket in the document's room, on every node. */
  emitToDocument(tenantId: string, documentId: string, event: string, payload: unknown): void;
  /** Emits once to every socket of the tenant and of the document's room (a socket in both gets it once). */
  emitToTenantAndDocument(
    tenantId: string,
    documentId: string,
    event: string,
    payload: unknown,
  ): void;
  /** The document's presence list, from every node. */
  presence(tenantId: string, documentId: string): Promise<PresenceEntry[]>;
  /** Tells clients to reconnect elsewhere, closes their transports and the adapter. */
  stop(): Promise<void>;
}

export const tenantRoom = (tenantId: string): string => `t:${tenantId}`;
export const documentRoom = (tenantId: string, documentId: string): string =>
  `d:${tenantId}:${documentId}`;

const joinInput = z.object({
  documentId: z.uuid(),
  mode: z.enum(['view', 'edit']).default('view'),
});
const documentInput = z.object({ documentId: z.uuid() });

type Ack = (reply: unknown) => void;

/** Attaches the live channel to `server`; see the file comment. */
export async function attachLive(options: LiveOptions): Promise<LiveEndpoint> {
  const { logger } = options;
  const io = new Server<LiveEvents, LiveEvents, Record<string, never>, SocketData>(options.server, {
    path: LIVE_PATH,
    transports: ['websocket'],
    serveClient: false,
    // Leave other endpoints' upgrades alone: the node's upgrade guard refuses unowned paths
    // (platform/http/upgrade-guard.ts says what engine.io's own guard costs per socket).
    destroyUpgrade: false,
    maxHttpBufferSize: 64 * 1024,
    // Clients behind proxies keep a websocket open for hours; detect dead peers in a minute.
    pingInterval: 25_000,
    pingTimeout: 20_000,
  });
  const clients = await adapterClients(options);
  if (clients) {
    const prefix = options.keyspace.global('live');
    io.adapter(
      clients.pub.isCluster
        ? createShardedAdapter(clients.pub, clients.sub, {
            channelPrefix: prefix,
            subscriptionMode: 'dynamic',
          })
        : createAdapter(clients.pub, clients.sub, { key: prefix, requestsTimeout: 3000 }),
    );
  }

  const access = new LiveAccessRegistry<LiveSocket>({
    authenticator: options.authenticator,
    logger,
    apply: (socket, decision) => applyAccess(socket, decision),
    ...(options.tenantGate ? { tenantGate: options.tenantGate } : {}),
  });
  const stopPeriodic = options.accessRecheckMs
    ? access.recheckEvery(options.accessRecheckMs)
    : undefined;
  const subscription = options.accessChanges?.subscribe((change) => access.handle(change));
  const stopRecheck = options.accessChanges?.onResubscribe(() => void access.recheckAll());

  const presence = async (tenantId: string, documentId: string): Promise<PresenceEntry[]> => {
    const sockets = await io
      .in(documentRoom(tenantId, documentId))
      .timeout(PRESENCE_TIMEOUT_MS)
      .fetchSockets();
    const byUser = new Map<string, PresenceEntry>();
    for (const { data } of sockets) {
      const mode = data.documents?.[documentId];
      if (!mode || data.tenantId !== tenantId) continue;
      const seen = byUser.get(data.userId);
      byUser.set(data.userId, {
        userId: data.userId,
        displayName: data.displayName,
        mode: seen?.mode === 'edit' || mode === 'edit' ? 'edit' : 'view',
        connections: (seen?.connections ?? 0) + 1,
      });
    }
    return [...byUser.values()].sort((a, b) => a.userId.localeCompare(b.userId));
  };

  const broadcastPresence = async (tenantId: string, documentId: string): Promise<void> => {
    try {
      const users = await presence(tenantId, documentId);
      io.to(documentRoom(tenantId, documentId)).emit('presence', { documentId, users });
    } catch (error) {
      logger.warn({ error, documentId }, 'presence not broadcast');
    }
  };

  const leaveDocument = async (socket: LiveSocket, documentId: string): Promise<boolean> => {
    const { tenantId } = socket.data;
    if (!(documentId in socket.data.documents)) return false;
    delete socket.data.documents[documentId];
    await socket.leave(documentRoom(tenantId, documentId));
    void broadcastPresence(tenantId, documentId);
    return true;
  };

  function applyAccess(socket: LiveSocket, decision: AccessDecision): void {
    if (decision.kind === 'revoke') {
      socket.emit('access:revoked', { reason: decision.reason, code: decision.error.code });
      socket.disconnect(true);
      return;
    }
    const { principal } = decision;
    const permissions = [...principal.permissions];
    const before = new Set(socket.data.permissions);
    // A tenant-wide re-check (a role edited) leaves most sockets as they were: tell only those
    // whose permissions actually changed.
    if (permissions.length === before.size && permissions.every((p) => before.has(p))) return;
    socket.data.permissions = permissions;
    socket.emit('access:changed', { permissions });
    for (const [documentId, mode] of Object.entries(socket.data.documents)) {
      if (!can(principal, 'documents.read')) {
        leaveDocument(socket, documentId).catch((error: unknown) => {
          logger.warn({ error, documentId }, 'leaving a document after an access change failed');
        });
      } else if (mode === 'edit' && !can(principal, 'documents.write')) {
        socket.data.documents[documentId] = 'view';
        void broadcastPresence(socket.data.tenantId, documentId);
      }
    }
  }

  io.use((socket: LiveSocket, next) => {
    if (options.isDraining?.()) {
      return next(handshakeError(new AppError('unavailable', 'This node is draining')));
    }
    const auth = socket.handshake.auth as { token?: unknown };
    const token = typeof auth.token === 'string' ? auth.token : null;
    authorizeRealtime(options, { host: socket.handshake.headers.host, token })
      .then(async ({ principal, tenant }) => {
        socket.data = {
          tenantId: tenant.id,
          userId: userIdOf(principal),
          displayName: await withTenant(options.dataSource, tenant.id, (tx) =>
            userRepository.displayNameOf(tx, principal),
          ),
          identity: identityOf(principal),
          permissions: [...principal.permissions],
          documents: {},
        };
        next();
      })
      .catch((error: unknown) => {
        if (!(error instanceof AppError)) logger.error({ error }, 'live handshake failed');
        next(handshakeError(error));
      });
  });

  io.on('connection', (socket: LiveSocket) => {
    const { tenantId, userId } = socket.data;
    const untrack = access.track(socket.data.identity, socket);
    Promise.resolve(socket.join(tenantRoom(tenantId))).catch((error: unknown) => {
      logger.error({ error, tenantId }, 'joining the tenant room failed');
      socket.disconnect(true);
    });
    socket.emit('ready', { tenantId, userId, permissions: socket.data.permissions });

    socket.on('document:join', (raw: unknown, ack?: Ack) =>
      reply(ack, async () => {
        const { documentId, mode } = parseArgs(joinInput, raw);
        if (!socket.data.permissions.includes('documents.read')) {
          throw new AppError('forbidden', 'No access to documents');
        }
        const joined = Object.keys(socket.data.documents);
        if (!joined.includes(documentId) && joined.length >= MAX_DOCUMENTS_PER_SOCKET) {
          throw new AppError(
            'conflict',
            `A socket can be in at most ${MAX_DOCUMENTS_PER_SOCKET} documents`,
            { details: { reason: 'too_many_documents' } },
          );
        }
        const exists = await withTenant(options.dataSource, tenantId, (tx) =>
          documentRepository.findById(tx, tenantId, documentId),
        );
        if (!exists) throw new AppError('not_found', 'No such document');
        // Editing presence needs the right to edit; anyone else is shown viewing.
        const granted: PresenceMode =
          mode === 'edit' && socket.data.permissions.includes('documents.write') ? 'edit' : 'view';
        socket.data.documents[documentId] = granted;
        await socket.join(documentRoom(tenantId, documentId));
        const users = await presence(tenantId, documentId);
        socket.to(documentRoom(tenantId, documentId)).emit('presence', { documentId, users });
        return { documentId, mode: granted, users };
      }),
    );

    socket.on('document:leave', (raw: unknown, ack?: Ack) =>
      reply(ack, async () => {
        const { documentId } = parseArgs(documentInput, raw);
        return { left: await leaveDocument(socket, documentId) };
      }),
    );

    socket.on('document:presence', (raw: unknown, ack?: Ack) =>
      reply(ack, async () => {
        const { documentId } = parseArgs(documentInput, raw);
        if (!(documentId in socket.data.documents)) {
          throw new AppError('not_found', 'Join the document first');
        }
        return { documentId, users: await presence(tenantId, documentId) };
      }),
    );

    socket.on('disconnect', () => {
      untrack();
      for (const documentId of Object.keys(socket.data.documents)) {
        void broadcastPresence(tenantId, documentId);
      }
    });
  });

  return {
    io,
    access,
    get socketCount() {
      return io.of('/').sockets.size;
    },
    emitToTenant: (tenantId, event, payload) => {
      io.to(tenantRoom(tenantId)).emit(event, payload);
    },
    emitToDocument: (tenantId, documentId, event, payload) => {
      io.to(documentRoom(tenantId, documentId)).emit(event, payload);
    },
    emitToTenantAndDocument: (tenantId, documentId, event, payload) => {
      io.to([tenantRoom(tenantId), documentRoom(tenantId, documentId)]).emit(event, payload);
    },
    presence,
    stop: async () => {
      stopRecheck?.();
      stopPeriodic?.();
      const unsubscribe = await subscription;
      await unsubscribe?.();
      // Clients reconnect after a transport close (not after a server-side disconnect), so the
      // notice goes first, then the transports close and the clients move to another node.
      io.local.emit('server:draining', { reconnect: true });
      io.engine.close();
      await io.of('/').adapter.close();
      if (clients) await Promise.all([closeRedis(clients.pub), closeRedis(clients.sub)]);
    },
  };
}

async function adapterClients(
  options: LiveOptions,
): Promise<{ pub: RedisClient; sub: RedisClient } | null> {
  if (!options.redis) return null;
  const pub = createRedis({ ...options.redis, purpose: 'live:pub', logger: options.logger });
  const sub = createRedis({
    ...options.redis,
    purpose: 'live:sub',
    logger: options.logger,
    shardedSubscribers: true,
  });
  return { pub, sub };
}

/** Runs an event handler and answers its acknowledgement: `{ ok: true, ... }` or the error body. */
function reply(ack: Ack | undefined, run: () => Promise<Record<string, unknown>>): void {
  run().then(
    (result) => {
      if (typeof ack === 'function') ack({ ok: true, ...result });
    },
    (error: unknown) => {
      if (typeof ack === 'function') ack({ ok: false, ...toErrorBody(error).body });
    },
  );
}

function parseArgs<T>(schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new AppError('validation_failed', z.prettifyError(parsed.error));
  }
  return parsed.data;
}

/** A handshake refusal as socket.io delivers it: `connect_error` with message = error code. */
function handshakeError(error: unknown): Error {
  const { body } = toErrorBody(error);
  const refusal = new Error(body.error.code) as Error & { data: unknown };
  refusal.data = body.error;
  return refusal;
}

function userIdOf(principal: Principal): string {
  return principal.kind === 'member' ? principal.userId : `api-key:${principal.apiKeyId}`;
}
