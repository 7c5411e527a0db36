import type { DataSource } from 'typeorm';
import { withGlobal } from '../../../platform/db/unit-of-work.js';
import { AppError } from '../../../platform/errors.js';
import { lockedOut, loginThrottle, verifyPassword, type User } from '../../identity/index.js';

/** How someone claims to be an existing user: an authenticated session of theirs, or their password. */
export interface UserProof {
  /** The user id of the request's authenticated member session, if any. */
  sessionUserId?: string | undefined;
  password?: string | undefined;
}

/**
 * Checks that the caller is `user` before signup or an invitation adds a membership to that
 * identity. A live session of the user suffices. Otherwise the password is checked under the same
 * per-user lockout as login (the attempt is counted first, in its own transaction, so a failure
 * stays counted although the caller's work rolls back). Users with a second factor must come with
 * a session: a password alone never adds a tenant to an MFA-protected account.
 */
export async function proveExistingUser(
  ds: DataSource,
  user: User,
  proof: UserProof,
): Promise<void> {
  if (proof.sessionUserId === user.id) return;
  if (!proof.password || !user.passwordHash) {
    throw new AppError(
      'unauthenticated',
      'This email already has an account: give its password or sign in first',
      {
        details: { reason: 'existing_user' },
      },
    );
  }
  if (user.totpEnabledAt) {
    throw new AppError(
      'unauthenticated',
      'This account uses two-factor sign-in: sign in first, then retry with that session',
      {
        details: { reason: 'mfa_required' },
      },
    );
  }
  const reservation = await withGlobal(ds, (tx) => loginThrottle.reserve(tx, user.id));
  if (!reservation.ok) throw lockedOut(reservation.retryAfterSeconds);
  if (!(await verifyPassword(proof.password, user.passwordHash))) {
    throw new AppError('unauthenticated', 'Invalid email or password', {
      details: { reason: 'invalid_password' },
    });
  }
  await withGlobal(ds, (tx) => loginThrottle.clear(tx, user.id));
}
