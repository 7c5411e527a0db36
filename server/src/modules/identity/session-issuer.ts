import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { SecretBox } from '../../platform/crypto/secret-box.js';
import type { AccessTokens } from './access-token.js';
import { RefreshTokenCodec } from './refresh-token.js';
import { RefreshTokenFamilyEntity } from './refresh-token-family.entity.js';

/** A refresh family lives this long after its last use… */
export const SESSION_IDLE_SECONDS = 30 * 24 * 3600;
/** …and never longer than this after login, however busy it is. */
export const SESSION_MAX_SECONDS = 90 * 24 * 3600;

/** What a client gets when a session starts or rotates. */
export interface IssuedSession {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  /** The refresh-token family id, which is also the access token's `sid`. */
  sessionId: string;
}

export interface SessionInput {
  tenantId: string;
  userId: string;
  ip?: string | null;
  userAgent?: string | null;
}

/** Why a session family ended; stored in `revoked_reason`. */
export type SessionRevokeReason =
  'logout' | 'logout_all' | 'reuse' | 'member_removed' | 'role_changed' | 'admin';

/**
 * Starts and rotates sessions (refresh-token families) and the access tokens bound to them. Used
 * by login and refresh here, and by signup and invitation acceptance in the tenancy module.
 */
export class SessionIssuer {
  readonly refreshTokens: RefreshTokenCodec;

  constructor(
    private readonly accessTokens: AccessTokens,
    secrets: SecretBox,
  ) {
    this.refreshTokens = new RefreshTokenCodec(secrets);
  }

  /**
   * Creates a session for a member. `tx` must be a transaction already bound to `input.tenantId`
   * (withTenant, or the onboarding transaction after it switched into the new tenant): the family
   * row is tenant-owned and commits or rolls back with the caller's other work.
   */
  async createSession(tx: EntityManager, input: SessionInput): Promise<IssuedSession> {
    const familyId = randomUUID();
    const refresh = this.refreshTokens.mint(input.tenantId, familyId);
    const now = new Date();
    await tx.getRepository(RefreshTokenFamilyEntity).insert({
      tenantId: input.tenantId,
      id: familyId,
      userId: input.userId,
      generation: 0,
      currentHash: refresh.hash,
      expiresAt: new Date(now.getTime() + SESSION_IDLE_SECONDS * 1000),
      lastUsedAt: now,
      ip: input.ip ?? null,
      userAgent: input.userAgent?.slice(0, 512) ?? null,
    });
    return this.withAccessToken(input.tenantId, input.userId, familyId, refresh.token);
  }

  /** Pairs a refresh token with a fresh access token for the same session. */
  async withAccessToken(
    tenantId: string,
    userId: string,
    sessionId: string,
    refreshToken: string,
  ): Promise<IssuedSession> {
    const access = await this.accessTokens.issue({ tenantId, userId, sessionId });
    return {
      accessToken: access.token,
      refreshToken,
      expiresIn: Math.max(0, Math.round((access.expiresAt.getTime() - Date.now()) / 1000)),
      sessionId,
    };
  }
}

/**
 * Revokes every live session of a user in one tenant (member removal, logout everywhere). Their
 * access tokens stop working on the next request, since the Authenticator checks the family.
 * `tx` must be bound to `tenantId`. Returns how many sessions were ended.
 */
export async function revokeUserSessions(
  tx: EntityManager,
  tenantId: string,
  userId: string,
  reason: SessionRevokeReason,
): Promise<number> {
  const result = await tx.query<[unknown[], number]>(
    `UPDATE refresh_token_families SET revoked_at = now(), revoked_reason = $3
      WHERE tenant_id = $1 AND user_id = $2 AND revoked_at IS NULL
      RETURNING id`,
    [tenantId, userId, reason],
  );
  return result[1];
}

/** Revokes one session of a user; false when it was not live. `tx` must be bound to `tenantId`. */
export async function revokeSession(
  tx: EntityManager,
  tenantId: string,
  sessionId: string,
  reason: SessionRevokeReason,
): Promise<boolean> {
  const result = await tx.query<[unknown[], number]>(
    `UPDATE refresh_token_families SET revoked_at = now(), revoked_reason = $3
      WHERE tenant_id = $1 AND id = $2 AND revoked_at IS NULL
      RETURNING id`,
    [tenantId, sessionId, reason],
  );
  return result[1] > 0;
}
