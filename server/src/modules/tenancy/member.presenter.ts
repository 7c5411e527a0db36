import type { MemberView } from './member.repository.js';

/** The public JSON of a member of the tenant. */
export function presentMember(member: MemberView) {
  return {
    userId: member.userId,
    email: member.email,
    displayName: member.displayName,
    role: member.role,
    joinedAt: member.joinedAt.toISOString(),
  };
}
