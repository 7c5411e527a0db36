/**
 * The websocket handshake's authorization, run before a connection joins a room (so before any
 * document data flows): token → principal, Host → tenant (the token's own on a host naming none),
 * the document must exist in that tenant, and the member's permissions decide read, comment or
 * write. Failures are AppErrors, whose catalogue close code (4401, 4403, 4404, ...) the adapter
 * sends; stock y-websocket stops reconnecting on 44xx.
 */
import type { DataSource } from 'typeorm';
import { AppError } from '../../../platform/errors.js';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { can, type Principal } from '../../access/index.js';
import { documentRepository } from '../../documents/index.js';
import {
  identityOf,
  userRepository,
  type Authenticator,
  type PrincipalIdentity,
} from '../../identity/index.js';
import { authorizeRealtime, effectiveQuotas, type TenantResolver } from '../../tenancy/index.js';
import type { ConnectionInfo, Permission, RoomLimits } from '../room/index.js';
import { isUuid, roomKey } from '../storage/room-key.js';

/** What the handshake needs from the node. */
export interface HandshakeDeps {
  readonly dataSource: DataSource;
  readonly authenticator: Authenticator;
  readonly resolver: TenantResolver;
}

/** The parts of the upgrade request the handshake reads. */
export interface HandshakeRequest {
  readonly host: string | undefined;
  readonly documentId: string;
  readonly token: string | null;
  /** Folio protocol extensions the client asked for (`ext`), already limited to known ones. */
  readonly extensions?: readonly string[];
}

/** An authorized connection: the room it joins and who it is there. */
export interface Admission {
  readonly key: string;
  readonly tenantId: string;
  readonly documentId: string;
  /** Who connected, for re-checking access when it changes (access-changes.ts). */
  readonly identity: PrincipalIdentity;
  readonly info: ConnectionInfo;
  /** Limits for the room, should this connection open it: the tenant plan's document size. */
  readonly limits: Partial<RoomLimits>;
}

/** The strongest document permission the principal holds, or null for none. */
export function permissionOf(principal: Principal): Permission | null {
  if (can(principal, 'documents.write')) return 'write';
  if (can(principal, 'documents.comment')) return 'comment';
  if (can(principal, 'documents.read')) return 'read';
  return null;
}

/** Connection ids: unique per process, short (they are held per connection and logged). */
let lastConnectionId = 0;
function nextConnectionId(): string {
  lastConnectionId += 1;
  return `c${lastConnectionId.toString(36)}`;
}

/** Authorizes one upgrade request; throws an AppError that names the refusal. */
export async function admit(deps: HandshakeDeps, request: HandshakeRequest): Promise<Admission> {
  const { principal, tenant } = await authorizeRealtime(deps, request);
  const permission = permissionOf(principal);
  if (permission === null) throw new AppError('forbidden', 'No access to documents');
  // An id that is not a UUID cannot name a document; answer like any unknown one.
  if (!isUuid(request.documentId)) throw new AppError('not_found', 'No such document');
  const { documentId } = request;
  const displayName = await withTenant(deps.dataSource, tenant.id, async (tx) => {
    const document = await documentRepository.findById(tx, tenant.id, documentId);
    if (!document) throw new AppError('not_found', 'No such document');
    return userRepository.displayNameOf(tx, principal);
  });
  const userId = principal.kind === 'member' ? principal.userId : `api-key:${principal.apiKeyId}`;
  const identity = identityOf(principal);
  return {
    key: roomKey(tenant.id, documentId),
    tenantId: tenant.id,
    documentId,
    // The resolved tenant is cached: its id is one string for all the tenant's connections, where
    // the token's claim is a fresh copy per connection (and the identity is kept as long as it).
    identity: identity.tenantId === tenant.id ? { ...identity, tenantId: tenant.id } : identity,
    info: {
      connectionId: nextConnectionId(),
      userId,
      displayName,
      permission,
      ...(request.extensions?.length ? { extensions: request.extensions } : {}),
    },
    limits: { maxDocumentBytes: effectiveQuotas(tenant.plan, tenant.quotas).documentBytes },
  };
}
