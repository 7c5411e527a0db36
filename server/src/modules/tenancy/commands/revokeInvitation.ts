import type { DataSource } from 'typeorm';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { AppError } from '../../../platform/errors.js';
import type { Principal } from '../../access/index.js';
import { recordAudit } from '../../audit/index.js';
import {
  invitationRepository,
  invitationStatus,
  type Invitation,
} from '../invitation.repository.js';
import { lockInvitation } from './resendInvitation.js';

/**
 * Revokes an open invitation so its link stops working. Revoking a revoked one changes nothing
 * (idempotent); an accepted one is a membership now and is 409 (remove the member instead).
 */
export async function revokeInvitation(
  ds: DataSource,
  principal: Principal,
  id: string,
): Promise<Invitation> {
  const tenantId = principal.tenantId;
  return withTenant(ds, tenantId, async (tx) => {
    const current = await lockInvitation(tx, tenantId, id);
    const status = invitationStatus(current);
    if (status === 'revoked') return current;
    if (status === 'accepted') {
      throw new AppError(
        'conflict',
        'The invitation was accepted already: remove the member instead',
        {
          details: { reason: 'invitation_accepted' },
        },
      );
    }
    const invitation = await invitationRepository.update(tx, tenantId, id, {
      revokedAt: new Date(),
    });
    await recordAudit(tx, {
      tenantId,
      action: 'invitation.revoked',
      targetType: 'invitation',
      targetId: id,
      before: { status, email: current.email, role: current.role },
      after: { status: 'revoked', email: current.email, role: current.role },
    });
    return invitation;
  });
}
