import {
  createCipheriv,
  createDecipheriv,
  createHash,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

/**
 * Everything keyed by FOLIO_SECRET: one HKDF-derived key per purpose, so a key leaked from one use
 * (say, token signing) tells nothing about another (say, encryption of MFA secrets).
 */
export class SecretBox {
  private readonly keys = new Map<string, Buffer>();

  constructor(private readonly rootSecret: string) {
    if (rootSecret.length < 32) throw new Error('FOLIO_SECRET must be at least 32 characters');
  }

  /** A 32-byte key for one purpose (for example 'access-token'). */
  key(purpose: string): Buffer {
    let key = this.keys.get(purpose);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', this.rootSecret, 'folio', `folio:${purpose}`, 32));
      this.keys.set(purpose, key);
    }
    return key;
  }

  /** AES-256-GCM, as `v1.<iv>.<tag>.<ciphertext>` in base64url; purpose is bound as associated data. */
  encrypt(purpose: string, plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key(`encrypt:${purpose}`), iv);
    cipher.setAAD(Buffer.from(purpose));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), body]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  /** Reverses encrypt(); throws when the value was tampered with or sealed for another purpose. */
  decrypt(purpose: string, sealed: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || body === undefined)
      throw new Error('malformed sealed value');
    const decipher = createDecipheriv(
      'aes-256-gcm',
      this.key(`encrypt:${purpose}`),
      Buffer.from(iv, 'base64url'),
    );
    decipher.setAAD(Buffer.from(purpose));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(body, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  }
}

/** SHA-256 hex digest: how high-entropy secrets (tokens, API keys) are stored. */
export function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Constant-time equality of two strings (false on different lengths, without early exit on content). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** A random token of `bytes` bytes in base64url. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
