import type { EntityManager } from 'typeorm';
import type { SecretBox } from '../../platform/crypto/secret-box.js';
import { RecoveryCodes } from './recovery-codes.js';
import { base32Decode, matchTotp } from './totp.js';
import type { User } from './user.entity.js';

/** The SecretBox purpose TOTP secrets are sealed under (users.totp_*_encrypted). */
const TOTP_PURPOSE = 'totp';

/** Which second factor a code turned out to be. */
export type SecondFactorKind = 'totp' | 'recovery';

/**
 * TOTP secrets (sealed at rest) and recovery codes, checked the same way at login and when a
 * signed-in user changes their MFA: a TOTP code is accepted once per time step, a recovery code
 * once ever.
 */
export class SecondFactor {
  readonly recoveryCodes: RecoveryCodes;

  constructor(private readonly secrets: SecretBox) {
    this.recoveryCodes = new RecoveryCodes(secrets);
  }

  /** Seals a base32 secret for storage. */
  seal(base32Secret: string): string {
    return this.secrets.encrypt(TOTP_PURPOSE, base32Secret);
  }

  /** True when the user has TOTP switched on. */
  isEnabled(user: User): boolean {
    return user.totpEnabledAt !== null && user.totpSecretEncrypted !== null;
  }

  /** Checks a code against the user's active TOTP secret, or as one of their recovery codes. */
  async verify(
    tx: EntityManager,
    user: User,
    code: string,
    nowMs = Date.now(),
  ): Promise<SecondFactorKind | null> {
    const trimmed = code.trim();
    if (/^\d{6}$/.test(trimmed)) {
      if (!user.totpSecretEncrypted) return null;
      return (await this.verifyTotp(tx, user, user.totpSecretEncrypted, trimmed, nowMs))
        ? 'totp'
        : null;
    }
    return (await this.recoveryCodes.consume(tx, user.id, trimmed)) ? 'recovery' : null;
  }

  /** Checks a code against the secret being enrolled (not yet active). */
  verifyPending(tx: EntityManager, user: User, code: string, nowMs = Date.now()): Promise<boolean> {
    if (!user.totpPendingEncrypted) return Promise.resolve(false);
    return this.verifyTotp(tx, user, user.totpPendingEncrypted, code.trim(), nowMs);
  }

  private async verifyTotp(
    tx: EntityManager,
    user: User,
    sealed: string,
    code: string,
    nowMs: number,
  ): Promise<boolean> {
    const secret = base32Decode(this.secrets.decrypt(TOTP_PURPOSE, sealed));
    const lastStep = user.totpLastStep === null ? null : Number(user.totpLastStep);
    const step = matchTotp(secret, code, nowMs, lastStep);
    if (step === null) return false;
    // Claimed atomically: two requests racing with the same code cannot both get it accepted.
    const [, affected] = await tx.query<[unknown[], number]>(
      `UPDATE users SET totp_last_step = $2
        WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)`,
      [user.id, step],
    );
    return affected === 1;
  }
}
