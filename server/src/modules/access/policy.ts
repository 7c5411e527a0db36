import { AppError } from '../../platform/errors.js';
import type { Permission } from './permissions.js';
import type { Principal } from './principal.js';

/** Something a permission is checked against; tenant-owned resources name their tenant. */
export interface PolicyResource {
  tenantId: string;
  /** The user a resource belongs to, for "own" rules (a member may always see their own row). */
  ownerUserId?: string;
}

/**
 * The one policy check REST, GraphQL and the websocket handshake share. A principal acts only
 * inside its own tenant; inside it, its permissions decide.
 */
export function can(principal: Principal, action: Permission, resource?: PolicyResource): boolean {
  if (resource && resource.tenantId !== principal.tenantId) return false;
  return principal.permissions.has(action);
}

/** can(), or a 403 `forbidden` naming the missing permission. */
export function authorize(
  principal: Principal,
  action: Permission,
  resource?: PolicyResource,
): void {
  if (!can(principal, action, resource)) {
    throw new AppError('forbidden', `Missing permission ${action}`, {
      details: { permission: action },
    });
  }
}

/** Filters ids to those the principal may act on: the set-based form for many resources at once. */
export function filterAllowed<T extends PolicyResource>(
  principal: Principal,
  action: Permission,
  resources: T[],
): T[] {
  if (!principal.permissions.has(action)) return [];
  return resources.filter((r) => r.tenantId === principal.tenantId);
}
