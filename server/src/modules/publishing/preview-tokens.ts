import { errors, jwtVerify, SignJWT } from 'jose';
import { AppError } from '../../platform/errors.js';
import type { SecretBox } from '../../platform/crypto/secret-box.js';

/** What a preview token grants: one document of one tenant, at one version or its newest. */
export interface PreviewGrant {
  readonly tenantId: string;
  readonly documentId: string;
  /** Null: the document's newest version at the time of each read. */
  readonly versionId: string | null;
}

const AUDIENCE = 'folio:preview';

/**
 * Preview links: HS256 JWTs under a SecretBox key of their own purpose, so neither an access token
 * nor any other token verifies as one (and the other way round). They live up to an hour, longer
 * than the platform's SignedTokens allow, because a link is shared with people who open it later;
 * they grant only the reading of one document.
 */
export class PreviewTokens {
  private readonly key: Uint8Array;

  constructor(secrets: SecretBox) {
    this.key = new Uint8Array(secrets.key('preview-token'));
  }

  /** A token for `grant`, valid for `ttlSeconds`. */
  async sign(grant: PreviewGrant, ttlSeconds: number): Promise<{ token: string; expiresAt: Date }> {
    const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
    const token = await new SignJWT({
      tid: grant.tenantId,
      ...(grant.versionId ? { vid: grant.versionId } : {}),
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(grant.documentId)
      .setIssuer('folio')
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key);
    return { token, expiresAt };
  }

  /** The grant of a valid token; 401 `unauthenticated` with `details.reason` expired|invalid. */
  async verify(token: string): Promise<PreviewGrant> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: 'folio',
        audience: AUDIENCE,
        algorithms: ['HS256'],
      });
      const { tid, vid, sub } = payload;
      if (
        typeof tid !== 'string' ||
        typeof sub !== 'string' ||
        (vid !== undefined && typeof vid !== 'string')
      ) {
        throw new Error('malformed preview claims');
      }
      return { tenantId: tid, documentId: sub, versionId: vid ?? null };
    } catch (error) {
      const expired = error instanceof errors.JWTExpired;
      throw new AppError(
        'unauthenticated',
        expired ? 'Preview token expired' : 'Invalid preview token',
        {
          details: { reason: expired ? 'expired' : 'invalid' },
        },
      );
    }
  }
}
