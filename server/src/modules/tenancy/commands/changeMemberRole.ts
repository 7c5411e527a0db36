import type { DataSource, EntityManager } from 'typeorm';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { AppError } from '../../../platform/errors.js';
import type { Principal } from '../../access/index.js';
import { recordAudit } from '../../audit/index.js';
import { memberRepository, type MemberView } from '../member.repository.js';
import { assertMayGrantRole } from '../role-grant.policy.js';
import { effectivePermissions, roleRepository } from '../role.repository.js';
import { grantableRole } from './createInvitation.js';

/**
 * Locks the tenant's owner rows (always first, in one order, so concurrent member changes cannot
 * deadlock), then the target's membership: 404 when the user is not a member here.
 */
export async function lockMember(
  tx: EntityManager,
  tenantId: string,
  userId: string,
): Promise<{ member: MemberView; owners: string[] }> {
  const owners = await memberRepository.lockOwners(tx, tenantId);
  const member = await memberRepository.findForUpdate(tx, tenantId, userId);
  if (!member) throw new AppError('not_found', 'Member not found');
  return { member, owners };
}

/** 409 unless someone else would still own the tenant after `userId` stops being an owner. */
export function assertNotLastOwner(owners: string[], userId: string): void {
  if (owners.length === 1 && owners[0] === userId) {
    throw new AppError(
      'conflict',
      'A tenant needs at least one owner: make someone else owner first',
      {
        details: { reason: 'last_owner' },
      },
    );
  }
}

/** The principal may take away the member's current role only if it could have granted it. */
export async function assertMayManage(
  tx: EntityManager,
  principal: Principal,
  member: MemberView,
): Promise<void> {
  const current = await roleRepository.find(tx, principal.tenantId, member.role);
  assertMayGrantRole(principal, {
    key: member.role,
    permissions: current ? effectivePermissions(current) : [],
  });
}

/**
 * Gives a member another role. The principal must be able to grant both the old and the new role
 * (so nobody demotes someone more privileged, or promotes beyond themselves; owner only by owners),
 * and the last owner cannot be demoted. The new role applies from the member's next request.
 * `precondition` (If-Match) sees the membership locked.
 */
export async function changeMemberRole(
  ds: DataSource,
  principal: Principal,
  userId: string,
  roleKey: string,
  precondition?: (current: MemberView) => void,
): Promise<MemberView> {
  const tenantId = principal.tenantId;
  return withTenant(ds, tenantId, async (tx) => {
    const { member, owners } = await lockMember(tx, tenantId, userId);
    precondition?.(member);
    if (member.role === roleKey) return member;
    await assertMayManage(tx, principal, member);
    const role = await grantableRole(tx, principal, roleKey);
    if (member.role === 'owner') assertNotLastOwner(owners, userId);
    await memberRepository.setRole(tx, tenantId, userId, role.key);
    await recordAudit(tx, {
      tenantId,
      action: 'member.role_changed',
      targetType: 'member',
      targetId: userId,
      before: { userId, email: member.email, role: member.role },
      after: { userId, email: member.email, role: role.key },
    });
    return { ...member, role: role.key };
  });
}
