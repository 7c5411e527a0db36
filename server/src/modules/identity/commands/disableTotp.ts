import type { DataSource } from 'typeorm';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { AppError } from '../../../platform/errors.js';
import { recordAudit } from '../../audit/index.js';
import { loginThrottle } from '../login-throttle.js';
import { invalidCode, lockUser, mfaState, reserveCodeAttempt } from '../mfa-guard.js';
import type { SecondFactor } from '../second-factor.js';
import { UserEntity, type User } from '../user.entity.js';

/** Switches TOTP off after a current code (or a recovery code) proves the user still holds it. */
export async function disableTotp(
  deps: { dataSource: DataSource; secondFactor: SecondFactor },
  actor: { tenantId: string; userId: string },
  code: string,
): Promise<void> {
  const precondition = (user: User) => {
    if (!deps.secondFactor.isEnabled(user)) throw new AppError('conflict', 'TOTP is not enabled');
  };
  await reserveCodeAttempt(deps.dataSource, actor.userId, precondition);
  await withTenant(deps.dataSource, actor.tenantId, async (tx) => {
    const user = await lockUser(tx, actor.userId);
    precondition(user);
    const method = await deps.secondFactor.verify(tx, user, code);
    if (!method) throw invalidCode();
    await tx.getRepository(UserEntity).update(
      { id: user.id },
      {
        totpSecretEncrypted: null,
        totpPendingEncrypted: null,
        totpEnabledAt: null,
        totpLastStep: null,
      },
    );
    await deps.secondFactor.recoveryCodes.removeAll(tx, user.id);
    await loginThrottle.clear(tx, user.id);
    await recordAudit(tx, {
      tenantId: actor.tenantId,
      action: 'user.mfa_disabled',
      targetType: 'user',
      targetId: user.id,
      before: mfaState(user),
      after: { mfaEnabled: false, pending: false, provedWith: method },
    });
  });
}
