import type { Response } from 'express';
import { AppError } from '../../platform/errors.js';
import { defineRequestSlot } from '../../platform/http/request-slot.js';
import type { Permission } from './permissions.js';
import { authorize } from './policy.js';
import type { Principal } from './principal.js';

/** The authenticated principal of the request, if it presented credentials (set by identity). */
export const principalSlot = defineRequestSlot<Principal>(
  'principal',
  () => new AppError('unauthenticated', 'Authentication required'),
);

/** The principal, or 401. */
export function requirePrincipal(res: Response): Principal {
  return principalSlot.require(res);
}

/** The principal if it holds `permission` in the request's tenant, else 401/403. */
export function requirePermission(res: Response, permission: Permission): Principal {
  const principal = principalSlot.require(res);
  authorize(principal, permission);
  return principal;
}

/** The principal as a member (not an API key), or 403. */
export function requireMember(res: Response): Extract<Principal, { kind: 'member' }> {
  const principal = principalSlot.require(res);
  if (principal.kind !== 'member') {
    throw new AppError('forbidden', 'This action needs a member session, not an API key');
  }
  return principal;
}
