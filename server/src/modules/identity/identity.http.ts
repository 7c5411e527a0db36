import type { RequestHandler, Response } from 'express';
import { AppError } from '../../platform/errors.js';
import { defineRequestSlot } from '../../platform/http/request-slot.js';
import { authorize, type Permission, type Principal } from '../access/index.js';
import type { Authenticator } from './authenticator.js';

/** The authenticated principal of the request, if it presented credentials. */
export const principalSlot = defineRequestSlot<Principal>(
  'principal',
  () => new AppError('unauthenticated', 'Authentication required'),
);

/** The bearer credential of a request: `Authorization: Bearer …`, or `?token=` where headers cannot be set. */
function bearer(header: string | undefined): string | null {
  if (header === undefined) return null;
  const match = /^Bearer +([\x21-\x7e]{1,4096})$/i.exec(header.trim());
  if (!match)
    throw new AppError('unauthenticated', 'Authorization header must be "Bearer <token>"');
  return match[1]!;
}

/** Authenticates a presented credential (any failure is a 401); requests without one pass through. */
export function authenticateMiddleware(authenticator: Authenticator): RequestHandler {
  return async (req, res, next) => {
    const credential = bearer(req.get('authorization'));
    if (credential) principalSlot.set(res, await authenticator.authenticate(credential));
    next();
  };
}

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
  if (principal.kind !== 'member')
    throw new AppError('forbidden', 'This action needs a member session, not an API key');
  return principal;
}
