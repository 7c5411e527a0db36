import { createHmac, randomBytes } from 'node:crypto';
import { digest, safeEqual, type SecretBox } from '../../platform/crypto/secret-box.js';

/**
 * Refresh tokens look like `frt.<tenantId>.<familyId>.<secret>`. The tenant and family locate the
 * session row; only sha256(secret) is stored (as the family's `current_hash`).
 *
 * The secret is a random nonce followed by an HMAC of (tenant, family, nonce) under a key derived
 * from FOLIO_SECRET. That lets the server tell "a token we issued for this family, but not the
 * newest" (a replayed, leaked token: the family is revoked) from "garbage that happens to name a
 * family" (just a 401). Without the MAC, anyone who saw a session id — it is the `sid` claim of
 * every access token — could end that session by presenting a made-up secret.
 */
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';
const NONCE_BYTES = 16;
const NONCE_CHARS = 22;
const MAC_CHARS = 43;
const SHAPE = new RegExp(
  `^frt\\.(${UUID})\\.(${UUID})\\.([A-Za-z0-9_-]{${NONCE_CHARS}})([A-Za-z0-9_-]{${MAC_CHARS}})$`,
);

export interface ParsedRefreshToken {
  tenantId: string;
  familyId: string;
  /** The whole secret part; its digest is what the family row stores. */
  secret: string;
  /** True when the secret carries a MAC this server made for this tenant and family. */
  authentic: boolean;
}

/** Mints and checks refresh tokens; one instance per node. */
export class RefreshTokenCodec {
  private readonly key: Buffer;

  constructor(secrets: SecretBox) {
    this.key = secrets.key('refresh-token');
  }

  /** A new token for a family, with the hash to store as its current one. */
  mint(tenantId: string, familyId: string): { token: string; hash: string } {
    const nonce = randomBytes(NONCE_BYTES).toString('base64url');
    const secret = nonce + this.mac(tenantId, familyId, nonce);
    return { token: `frt.${tenantId}.${familyId}.${secret}`, hash: digest(secret) };
  }

  /** The parts of a well-formed token, or null; `authentic` says whether we issued it. */
  parse(token: string): ParsedRefreshToken | null {
    const match = SHAPE.exec(token);
    if (!match) return null;
    const [, tenantId, familyId, nonce, mac] = match as unknown as [
      string,
      string,
      string,
      string,
      string,
    ];
    return {
      tenantId,
      familyId,
      secret: nonce + mac,
      authentic: safeEqual(mac, this.mac(tenantId, familyId, nonce)),
    };
  }

  private mac(tenantId: string, familyId: string, nonce: string): string {
    return createHmac('sha256', this.key)
      .update(`${tenantId}.${familyId}.${nonce}`)
      .digest('base64url');
  }
}
