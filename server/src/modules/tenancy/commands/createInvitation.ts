import type { DataSource, EntityManager } from 'typeorm';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { AppError } from '../../../platform/errors.js';
import type { Principal } from '../../access/index.js';
import { recordAudit } from '../../audit/index.js';
import { userRepository } from '../../identity/index.js';
import { isUniqueViolation } from '../../../platform/db/db-errors.js';
import {
  invitationRepository,
  invitationStatus,
  type Invitation,
} from '../invitation.repository.js';
import { formatInvitationToken, newInvitationSecret } from '../invitation-token.js';
import { memberRepository } from '../member.repository.js';
import { effectiveQuotas } from '../plans.js';
import { assertMayGrantRole } from '../role-grant.policy.js';
import { effectivePermissions, roleRepository } from '../role.repository.js';
import { TenantEntity } from '../tenant.entity.js';

/** How long an invitation link stays valid (a resend starts the clock again). */
export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

/** The user id an audit or invitation row records for a principal (API keys have none). */
export function principalUserId(principal: Principal): string | null {
  return principal.kind === 'member' ? principal.userId : null;
}

/** A role the principal may hand out, or 400 (unknown role) / 403 (escalation). */
export async function grantableRole(tx: EntityManager, principal: Principal, key: string) {
  const role = await roleRepository.find(tx, principal.tenantId, key, 'share');
  if (!role) {
    throw new AppError('validation_failed', 'Invalid request body', {
      details: [{ path: 'body.role', message: `no role "${key}" in this tenant` }],
    });
  }
  assertMayGrantRole(principal, { key: role.key, permissions: effectivePermissions(role) });
  return role;
}

/** 409 when `seats` more members would exceed the members quota of the tenant's plan. */
export async function assertMemberQuota(
  tx: EntityManager,
  tenantId: string,
  seats: number,
): Promise<void> {
  const tenant = await tx.getRepository(TenantEntity).findOneByOrFail({ id: tenantId });
  const limit = effectiveQuotas(tenant.plan, tenant.quotas).members;
  const rows = await tx.query<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM memberships WHERE tenant_id = $1`,
    [tenantId],
  );
  if ((rows[0]?.n ?? 0) + seats > limit) {
    throw new AppError('conflict', `The ${tenant.plan} plan allows ${limit} members`, {
      details: { reason: 'quota_exceeded', quota: 'members', limit },
    });
  }
}

/**
 * Invites an email into the principal's tenant with a role it may grant. Returns the one-time
 * token (only its digest is stored). An expired open invitation for the same email is replaced.
 */
export async function createInvitation(
  ds: DataSource,
  principal: Principal,
  input: { email: string; role: string },
): Promise<{ invitation: Invitation; token: string }> {
  const tenantId = principal.tenantId;
  const email = input.email.trim().toLowerCase();
  try {
    return await withTenant(ds, tenantId, async (tx) => {
      const role = await grantableRole(tx, principal, input.role);
      const user = await userRepository.findByEmail(tx, email);
      if (user && (await memberRepository.isMember(tx, tenantId, user.id))) {
        throw new AppError('conflict', `${email} is already a member`, {
          details: { reason: 'already_member' },
        });
      }
      const open = await invitationRepository.findOpenByEmail(tx, tenantId, email);
      if (open && invitationStatus(open) === 'pending') {
        throw new AppError(
          'conflict',
          `${email} already has a pending invitation: resend it instead`,
          {
            details: { reason: 'invitation_pending', invitationId: open.id },
          },
        );
      }
      if (open) {
        await invitationRepository.update(tx, tenantId, open.id, { revokedAt: new Date() });
        await recordAudit(tx, {
          tenantId,
          action: 'invitation.revoked',
          targetType: 'invitation',
          targetId: open.id,
          before: { status: 'expired' },
          after: { status: 'revoked', reason: 'superseded' },
        });
      }
      // Pending invitations hold seats too, or a free tenant could invite a hundred people at once.
      await assertMemberQuota(
        tx,
        tenantId,
        (await invitationRepository.countPending(tx, tenantId)) + 1,
      );
      const { secret, secretHash } = newInvitationSecret();
      const invitation = await invitationRepository.insert(tx, {
        tenantId,
        email,
        role: role.key,
        tokenHash: secretHash,
        invitedBy: principalUserId(principal),
        expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      });
      // The link itself is never audited, only that one was handed out (no mailer yet).
      await recordAudit(tx, {
        tenantId,
        action: 'invitation.created',
        targetType: 'invitation',
        targetId: invitation.id,
        after: { email, role: role.key, expiresAt: invitation.expiresAt, linkIssued: true },
      });
      return { invitation, token: formatInvitationToken(tenantId, invitation.id, secret) };
    });
  } catch (error) {
    if (isUniqueViolation(error, 'invitations_open_email')) {
      throw new AppError('conflict', `${email} already has a pending invitation`, {
        details: { reason: 'invitation_pending' },
      });
    }
    throw error;
  }
}
