import type { DataSource } from 'typeorm';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { authorize, type Principal } from '../../access/index.js';
import { recordAudit } from '../../audit/index.js';
import { revokeUserSessions } from '../../identity/index.js';
import { memberRepository, type MemberView } from '../member.repository.js';
import { assertMayManage, assertNotLastOwner, lockMember } from './changeMemberRole.js';

/**
 * Removes a member (permission `members.manage`, or the member leaving on their own) and revokes
 * every session they hold in this tenant, in the same transaction: their access tokens fail on the
 * next request (the Authenticator re-checks membership and session every time). The last owner
 * can neither leave nor be removed. `precondition` (If-Match) sees the membership locked.
 */
export async function removeMember(
  ds: DataSource,
  principal: Principal,
  userId: string,
  precondition?: (current: MemberView) => void,
): Promise<{ revokedSessions: number }> {
  const tenantId = principal.tenantId;
  const isSelf = principal.kind === 'member' && principal.userId === userId;
  if (!isSelf) authorize(principal, 'members.manage');
  return withTenant(ds, tenantId, async (tx) => {
    const { member, owners } = await lockMember(tx, tenantId, userId);
    precondition?.(member);
    if (!isSelf) await assertMayManage(tx, principal, member);
    if (member.role === 'owner') assertNotLastOwner(owners, userId);
    await memberRepository.remove(tx, tenantId, userId);
    const revokedSessions = await revokeUserSessions(tx, tenantId, userId, 'member_removed');
    await recordAudit(tx, {
      tenantId,
      action: isSelf ? 'member.left' : 'member.removed',
      targetType: 'member',
      targetId: userId,
      before: { userId, email: member.email, role: member.role },
      after: { revokedSessions },
    });
    return { revokedSessions };
  });
}
