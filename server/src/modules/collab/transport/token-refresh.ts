/**
 * The `token-refresh` extension (SPEC.md R39, docs/collab-protocol.md), message type 101: a
 * connection that negotiated it is told on joining that its token was accepted (with its
 * permission and expiry), is closed with 4401 when that token expires, and may send a fresh
 * access token before then. The token is verified like a handshake's (signature, session,
 * membership, tenant open); it must name the same tenant and user. Accepted, it replaces the
 * connection's expiry, permission (R9) and identity for access re-checks, so a refreshed
 * connection outlives its first token and is not closed when only its old session ends.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { AppError } from '../../../platform/errors.js';
import type { Logger } from '../../../platform/logging/logger.js';
import type { Principal } from '../../access/index.js';
import { identityOf, type Authenticator, type LiveAccessRegistry } from '../../identity/index.js';
import {
  CLOSE,
  closeReason,
  ProtocolError,
  type CloseSpec,
  type ExtensionConnection,
  type RoomExtension,
  type Room,
} from '../room/index.js';
import { permissionOf, type Admission } from './collab-handshake.js';
import type { CollabAccessTarget, CollabWebSocket } from './collab-socket.js';

/** The extension's name in the `ext` negotiation and its message type. */
export const TOKEN_REFRESH = { name: 'token-refresh', messageType: 101 } as const;

/** Message kinds: client → server `refresh`, server → client `accepted`. */
const KIND = { refresh: 0, accepted: 1 } as const;

/** What the extension needs from the endpoint. */
export interface TokenRefreshDeps {
  readonly authenticator: Pick<Authenticator, 'authenticate'>;
  /** The room a connection is in, by room key. */
  readonly room: (key: string) => Pick<Room, 'setPermission' | 'disconnect'> | undefined;
  readonly access: () => LiveAccessRegistry<CollabAccessTarget>;
  readonly logger: Logger;
  /** The same tenant check the re-checks use (suspension, maintenance), if the node has one. */
  readonly tenantGate?: (tenantId: string, principal: Principal) => Promise<void>;
}

/** One connection that negotiated the extension. */
interface Tracked {
  readonly ws: CollabWebSocket;
  readonly tenantId: string;
  readonly userId: string;
  expiry: ReturnType<typeof setTimeout> | null;
  /** Refreshes started; only the newest one's outcome is applied. */
  generation: number;
}

/** The extension and the per-connection state behind it; one instance per endpoint. */
export class TokenRefresh {
  private readonly tracked = new Map<string, Tracked>();
  readonly extension: RoomExtension = {
    ...TOKEN_REFRESH,
    handleMessage: (connection, payload) => this.received(connection, payload),
    onLeave: (connectionId) => this.forget(connectionId),
  };

  constructor(private readonly deps: TokenRefreshDeps) {}

  /** Connections tracked, for tests. */
  get size(): number {
    return this.tracked.size;
  }

  /** A connection that negotiated the extension joined: announce, and arm its expiry. */
  joined(ws: CollabWebSocket, admission: Admission, token: string | null): void {
    const { connectionId } = admission.info;
    const entry: Tracked = {
      ws,
      tenantId: admission.tenantId,
      userId: admission.info.userId,
      expiry: null,
      generation: 0,
    };
    this.tracked.set(connectionId, entry);
    const expiresAt = token === null ? null : tokenExpiry(token);
    this.arm(connectionId, entry, expiresAt);
    if (ws.readyState === ws.OPEN) ws.send(accepted(admission.info.permission, expiresAt));
  }

  /** The socket closed (it may never have reached the room). */
  forget(connectionId: string): void {
    const entry = this.tracked.get(connectionId);
    if (entry === undefined) return;
    if (entry.expiry !== null) clearTimeout(entry.expiry);
    this.tracked.delete(connectionId);
  }

  private received(connection: ExtensionConnection, payload: Uint8Array): void {
    const decoder = decoding.createDecoder(payload);
    const kind = decoding.readVarUint(decoder);
    if (kind !== KIND.refresh) throw new ProtocolError(`unknown token-refresh kind ${kind}`);
    const token = decoding.readVarString(decoder);
    const entry = this.tracked.get(connection.connectionId);
    if (entry === undefined) return;
    entry.generation += 1;
    void this.verify(connection, entry, entry.generation, token);
  }

