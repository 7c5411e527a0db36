import type { EntityManager } from 'typeorm';
import { AppError } from '../../platform/errors.js';

/** Consecutive failures a user may have before attempts are refused for a while. */
export const LOCKOUT_THRESHOLD = 5;
/** The longest a lock lasts, however many failures preceded it. */
export const LOCKOUT_MAX_SECONDS = 15 * 60;

/** How long the n-th consecutive failure locks the user: 2^(n-5) s from the fifth, capped. */
export function lockSeconds(failures: number): number {
  if (failures < LOCKOUT_THRESHOLD) return 0;
  return Math.min(LOCKOUT_MAX_SECONDS, 2 ** (failures - LOCKOUT_THRESHOLD));
}

export type AttemptReservation =
  { ok: true; failedLogins: number } | { ok: false; retryAfterSeconds: number };

/**
 * Credential checks against one user (password, TOTP or recovery code) are throttled per user,
 * with the counter kept on the users row so every node sees it.
 *
 * An attempt is counted *before* the secret is checked — one atomic UPDATE that also refuses a
 * locked user — and forgiven afterwards if it succeeds. Checking first and counting after would let
 * a burst of parallel guesses all pass the "is it locked?" test before any of them is counted.
 */
export const loginThrottle = {
  /** Counts an attempt (locking from the threshold on), or says how long the user is locked for. */
  async reserve(tx: EntityManager, userId: string): Promise<AttemptReservation> {
    const [rows] = await tx.query<[{ failed_logins: number }[], number]>(
      `UPDATE users
          SET failed_logins = least(failed_logins + 1, 10000),
              locked_until = CASE WHEN failed_logins + 1 >= $2
                THEN now() + make_interval(secs => least($3, power(2, failed_logins + 1 - $2)))
                ELSE locked_until END
        WHERE id = $1 AND (locked_until IS NULL OR locked_until <= now())
        RETURNING failed_logins`,
      [userId, LOCKOUT_THRESHOLD, LOCKOUT_MAX_SECONDS],
    );
    const row = rows[0];
    if (row) return { ok: true, failedLogins: row.failed_logins };
    const locked = await tx.query<{ seconds: number | null }[]>(
      `SELECT greatest(1, ceil(extract(epoch FROM locked_until - now())))::int AS seconds
         FROM users WHERE id = $1`,
      [userId],
    );
    return { ok: false, retryAfterSeconds: locked[0]?.seconds ?? 1 };
  },

  /**
   * Takes back a reserved attempt that was not a wrong guess (the password was right but the
   * second factor was not sent yet, or the user is not a member here), with the lock it may have
   * started: a reservation only succeeds while the user is unlocked, so any lock now in place was
   * set by this attempt.
   */
  async refund(tx: EntityManager, userId: string): Promise<void> {
    await tx.query(
      `UPDATE users SET failed_logins = failed_logins - 1, locked_until = NULL
        WHERE id = $1 AND failed_logins > 0`,
      [userId],
    );
  },

  /** A complete, correct sign-in (or second-factor check) clears the counter and any lock. */
  async clear(tx: EntityManager, userId: string): Promise<void> {
    await tx.query(
      `UPDATE users SET failed_logins = 0, locked_until = NULL
        WHERE id = $1 AND (failed_logins <> 0 OR locked_until IS NOT NULL)`,
      [userId],
    );
  },
};

/** 429 with the wait in details; routes copy it into a Retry-After header (see retryAfter()). */
export function lockedOut(retryAfterSeconds: number): AppError {
  return new AppError('rate_limited', 'Too many failed attempts; try again later', {
    details: { retryAfterSeconds },
  });
}
