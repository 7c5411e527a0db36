import type { DataSource } from 'typeorm';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { AppError } from '../../../platform/errors.js';
import { recordAudit } from '../../audit/index.js';
import { loginThrottle } from '../login-throttle.js';
import { invalidCode, lockUser, mfaState, reserveCodeAttempt } from '../mfa-guard.js';
import type { SecondFactor } from '../second-factor.js';
import { UserEntity, type User } from '../user.entity.js';

function noEnrolment(): AppError {
  return new AppError('conflict', 'No TOTP enrolment in progress; enrol first');
}

/**
 * Finishes enrolment: a valid code from the pending secret makes it the active one and returns a
 * fresh set of recovery codes, which are never shown again.
 */
export async function activateTotp(
  deps: { dataSource: DataSource; secondFactor: SecondFactor },
  actor: { tenantId: string; userId: string },
  code: string,
): Promise<{ recoveryCodes: string[] }> {
  const precondition = (user: User) => {
    if (!user.totpPendingEncrypted || deps.secondFactor.isEnabled(user)) throw noEnrolment();
  };
  await reserveCodeAttempt(deps.dataSource, actor.userId, precondition);
  return withTenant(deps.dataSource, actor.tenantId, async (tx) => {
    const user = await lockUser(tx, actor.userId);
    precondition(user);
    if (!(await deps.secondFactor.verifyPending(tx, user, code))) throw invalidCode();
    await tx.getRepository(UserEntity).update(
      { id: user.id },
      {
        totpSecretEncrypted: user.totpPendingEncrypted,
        totpPendingEncrypted: null,
        totpEnabledAt: new Date(),
      },
    );
    const recoveryCodes = await deps.secondFactor.recoveryCodes.replace(tx, user.id);
    await loginThrottle.clear(tx, user.id);
    await recordAudit(tx, {
      tenantId: actor.tenantId,
      action: 'user.mfa_enabled',
      targetType: 'user',
      targetId: user.id,
      before: mfaState(user),
      after: { mfaEnabled: true, pending: false, method: 'totp' },
    });
    return { recoveryCodes };
  });
}
