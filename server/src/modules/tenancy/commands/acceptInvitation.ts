import type { DataSource, EntityManager } from 'typeorm';
import { safeEqual, digest } from '../../../platform/crypto/secret-box.js';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { AppError } from '../../../platform/errors.js';
import { recordAudit } from '../../audit/index.js';
import { hashPassword, userRepository, UserEntity, type User } from '../../identity/index.js';
import { isUniqueViolation } from '../../../platform/db/db-errors.js';
import {
  invitationRepository,
  invitationStatus,
  type Invitation,
} from '../invitation.repository.js';
import { parseInvitationToken, type ParsedInvitationToken } from '../invitation-token.js';
import { memberRepository } from '../member.repository.js';
import { assertNewPassword } from '../password-policy.js';
import type { ClientInfo, SessionStarter, StartedSession } from '../sessions.port.js';
import { TenantEntity, type Tenant } from '../tenant.entity.js';
import { assertMemberQuota } from './createInvitation.js';
import { proveExistingUser } from './proveExistingUser.js';

export interface AcceptInvitationInput {
  token: string;
  password?: string | undefined;
  displayName?: string | undefined;
  /** The user id of the request's member session (of any tenant), which proves an existing account. */
  sessionUserId?: string | undefined;
  /** The tenant the request's host or header names, if any: the token must be one of its own. */
  requestTenantId?: string | undefined;
  client?: ClientInfo;
}

export interface AcceptInvitationResult {
  tenant: Tenant;
  user: User;
  role: string;
  userCreated: boolean;
  session: StartedSession;
}

const notFound = () => new AppError('not_found', 'Invitation not found or its link was replaced');

/**
 * The invitation a token names, if the token's secret is its current one. Unknown ids, a wrong or
 * superseded secret and another tenant's invitation all look the same: 404.
 */
async function findByToken(tx: EntityManager, token: ParsedInvitationToken): Promise<Invitation> {
  const invitation = await invitationRepository.find(tx, token.tenantId, token.invitationId, {
    forUpdate: true,
  });
  if (!invitation || !safeEqual(invitation.tokenHash, digest(token.secret))) throw notFound();
  return invitation;
}

/** 409 for an invitation that can no longer be accepted, naming why. */
function assertAcceptable(invitation: Invitation): void {
  const status = invitationStatus(invitation);
  if (status === 'pending') return;
  const messages = {
    expired: 'The invitation has expired: ask for a new link',
    revoked: 'The invitation was revoked',
    accepted: 'The invitation was accepted already',
  } as const;
  throw new AppError('conflict', messages[status], { details: { reason: `invitation_${status}` } });
}

/**
 * Accepts an invitation; no authentication needed, the token is the credential. A new email gets
 * an account with the given password; an existing account proves itself with a session of its own
 * or its password, and just joins. A session in the joined tenant is returned, as after signup.
 */
export async function acceptInvitation(
  deps: { dataSource: DataSource; sessions: SessionStarter },
  input: AcceptInvitationInput,
): Promise<AcceptInvitationResult> {
  const ds = deps.dataSource;
  const token = parseInvitationToken(input.token.trim());
  if (!token || (input.requestTenantId && input.requestTenantId !== token.tenantId))
    throw notFound();

  // First look (no lock kept): who the invitee is decides what proof is needed, and proving it
  // (a password hash, a lockout attempt) must not happen while rows are locked.
  const first = await withTenant(ds, token.tenantId, async (tx) => {
    const invitation = await findByToken(tx, token);
    assertAcceptable(invitation);
    const tenant = await tx.getRepository(TenantEntity).findOneByOrFail({ id: token.tenantId });
    return { invitation, tenant };
  });
  if (first.tenant.status === 'suspended') {
    throw new AppError('forbidden', 'This tenant is suspended', {
      details: { reason: 'tenant_suspended' },
    });
  }
  const existing = await userRepository.findByEmail(ds.manager, first.invitation.email);
  if (input.sessionUserId && input.sessionUserId !== existing?.id) {
    throw new AppError('forbidden', 'This invitation was sent to another email address', {
      details: { reason: 'email_mismatch' },
    });
  }
  let passwordHash: string | null = null;
  if (existing) await proveExistingUser(ds, existing, input);
  else passwordHash = await hashPassword(assertNewPassword(input.password));

  try {
    return await withTenant(ds, token.tenantId, async (tx) => {
      const invitation = await findByToken(tx, token);
      assertAcceptable(invitation);
      const tenantId = invitation.tenantId;
      let user: User;
      if (existing) {
        const reloaded = await tx.getRepository(UserEntity).findOneBy({ id: existing.id });
        if (!reloaded) throw new AppError('conflict', 'The account was removed meanwhile; retry');
        user = reloaded;
        if (await memberRepository.isMember(tx, tenantId, user.id)) {
          throw new AppError('conflict', 'You are a member of this tenant already', {
            details: { reason: 'already_member' },
          });
        }
      } else {
        user = await userRepository.insert(tx, {
          email: invitation.email,
          displayName: input.displayName?.trim() || invitation.email.split('@')[0]!,
          passwordHash,
        });
      }
      await assertMemberQuota(tx, tenantId, 1);
      await memberRepository.insert(tx, { tenantId, userId: user.id, role: invitation.role });
      await invitationRepository.update(tx, tenantId, invitation.id, {
        acceptedAt: new Date(),
        acceptedBy: user.id,
      });
      const actor = { kind: 'user', userId: user.id } as const;
      await recordAudit(tx, {
        tenantId,
        action: 'invitation.accepted',
        targetType: 'invitation',
        targetId: invitation.id,
        before: { status: 'pending' },
        after: { status: 'accepted', acceptedBy: user.id, userCreated: !existing },
        actor,
      });
      await recordAudit(tx, {
        tenantId,
        action: 'member.added',
        targetType: 'member',
        targetId: user.id,
        before: null,
        after: {
          userId: user.id,
          email: user.email,
          role: invitation.role,
          invitationId: invitation.id,
        },
        actor,
      });
      const session = await deps.sessions.createSession(tx, {
        tenantId,
        userId: user.id,
        ip: input.client?.ip ?? null,
        userAgent: input.client?.userAgent ?? null,
      });
      await recordAudit(tx, {
        tenantId,
        action: 'session.created',
        targetType: 'session',
        targetId: session.sessionId,
        after: { userId: user.id, method: 'invitation' },
        actor,
      });
      return { tenant: first.tenant, user, role: invitation.role, userCreated: !existing, session };
    });
  } catch (error) {
    if (isUniqueViolation(error, 'memberships_pkey')) {
      throw new AppError('conflict', 'You are a member of this tenant already', {
        details: { reason: 'already_member' },
      });
    }
    if (isUniqueViolation(error, 'users_email_key')) {
      throw new AppError('conflict', 'This email was registered at the same moment; retry', {
        details: { reason: 'email_taken' },
      });
    }
    throw error;
  }
}
