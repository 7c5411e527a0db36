import { errors, jwtVerify, SignJWT } from 'jose';
import type { SecretBox } from '../../../platform/crypto/secret-box.js';
import { AppError } from '../../../platform/errors.js';

/** Platform tokens are short: they open every tenant, so a leaked one must die quickly. */
export const PLATFORM_TOKEN_TTL_SECONDS = 10 * 60;

const ISSUER = 'folio';
// Its own audience and its own key (purpose 'platform-token'): a tenant access token never
// verifies here, and a platform token never verifies as a tenant access token.
const AUDIENCE = 'folio-platform';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Signs and verifies the bearer tokens of the platform-admin surface (JWT, HS256). */
export class PlatformTokens {
  private readonly key: Uint8Array;

  constructor(
    secrets: SecretBox,
    private readonly ttlSeconds = PLATFORM_TOKEN_TTL_SECONDS,
  ) {
    if (ttlSeconds > 15 * 60)
      throw new Error('platform tokens must not live longer than 15 minutes');
    this.key = new Uint8Array(secrets.key('platform-token'));
  }

  /** A token for a staff user. */
  async issue(userId: string): Promise<{ token: string; expiresAt: Date }> {
    const expiresAt = new Date(Date.now() + this.ttlSeconds * 1000);
    const token = await new SignJWT({ scope: 'platform' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key);
    return { token, expiresAt };
  }

  /** The staff user id of a valid token; 401 for anything else. */
  async verify(token: string): Promise<string> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
      });
      if (
        typeof payload.sub !== 'string' ||
        !UUID.test(payload.sub) ||
        payload.scope !== 'platform'
      ) {
        throw new AppError('unauthenticated', 'Malformed platform token');
      }
      return payload.sub;
    } catch (error) {
      if (error instanceof AppError) throw error;
      const expired = error instanceof errors.JWTExpired;
      throw new AppError(
        'unauthenticated',
        expired ? 'Platform token expired' : 'Invalid platform token',
        { details: { reason: expired ? 'expired' : 'invalid' } },
      );
    }
  }
}
