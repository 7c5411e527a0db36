import { createHmac, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { SecretBox } from '../../platform/crypto/secret-box.js';

/** How many one-time recovery codes a user holds after enrolling or regenerating. */
export const RECOVERY_CODE_COUNT = 10;

/** Lower-case RFC 4648 base32: no 0/1/8/9, so nothing reads as O, I/l or B. */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const CODE_CHARS = 12;

/** Codes are shown as `xxxx-xxxx-xxxx` (60 bits); spaces, dashes and case are ignored on input. */
export function normaliseRecoveryCode(input: string): string | null {
  const clean = input.replace(/[\s-]/g, '').toLowerCase();
  return clean.length === CODE_CHARS && [...clean].every((c) => ALPHABET.includes(c))
    ? clean
    : null;
}

function generateCode(): string {
  // 32 divides 256, so `byte % 32` keeps the alphabet uniform.
  const chars = [...randomBytes(CODE_CHARS)].map((b) => ALPHABET[b % 32]!).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

/**
 * Stores and checks a user's recovery codes (global rows: a user's second factor is not per
 * tenant). Codes are kept as keyed HMACs, so a copy of the database alone cannot be brute-forced
 * back into usable codes.
 */
export class RecoveryCodes {
  private readonly key: Buffer;

  constructor(secrets: SecretBox) {
    this.key = secrets.key('recovery-code');
  }

  /** Replaces every code of the user with a fresh set, returned in clear this once. */
  async replace(tx: EntityManager, userId: string): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, generateCode);
    await this.removeAll(tx, userId);
    await tx.query(
      `INSERT INTO user_recovery_codes (user_id, code_hash) SELECT $1, unnest($2::text[])`,
      [userId, codes.map((c) => this.hash(normaliseRecoveryCode(c)!))],
    );
    return codes;
  }

  /** Uses up a code: true exactly once per code, even for concurrent attempts. */
  async consume(tx: EntityManager, userId: string, input: string): Promise<boolean> {
    const code = normaliseRecoveryCode(input);
    if (!code) return false;
    const [, affected] = await tx.query<[unknown[], number]>(
      `UPDATE user_recovery_codes SET used_at = now()
        WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL`,
      [userId, this.hash(code)],
    );
    return affected === 1;
  }

  /** How many unused codes the user has left. */
  async remaining(tx: EntityManager, userId: string): Promise<number> {
    const rows = await tx.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM user_recovery_codes WHERE user_id = $1 AND used_at IS NULL`,
      [userId],
    );
    return rows[0]?.n ?? 0;
  }

  async removeAll(tx: EntityManager, userId: string): Promise<void> {
    await tx.query(`DELETE FROM user_recovery_codes WHERE user_id = $1`, [userId]);
  }

  private hash(normalised: string): string {
    return createHmac('sha256', this.key).update(normalised).digest('hex');
  }
}
