import type { DataSource } from 'typeorm';
import { digest, safeEqual } from '../../../platform/crypto/secret-box.js';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { AppError } from '../../../platform/errors.js';
import { recordAudit } from '../../audit/index.js';
import { RefreshTokenFamilyEntity } from '../refresh-token-family.entity.js';
import {
  SESSION_IDLE_SECONDS,
  SESSION_MAX_SECONDS,
  type IssuedSession,
  type SessionIssuer,
} from '../session-issuer.js';

export interface RefreshInput {
  refreshToken: string;
  /** The tenant the request's host or X-Folio-Tenant named, if any; the token must belong to it. */
  boundTenantId?: string | undefined;
}

function invalid(reason: string, message = 'Invalid refresh token'): AppError {
  return new AppError('unauthenticated', message, { details: { reason } });
}

type Outcome = { kind: 'rotated'; session: IssuedSession } | { kind: 'reused' };

/**
 * Rotates a session: the presented refresh token must be the family's newest, and is replaced by
 * a new one (generation + 1) together with a new access token.
 *
 * A token we issued for the family but that is no longer the newest has been used before: either
 * the client or a thief holds a copy. We cannot tell which, so the whole family is revoked — in a
 * transaction that commits before the request fails — and both parties must sign in again.
 */
export async function refreshSession(
  deps: { dataSource: DataSource; sessions: SessionIssuer },
  input: RefreshInput,
): Promise<IssuedSession> {
  const parsed = deps.sessions.refreshTokens.parse(input.refreshToken);
  if (!parsed) throw invalid('malformed');
  if (!parsed.authentic) throw invalid('invalid');
  if (input.boundTenantId && input.boundTenantId !== parsed.tenantId) {
    throw new AppError('forbidden', 'The refresh token belongs to another tenant');
  }

  const outcome = await withTenant<Outcome>(deps.dataSource, parsed.tenantId, async (tx) => {
    const family = await tx.getRepository(RefreshTokenFamilyEntity).findOne({
      where: { tenantId: parsed.tenantId, id: parsed.familyId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!family) throw invalid('invalid');
    if (family.revokedAt) {
      throw family.revokedReason === 'reuse'
        ? invalid('refresh_token_reused', 'Session ended: a refresh token was used twice')
        : invalid('session_revoked', 'Session ended');
    }
    if (family.expiresAt.getTime() <= Date.now()) throw invalid('expired', 'Session expired');

    if (!safeEqual(family.currentHash, digest(parsed.secret))) {
      await tx
        .getRepository(RefreshTokenFamilyEntity)
        .update(
          { tenantId: family.tenantId, id: family.id },
          { revokedAt: new Date(), revokedReason: 'reuse' },
        );
      await recordAudit(tx, {
        tenantId: family.tenantId,
        action: 'session.reuse_detected',
        targetType: 'session',
        targetId: family.id,
        after: { userId: family.userId, generation: family.generation },
        actor: { kind: 'system', reason: 'refresh-token-reuse' },
      });
      return { kind: 'reused' };
    }

    const member = await tx.query<unknown[]>(
      `SELECT 1 FROM memberships WHERE tenant_id = $1 AND user_id = $2`,
      [family.tenantId, family.userId],
    );
    if (member.length === 0) throw invalid('not_a_member', 'Not a member of this tenant any more');

    const next = deps.sessions.refreshTokens.mint(family.tenantId, family.id);
    const now = Date.now();
    const expiresAt = new Date(
      Math.min(
        now + SESSION_IDLE_SECONDS * 1000,
        family.createdAt.getTime() + SESSION_MAX_SECONDS * 1000,
      ),
    );
    await tx.getRepository(RefreshTokenFamilyEntity).update(
      { tenantId: family.tenantId, id: family.id },
      {
        generation: family.generation + 1,
        currentHash: next.hash,
        lastUsedAt: new Date(now),
        expiresAt,
      },
    );
    return {
      kind: 'rotated',
      session: await deps.sessions.withAccessToken(
        family.tenantId,
        family.userId,
        family.id,
        next.token,
      ),
    };
  });

  if (outcome.kind === 'reused') {
    throw invalid('refresh_token_reused', 'Refresh token reuse detected; the session was revoked');
  }
  return outcome.session;
}
