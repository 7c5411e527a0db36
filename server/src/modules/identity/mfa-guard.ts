import type { DataSource, EntityManager } from 'typeorm';
import { withGlobal } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors.js';
import { lockedOut, loginThrottle } from './login-throttle.js';
import { UserEntity, type User } from './user.entity.js';

/** What the MFA commands are built from. */
export interface MfaDeps {
  dataSource: DataSource;
}

/** The acting user's row, locked for the rest of the transaction (MFA changes do not interleave). */
export async function lockUser(tx: EntityManager, userId: string): Promise<User> {
  const user = await tx.getRepository(UserEntity).findOne({
    where: { id: userId },
    lock: { mode: 'pessimistic_write' },
  });
  if (!user) throw new AppError('unauthenticated', 'User no longer exists');
  return user;
}

/**
 * Counts a code attempt against the same per-user lockout as login, before the code is checked
 * and in a transaction of its own, so a stolen session cannot brute-force TOTP codes here either.
 * `precondition` sees the user first: a request refused for its state (409) is no guess and is
 * not counted.
 */
export async function reserveCodeAttempt(
  ds: DataSource,
  userId: string,
  precondition: (user: User) => void,
): Promise<void> {
  const reservation = await withGlobal(ds, async (tx) => {
    const user = await tx.getRepository(UserEntity).findOneBy({ id: userId });
    if (!user) throw new AppError('unauthenticated', 'User no longer exists');
    precondition(user);
    return loginThrottle.reserve(tx, userId);
  });
  if (!reservation.ok) throw lockedOut(reservation.retryAfterSeconds);
}

/** The 400 for a wrong TOTP or recovery code. */
export function invalidCode(): AppError {
  return new AppError('bad_request', 'Invalid TOTP or recovery code', {
    details: { reason: 'invalid_code' },
  });
}

/** A snapshot of a user's MFA state for audit entries (never the secrets). */
export function mfaState(user: User): Record<string, unknown> {
  return { mfaEnabled: user.totpEnabledAt !== null, pending: user.totpPendingEncrypted !== null };
}
