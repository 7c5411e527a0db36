import type { RequestHandler } from 'express';
import type { DataSource } from 'typeorm';
import { runWithContextPatch, type Actor } from '../../../platform/context.js';
import { withGlobal } from '../../../platform/db/unit-of-work.js';
import { AppError } from '../../../platform/errors.js';
import { defineRequestSlot } from '../../../platform/http/request-slot.js';
import { UserEntity } from '../../identity/index.js';
import type { PlatformTokens } from './platform-token.js';

/** A platform operator, authenticated by a platform token. */
export interface StaffPrincipal {
  userId: string;
  email: string;
}

/** The staff member acting on the platform surface. */
export const staffSlot = defineRequestSlot<StaffPrincipal>(
  'platformStaff',
  () => new AppError('unauthenticated', 'A platform token is required'),
);

/** How platform changes appear in a tenant's audit log: the platform, naming the staff member. */
export function staffActor(staff: StaffPrincipal): Actor {
  return { kind: 'system', reason: `platform-staff:${staff.userId}` };
}

function bearer(header: string | undefined): string {
  const match = header ? /^Bearer +([\x21-\x7e]{1,4096})$/i.exec(header.trim()) : null;
  if (!match)
    throw new AppError('unauthenticated', 'Authorization: Bearer <platform token> required');
  return match[1]!;
}

/**
 * Every platform request: a valid platform token whose user is still staff right now (revoking
 * staff with the CLI ends access on the next request, not at token expiry).
 */
export function requireStaffMiddleware(deps: {
  dataSource: DataSource;
  tokens: PlatformTokens;
}): RequestHandler {
  return async (req, res, next) => {
    const userId = await deps.tokens.verify(bearer(req.get('authorization')));
    const user = await withGlobal(deps.dataSource, (tx) =>
      tx.getRepository(UserEntity).findOneBy({ id: userId }),
    );
    if (!user?.isStaff) {
      throw new AppError('unauthenticated', 'Not platform staff', {
        details: { reason: 'not_staff' },
      });
    }
    const staff = { userId: user.id, email: user.email };
    staffSlot.set(res, staff);
    runWithContextPatch({ actor: staffActor(staff) }, next);
  };
}
