import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';

/**
 * API keys look like `folio_<prefix>_<secret><checksum>`: the prefix finds the row, the secret is
 * compared by digest, and the CRC32 checksum lets us (and secret scanners) reject a mistyped or
 * made-up key without touching the database.
 */
const SHAPE = /^folio_([A-Za-z0-9]{12})_([A-Za-z0-9]{40})([A-Za-z0-9]{6})$/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function base62(bytes: Buffer, length: number): string {
  let out = '';
  for (const byte of bytes) {
    if (out.length === length) break;
    // Rejection sampling keeps the alphabet uniform (248 = 4 × 62).
    if (byte < 248) out += ALPHABET[byte % 62];
  }
  return out.length === length ? out : out + base62(randomBytes(length), length - out.length);
}

function checksum(body: string): string {
  let n = crc32(body);
  let out = '';
  for (let i = 0; i < 6; i += 1) {
    out = ALPHABET[n % 62]! + out;
    n = Math.floor(n / 62);
  }
  return out;
}

/** The token for these parts, checksum included. */
export function apiKeyToken(prefix: string, secret: string): string {
  const body = `folio_${prefix}_${secret}`;
  return body + checksum(body);
}

/** A new key: the full token (shown once) and the parts stored. */
export function generateApiKeyToken(): { token: string; prefix: string; secret: string } {
  const prefix = base62(randomBytes(24), 12);
  const secret = base62(randomBytes(64), 40);
  return { token: apiKeyToken(prefix, secret), prefix, secret };
}

/** The parts of a well-formed key with a valid checksum, else null. */
export function parseApiKeyToken(token: string): { prefix: string; secret: string } | null {
  const match = SHAPE.exec(token);
  if (!match) return null;
  const [, prefix, secret, sum] = match as unknown as [string, string, string, string];
  return checksum(`folio_${prefix}_${secret}`) === sum ? { prefix, secret } : null;
}

/** True when a bearer credential looks like an API key rather than a JWT. */
export function looksLikeApiKey(token: string): boolean {
  return token.startsWith('folio_');
}
