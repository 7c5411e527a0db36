import { AppError } from '../../platform/errors.js';

/** The shortest password a new account may get. */
export const MIN_PASSWORD_LENGTH = 10;
/** Long enough for any passphrase, short enough to bound the scrypt work per request. */
export const MAX_PASSWORD_LENGTH = 1024;

/**
 * Checks the password a new account is created with. Existing accounts prove themselves with
 * whatever password they already have, so this applies only where a user row is created.
 */
export function assertNewPassword(password: string | undefined, field = 'body.password'): string {
  if (password === undefined || [...password].length < MIN_PASSWORD_LENGTH) {
    throw new AppError('validation_failed', 'Invalid request body', {
      details: [
        {
          path: field,
          message: `a new account needs a password of at least ${MIN_PASSWORD_LENGTH} characters`,
        },
      ],
    });
  }
  return password;
}
