import type { DataSource } from 'typeorm';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { AppError } from '../../../platform/errors.js';
import { recordAudit } from '../../audit/index.js';
import { loginThrottle } from '../login-throttle.js';
import { invalidCode, lockUser, reserveCodeAttempt } from '../mfa-guard.js';
import type { SecondFactor } from '../second-factor.js';
import type { User } from '../user.entity.js';

/** Replaces all recovery codes (old ones stop working) after a valid TOTP or recovery code. */
export async function regenerateRecoveryCodes(
  deps: { dataSource: DataSource; secondFactor: SecondFactor },
  actor: { tenantId: string; userId: string },
  code: string,
): Promise<{ recoveryCodes: string[] }> {
  const precondition = (user: User) => {
    if (!deps.secondFactor.isEnabled(user)) throw new AppError('conflict', 'TOTP is not enabled');
  };
  await reserveCodeAttempt(deps.dataSource, actor.userId, precondition);
  return withTenant(deps.dataSource, actor.tenantId, async (tx) => {
    const user = await lockUser(tx, actor.userId);
    precondition(user);
    const method = await deps.secondFactor.verify(tx, user, code);
    if (!method) throw invalidCode();
    const remainingBefore = await deps.secondFactor.recoveryCodes.remaining(tx, user.id);
    const recoveryCodes = await deps.secondFactor.recoveryCodes.replace(tx, user.id);
    await loginThrottle.clear(tx, user.id);
    await recordAudit(tx, {
      tenantId: actor.tenantId,
      action: 'user.recovery_codes_regenerated',
      targetType: 'user',
      targetId: user.id,
      before: { unusedRecoveryCodes: remainingBefore },
      after: { unusedRecoveryCodes: recoveryCodes.length, provedWith: method },
    });
    return { recoveryCodes };
  });
}
