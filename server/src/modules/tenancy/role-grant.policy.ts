import { AppError } from '../../platform/errors.js';
import type { Permission, Principal } from '../access/index.js';

/** A role as the grant rules see it: its key and its effective permissions. */
export interface GrantableRole {
  key: string;
  permissions: ReadonlySet<Permission> | readonly Permission[];
}

/** The permissions of `wanted` the principal does not hold itself. */
export function missingPermissions(
  principal: Principal,
  wanted: ReadonlySet<Permission> | readonly Permission[],
): Permission[] {
  return [...wanted].filter((p) => !holds(principal, p));
}

/**
 * Whether the principal holds p. Reading published content is implied by reading documents, so
 * roles and keys made before `published.read` existed may still grant the built-in roles.
 */
function holds(principal: Principal, p: Permission): boolean {
  if (principal.permissions.has(p)) return true;
  return p === 'published.read' && principal.permissions.has('documents.read');
}

function isOwner(principal: Principal): boolean {
  return principal.kind === 'member' && principal.roleKey === 'owner';
}

/**
 * Nobody hands out more than they hold: a role may be granted (to a member or an invitee), taken
 * away, or edited only by a principal holding every one of its permissions; the owner role only by
 * an owner (it is the one role that can delete the tenant and appoint other owners).
 */
export function assertMayGrantRole(principal: Principal, role: GrantableRole): void {
  if (role.key === 'owner' && !isOwner(principal)) {
    throw new AppError('forbidden', 'Only an owner can grant or revoke the owner role', {
      details: { reason: 'owner_only' },
    });
  }
  const missing = missingPermissions(principal, role.permissions);
  if (missing.length > 0) {
    throw new AppError('forbidden', `Role ${role.key} grants permissions you do not hold`, {
      details: { reason: 'permission_escalation', missing },
    });
  }
}

/** Creating or editing a role: every permission it will (or did) grant must be the editor's own. */
export function assertMayDefinePermissions(
  principal: Principal,
  permissions: readonly Permission[],
): void {
  const missing = missingPermissions(principal, permissions);
  if (missing.length > 0) {
    throw new AppError('forbidden', 'A role cannot grant permissions you do not hold', {
      details: { reason: 'permission_escalation', missing },
    });
  }
}
