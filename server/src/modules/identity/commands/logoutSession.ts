import type { EntityManager } from 'typeorm';
import { recordAudit } from '../../audit/index.js';
import { revokeSession, revokeUserSessions } from '../session-issuer.js';

export interface SessionActor {
  tenantId: string;
  userId: string;
  sessionId: string | null;
}

/**
 * Ends the session the request's access token belongs to. `tx` is bound to the actor's tenant.
 * The access token itself stays signed but dies on its next use: the Authenticator checks the family.
 */
export async function logoutSession(tx: EntityManager, actor: SessionActor): Promise<void> {
  if (!actor.sessionId) return;
  const ended = await revokeSession(tx, actor.tenantId, actor.sessionId, 'logout');
  if (ended) {
    await recordAudit(tx, {
      tenantId: actor.tenantId,
      action: 'session.revoked',
      targetType: 'session',
      targetId: actor.sessionId,
      after: { userId: actor.userId, reason: 'logout' },
    });
  }
}

/** Ends every session of the actor in this tenant (other devices included). */
export async function logoutAllSessions(tx: EntityManager, actor: SessionActor): Promise<number> {
  const ended = await revokeUserSessions(tx, actor.tenantId, actor.userId, 'logout_all');
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    action: 'user.sessions_revoked',
    targetType: 'user',
    targetId: actor.userId,
    after: { sessions: ended, reason: 'logout_all' },
  });
  return ended;
}
