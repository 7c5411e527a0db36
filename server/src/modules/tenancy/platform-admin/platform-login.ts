import type { DataSource } from 'typeorm';
import { randomToken } from '../../../platform/crypto/secret-box.js';
import { withGlobal } from '../../../platform/db/unit-of-work.js';
import { AppError } from '../../../platform/errors.js';
import type { Logger } from '../../../platform/logging/logger.js';
import {
  hashPassword,
  lockedOut,
  loginThrottle,
  userRepository,
  verifyPassword,
  type SecondFactor,
} from '../../identity/index.js';
import type { PlatformTokens } from './platform-token.js';

export interface PlatformLoginDeps {
  dataSource: DataSource;
  tokens: PlatformTokens;
  secondFactor: SecondFactor;
  logger: Logger;
}

let dummyHash: Promise<string> | null = null;

/** Verifying against a hash nobody knows makes an unknown email cost as much as a wrong password. */
function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomToken());
  return dummyHash;
}

/** One answer for unknown email, wrong password and "not staff": none reveals who is staff. */
const invalid = () => new AppError('unauthenticated', 'Invalid credentials');

/**
 * Staff sign-in to the platform surface: the user's password (and TOTP or recovery code when they
 * have MFA on), under the same per-user lockout as tenant logins, for a platform token.
 */
export async function loginStaff(
  deps: PlatformLoginDeps,
  input: { email: string; password: string; totp?: string | undefined },
): Promise<{ token: string; expiresAt: Date; userId: string }> {
  const ds = deps.dataSource;
  const user = await withGlobal(ds, (tx) => userRepository.findByEmail(tx, input.email));
  if (!user?.passwordHash) {
    await verifyPassword(input.password, await dummyPasswordHash());
    throw invalid();
  }
  const reservation = await withGlobal(ds, (tx) => loginThrottle.reserve(tx, user.id));
  if (!reservation.ok) throw lockedOut(reservation.retryAfterSeconds);
  if (!(await verifyPassword(input.password, user.passwordHash))) throw invalid();
  if (!user.isStaff) {
    // The right password is not a guess: do not count it against the user's tenant logins.
    await withGlobal(ds, (tx) => loginThrottle.refund(tx, user.id));
    throw invalid();
  }
  if (deps.secondFactor.isEnabled(user)) {
    if (!input.totp) {
      await withGlobal(ds, (tx) => loginThrottle.refund(tx, user.id));
      throw new AppError('unauthenticated', 'A TOTP or recovery code is required', {
        details: { mfaRequired: true },
      });
    }
    const code = input.totp;
    if (!(await withGlobal(ds, (tx) => deps.secondFactor.verify(tx, user, code)))) {
      throw new AppError('unauthenticated', 'Invalid TOTP or recovery code', {
        details: { mfaRequired: true },
      });
    }
  }
  await withGlobal(ds, (tx) => loginThrottle.clear(tx, user.id));
  const issued = await deps.tokens.issue(user.id);
  deps.logger.info(
    { userId: user.id, mfa: deps.secondFactor.isEnabled(user) },
    'platform staff signed in',
  );
  return { ...issued, userId: user.id };
}
