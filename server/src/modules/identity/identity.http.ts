import type { RequestHandler } from 'express';
import { AppError } from '../../platform/errors.js';
import { principalSlot } from '../access/index.js';
import type { Authenticator } from './authenticator.js';

// The principal slot and its guards live in the access module (the bottom layer), so that any
// module can check permissions without importing identity; re-exported here for convenience.
export {
  principalSlot,
  requirePrincipal,
  requirePermission,
  requireMember,
} from '../access/index.js';

/** The bearer credential of a request: `Authorization: Bearer <token>`. */
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
