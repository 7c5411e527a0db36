import type { DataSource, EntityManager } from 'typeorm';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { AppError } from '../../../platform/errors.js';
import type { Principal } from '../../access/index.js';
import { recordAudit } from '../../audit/index.js';
import {
  invitationRepository,
  invitationStatus,
  type Invitation,
} from '../invitation.repository.js';
import { formatInvitationToken, newInvitationSecret } from '../invitation-token.js';
import { assertMayGrantRole } from '../role-grant.policy.js';
import { effectivePermissions, roleRepository } from '../role.repository.js';
import { INVITATION_TTL_MS } from './createInvitation.js';

/** The invitation, locked, or 404 (also for another tenant's id: row-level security hides it). */
export async function lockInvitation(
  tx: EntityManager,
  tenantId: string,
  id: string,
): Promise<Invitation> {
  const invitation = await invitationRepository.find(tx, tenantId, id, { forUpdate: true });
  if (!invitation) throw new AppError('not_found', 'Invitation not found');
  return invitation;
}

/**
 * Issues a new link for an open (pending or expired) invitation: a new secret — the old link stops
 * working at once — and a new expiry. The resender must be able to grant the invitation's role.
 */
export async function resendInvitation(
  ds: DataSource,
  principal: Principal,
  id: string,
): Promise<{ invitation: Invitation; token: string }> {
  const tenantId = principal.tenantId;
  return withTenant(ds, tenantId, async (tx) => {
    const current = await lockInvitation(tx, tenantId, id);
    const status = invitationStatus(current);
    if (status === 'accepted' || status === 'revoked') {
      throw new AppError('conflict', `The invitation was ${status} and cannot be resent`, {
        details: { reason: `invitation_${status}` },
      });
    }
    const role = await roleRepository.find(tx, tenantId, current.role);
    if (role)
      assertMayGrantRole(principal, { key: role.key, permissions: effectivePermissions(role) });
    const { secret, secretHash } = newInvitationSecret();
    const invitation = await invitationRepository.update(tx, tenantId, id, {
      tokenHash: secretHash,
      expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
    });
    await recordAudit(tx, {
      tenantId,
      action: 'invitation.resent',
      targetType: 'invitation',
      targetId: id,
      before: { expiresAt: current.expiresAt, status },
      after: { expiresAt: invitation.expiresAt, status: 'pending', linkIssued: true },
    });
    return { invitation, token: formatInvitationToken(tenantId, id, secret) };
  });
}