  private async verify(
    connection: ExtensionConnection,
    entry: Tracked,
    generation: number,
    token: string,
  ): Promise<void> {
    const { connectionId } = connection;
    let principal: Principal;
    try {
      principal = await this.deps.authenticator.authenticate(token);
      await this.deps.tenantGate?.(principal.tenantId, principal);
    } catch (error) {
      if (!this.isCurrent(connectionId, entry, generation)) return;
      if (!(error instanceof AppError)) {
        // The database is unreachable, say: keep the connection on its current token.
        this.deps.logger.error({ error, connectionId }, 'token refresh check failed');
        return;
      }
      const spec = error.code === 'unauthenticated' ? CLOSE.tokenRejected : CLOSE.permissionRevoked;
      this.close(connectionId, entry, spec, error.message);
      return;
    }
    if (!this.isCurrent(connectionId, entry, generation)) return;
    const subject =
      principal.kind === 'member' ? principal.userId : `api-key:${principal.apiKeyId}`;
    if (principal.tenantId !== entry.tenantId || subject !== entry.userId) {
      this.close(connectionId, entry, CLOSE.permissionRevoked, 'token of another identity');
      return;
    }
    const permission = permissionOf(principal);
    if (permission === null) {
      this.close(connectionId, entry, CLOSE.permissionRevoked, 'no access to documents');
      return;
    }
    this.deps.room(entry.ws.key)?.setPermission(connectionId, permission);
    // Re-checks follow the new session: the old one may end (logout elsewhere) without harm.
    const { ws } = entry;
    if (ws.accessEntry !== null) {
      const access = this.deps.access();
      access.remove(ws.accessEntry);
      ws.accessEntry = access.add(identityOf(principal), ws);
    }
    const expiresAt = principal.kind === 'member' ? tokenExpiry(token) : null;
    this.arm(connectionId, entry, expiresAt);
    connection.send(acceptedPayload(permission, expiresAt));
  }

  private isCurrent(connectionId: string, entry: Tracked, generation: number): boolean {
    return this.tracked.get(connectionId) === entry && entry.generation === generation;
  }

  /** Closes the connection when its token expires (a refresh re-arms it). */
  private arm(connectionId: string, entry: Tracked, expiresAt: number | null): void {
    if (entry.expiry !== null) clearTimeout(entry.expiry);
    entry.expiry = null;
    if (expiresAt === null) return;
    const timer = setTimeout(
      () => this.close(connectionId, entry, CLOSE.tokenRejected, 'access token expired'),
      Math.max(0, expiresAt - Date.now()),
    );
    timer.unref();
    entry.expiry = timer;
  }

  private close(connectionId: string, entry: Tracked, spec: CloseSpec, detail: string): void {
    if (this.tracked.get(connectionId) !== entry) return;
    const reason = closeReason(spec, detail);
    const room = this.deps.room(entry.ws.key);
    if (room?.disconnect(connectionId, spec.code, reason) !== true)
      entry.ws.close(spec.code, reason);
    this.forget(connectionId);
  }
}

/** An `accepted` payload (permission, expiry in epoch seconds, 0 for none). */
function acceptedPayload(permission: string, expiresAt: number | null): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, KIND.accepted);
  encoding.writeVarString(encoder, permission);
  encoding.writeVarUint(encoder, expiresAt === null ? 0 : Math.ceil(expiresAt / 1000));
  return encoding.toUint8Array(encoder);
}

/** A whole `accepted` message, for the announcement sent outside the room. */
function accepted(permission: string, expiresAt: number | null): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, TOKEN_REFRESH.messageType);
  encoding.writeUint8Array(encoder, acceptedPayload(permission, expiresAt));
  return encoding.toUint8Array(encoder);
}

/**
 * The `exp` of an access token that already passed verification (so its payload is trusted), in
 * epoch ms; null for API keys and anything without one.
 */
function tokenExpiry(token: string): number | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as {
      exp?: unknown;
    };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : null;
  } catch {
    return null;
  }
}
