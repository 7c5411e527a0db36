import { SignedTokens } from '../../../platform/crypto/signed-token.js';
import type { SecretBox } from '../../../platform/crypto/secret-box.js';
import { AppError } from '../../../platform/errors.js';

/** Platform tokens are short: they open every tenant, so a leaked one must die quickly. */
export const PLATFORM_TOKEN_TTL_SECONDS = 10 * 60;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Signs and verifies the bearer tokens of the platform-admin surface (JWT, HS256). */
export class PlatformTokens {
  private readonly tokens: SignedTokens;

  constructor(secrets: SecretBox, ttlSeconds = PLATFORM_TOKEN_TTL_SECONDS) {
    // Its own audience and its own key (purpose 'platform-token'): a tenant access token never
    // verifies here, and a platform token never verifies as a tenant access token.
    this.tokens = new SignedTokens(secrets, {
      purpose: 'platform-token',
      audience: 'folio-platform',
      label: 'Platform token',
      ttlSeconds,
    });
  }

  /** A token for a staff user. */
  issue(userId: string): Promise<{ token: string; expiresAt: Date }> {
    return this.tokens.sign(userId, { scope: 'platform' });
  }

  /** The staff user id of a valid token; 401 for anything else. */
  async verify(token: string): Promise<string> {
    const payload = await this.tokens.verify(token);
    if (
      typeof payload.sub !== 'string' ||
      !UUID.test(payload.sub) ||
      payload.scope !== 'platform'
    ) {
      throw new AppError('unauthenticated', 'Malformed platform token');
    }
    return payload.sub;
  }
}
