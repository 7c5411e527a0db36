import { errors, jwtVerify, SignJWT } from 'jose';
import { AppError } from '../../platform/errors.js';
import type { SecretBox } from '../../platform/crypto/secret-box.js';

/** Access tokens live at most this long; refresh tokens carry the session beyond it. */
export const ACCESS_TOKEN_TTL_SECONDS = 10 * 60;

const ISSUER = 'folio';
const AUDIENCE = 'folio-api';

/** What an access token asserts: a user, acting in exactly one tenant, in one session. */
export interface AccessClaims {
  userId: string;
  tenantId: string;
  /** The refresh-token family (session) the token was issued in; revoking it ends the token. */
  sessionId: string;
}

/** Signs and verifies short-lived, tenant-bound access tokens (JWT, HS256, key derived from FOLIO_SECRET). */
export class AccessTokens {
  private readonly key: Uint8Array;

  constructor(
    secrets: SecretBox,
    private readonly ttlSeconds = ACCESS_TOKEN_TTL_SECONDS,
  ) {
    if (ttlSeconds > 15 * 60) throw new Error('access tokens must not live longer than 15 minutes');
    this.key = new Uint8Array(secrets.key('access-token'));
  }

  async issue(claims: AccessClaims): Promise<{ token: string; expiresAt: Date }> {
    const expiresAt = new Date(Date.now() + this.ttlSeconds * 1000);
    const token = await new SignJWT({ tid: claims.tenantId, sid: claims.sessionId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key);
    return { token, expiresAt };
  }

  /** The claims of a valid token; 401 `unauthenticated` for anything else (expired, forged, malformed). */
  async verify(token: string): Promise<AccessClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
      });
      const { sub, tid, sid } = payload;
      if (typeof sub !== 'string' || typeof tid !== 'string' || typeof sid !== 'string') {
        throw new AppError('unauthenticated', 'Malformed access token');
      }
      return { userId: sub, tenantId: tid, sessionId: sid };
    } catch (error) {
      if (error instanceof AppError) throw error;
      const expired = error instanceof errors.JWTExpired;
      throw new AppError(
        'unauthenticated',
        expired ? 'Access token expired' : 'Invalid access token',
        {
          details: { reason: expired ? 'expired' : 'invalid' },
        },
      );
    }
  }
}
