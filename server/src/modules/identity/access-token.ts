import { SignedTokens } from '../../platform/crypto/signed-token.js';
import type { SecretBox } from '../../platform/crypto/secret-box.js';
import { AppError } from '../../platform/errors.js';

/** Access tokens live at most this long; refresh tokens carry the session beyond it. */
export const ACCESS_TOKEN_TTL_SECONDS = 10 * 60;

/** What an access token asserts: a user, acting in exactly one tenant, in one session. */
export interface AccessClaims {
  userId: string;
  tenantId: string;
  /** The refresh-token family (session) the token was issued in; revoking it ends the token. */
  sessionId: string;
}

/** Signs and verifies short-lived, tenant-bound access tokens (JWT, HS256, key derived from FOLIO_SECRET). */
export class AccessTokens {
  private readonly tokens: SignedTokens;

  constructor(secrets: SecretBox, ttlSeconds = ACCESS_TOKEN_TTL_SECONDS) {
    this.tokens = new SignedTokens(secrets, {
      purpose: 'access-token',
      audience: 'folio-api',
      label: 'Access token',
      ttlSeconds,
    });
  }

  issue(claims: AccessClaims): Promise<{ token: string; expiresAt: Date }> {
    return this.tokens.sign(claims.userId, { tid: claims.tenantId, sid: claims.sessionId });
  }

  /** The claims of a valid token; 401 `unauthenticated` for anything else (expired, forged, malformed). */
  async verify(token: string): Promise<AccessClaims> {
    const { sub, tid, sid } = await this.tokens.verify(token);
    if (typeof sub !== 'string' || typeof tid !== 'string' || typeof sid !== 'string') {
      throw new AppError('unauthenticated', 'Malformed access token');
    }
    return { userId: sub, tenantId: tid, sessionId: sid };
  }
}
