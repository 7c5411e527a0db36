import type { DataSource } from 'typeorm';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { AppError } from '../../../platform/errors.js';
import { recordAudit } from '../../audit/index.js';
import { lockUser, mfaState } from '../mfa-guard.js';
import type { SecondFactor } from '../second-factor.js';
import { base32Encode, generateTotpSecret, otpauthUrl } from '../totp.js';
import { UserEntity } from '../user.entity.js';

/** Authenticator apps show this as the account's issuer. */
const ISSUER = 'Folio';

/**
 * Starts TOTP enrolment: a new secret, sealed as the user's pending one until a code from it is
 * verified. Enrolling again before verifying replaces the pending secret.
 */
export async function enrolTotp(
  deps: { dataSource: DataSource; secondFactor: SecondFactor },
  actor: { tenantId: string; userId: string },
): Promise<{ secret: string; otpauthUrl: string }> {
  return withTenant(deps.dataSource, actor.tenantId, async (tx) => {
    const user = await lockUser(tx, actor.userId);
    if (deps.secondFactor.isEnabled(user)) {
      throw new AppError('conflict', 'TOTP is already enabled; disable it before enrolling again');
    }
    const secret = base32Encode(generateTotpSecret());
    await tx
      .getRepository(UserEntity)
      .update({ id: user.id }, { totpPendingEncrypted: deps.secondFactor.seal(secret) });
    await recordAudit(tx, {
      tenantId: actor.tenantId,
      action: 'user.mfa_enrolment_started',
      targetType: 'user',
      targetId: user.id,
      before: mfaState(user),
      after: { ...mfaState(user), pending: true },
    });
    return { secret, otpauthUrl: otpauthUrl({ issuer: ISSUER, account: user.email, secret }) };
  });
}
