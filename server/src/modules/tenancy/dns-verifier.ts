import { Resolver } from 'node:dns/promises';
import { AppError } from '../../platform/errors.js';
import { safeEqual } from '../../platform/crypto/secret-box.js';

/** The DNS lookup domain verification needs; tests inject a fake, production uses node:dns. */
export interface TxtResolver {
  /** TXT records of name, each as its character-strings (long records arrive in 255-byte chunks). */
  resolveTxt(name: string): Promise<string[][]>;
}

/** The system resolver with a bounded wait, so a verify request never hangs on a dead server. */
export function systemTxtResolver(
  options: { timeoutMs?: number; tries?: number } = {},
): TxtResolver {
  const resolver = new Resolver({ timeout: options.timeoutMs ?? 3000, tries: options.tries ?? 2 });
  return { resolveTxt: (name) => resolver.resolveTxt(name) };
}

/** The TXT record a tenant creates to prove it controls host. */
export function verificationRecord(
  host: string,
  token: string,
): { type: 'TXT'; name: string; value: string } {
  return { type: 'TXT', name: `_folio-verify.${host}`, value: `folio-verify=${token}` };
}

/** DNS answers that mean "no such record" rather than "DNS is failing". */
const ABSENT = new Set(['ENOTFOUND', 'ENODATA', 'NXDOMAIN', 'ENONAME']);

export type TxtCheck = 'verified' | 'missing' | 'mismatch';

/**
 * Looks up `_folio-verify.<host>` and compares every TXT record (chunks joined) with the expected
 * value in constant time. A missing record or name is a result; a failing resolver is a 503, since
 * retrying later may succeed and the tenant did nothing wrong.
 */
export async function checkTxtVerification(
  resolver: TxtResolver,
  host: string,
  token: string,
): Promise<TxtCheck> {
  const record = verificationRecord(host, token);
  let answers: string[][];
  try {
    answers = await resolver.resolveTxt(record.name);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && ABSENT.has(code)) return 'missing';
    throw new AppError('unavailable', 'DNS lookup failed; try again later', {
      expose: true,
      cause: error,
      details: { reason: 'dns_unavailable' },
    });
  }
  const values = answers.map((chunks) => chunks.join('').trim());
  const candidates = values.filter((v) => v.startsWith('folio-verify='));
  if (candidates.length === 0) return 'missing';
  // Every candidate is compared, so the time taken does not reveal which one matched.
  let matched = false;
  for (const value of candidates) matched = safeEqual(value, record.value) || matched;
  return matched ? 'verified' : 'mismatch';
}
