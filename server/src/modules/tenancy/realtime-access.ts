/**
 * The tenant gate of long-lived connections (collab websockets, the socket.io live channel), run
 * before anything flows: token → principal, Host → tenant (the token's own on a host naming none),
 * and the tenant must be open to this principal. Failures are AppErrors; adapters send their
 * catalogue close code (4401, 4403, 4404, 4503) or refuse the socket.io handshake with the code.
 */
import { AppError } from '../../platform/errors.js';
import type { Principal } from '../access/index.js';
import type { Authenticator } from '../identity/index.js';
import type { DataSource } from 'typeorm';
import { TenantEntity, type Tenant } from './tenant.entity.js';
import type { TenantResolver } from './tenant-resolver.js';

export interface RealtimeAccessDeps {
  readonly authenticator: Authenticator;
  readonly resolver: TenantResolver;
}

/** An authenticated principal in the tenant its connection is bound to. */
export interface RealtimeAccess {
  readonly principal: Principal;
  readonly tenant: Tenant;
}

/** Authenticates a connection's token against the tenant its Host names; see the file comment. */
export async function authorizeRealtime(
  deps: RealtimeAccessDeps,
  request: { host: string | undefined; token: string | null | undefined },
): Promise<RealtimeAccess> {
  if (!request.token) throw new AppError('unauthenticated', 'A token is required');
  const principal = await deps.authenticator.authenticate(request.token);
  const byHost = await deps.resolver.byHost(request.host);
  if (byHost === null) throw new AppError('not_found', 'Unknown tenant host');
  if (byHost && byHost.tenant.id !== principal.tenantId) {
    throw new AppError('forbidden', 'The credentials belong to another tenant');
  }
  const resolved = byHost ?? (await deps.resolver.byId(principal.tenantId));
  if (!resolved) throw new AppError('unauthenticated', 'The tenant of this token no longer exists');
  assertTenantOpen(resolved.tenant, principal);
  return { principal, tenant: resolved.tenant };
}

/** A suspended tenant is closed to everyone, one in maintenance to all but platform staff. */
export function assertTenantOpen(tenant: Tenant, principal: Principal): void {
  if (tenant.status === 'suspended') throw new AppError('forbidden', 'This tenant is suspended');
  const isStaff = principal.kind === 'member' && principal.isStaff;
  if (tenant.status === 'maintenance' && !isStaff) {
    throw new AppError('unavailable', 'This tenant is in maintenance');
  }
}

/**
 * The tenant gate for re-checks of open connections (identity/live-access.ts): the tenant row read
 * fresh, since the access change may arrive before this node's tenant cache was invalidated.
 */
export function freshTenantGate(
  dataSource: DataSource,
): (tenantId: string, principal: Principal) => Promise<void> {
  return async (tenantId, principal) => {
    const tenant = await dataSource.getRepository(TenantEntity).findOneBy({ id: tenantId });
    if (!tenant) throw new AppError('unauthenticated', 'The tenant no longer exists');
    assertTenantOpen(tenant, principal);
  };
}
