import { errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { AppError } from '../errors.js';
import type { SecretBox } from './secret-box.js';

/** The longest any bearer token signed here may live. */
const MAX_TTL_SECONDS = 15 * 60;

/**
 * Short-lived HS256 JWTs for one audience, keyed by a SecretBox purpose of their own, so tokens of
 * one kind (tenant access, platform staff) never verify as another. Failures are 401s that say
 * whether the token expired or was never valid.
 */
export class SignedTokens {
  private readonly key: Uint8Array;

  constructor(
    secrets: SecretBox,
    private readonly spec: { purpose: string; audience: string; label: string; ttlSeconds: number },
  ) {
    if (spec.ttlSeconds > MAX_TTL_SECONDS) {
      throw new Error(`${spec.label}s must not live longer than 15 minutes`);
    }
    this.key = new Uint8Array(secrets.key(spec.purpose));
  }

  /** Signs `claims` for `subject`, expiring after the configured TTL. */
  async sign(subject: string, claims: JWTPayload): Promise<{ token: string; expiresAt: Date }> {
    const expiresAt = new Date(Date.now() + this.spec.ttlSeconds * 1000);
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(subject)
      .setIssuer('folio')
      .setAudience(this.spec.audience)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key);
    return { token, expiresAt };
  }

  /** The payload of a valid token; 401 `unauthenticated` with `details.reason` otherwise. */
  async verify(token: string): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: 'folio',
        audience: this.spec.audience,
        algorithms: ['HS256'],
      });
      return payload;
    } catch (error) {
      const expired = error instanceof errors.JWTExpired;
      throw new AppError(
        'unauthenticated',
        expired ? `${this.spec.label} expired` : `Invalid ${this.spec.label.toLowerCase()}`,
        { details: { reason: expired ? 'expired' : 'invalid' } },
      );
    }
  }
}
