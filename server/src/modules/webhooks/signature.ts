/**
 * Webhook signatures: `Folio-Webhook-Signature: v1=<hex>, v1=<hex>` with one HMAC-SHA256 of
 * `<timestamp>.<body>` per active secret, so a receiver rotating secrets accepts either.
 */
import { createHmac } from 'node:crypto';
import { safeEqual } from '../../platform/crypto/secret-box.js';

/** The header names of a delivery. */
export const WEBHOOK_HEADERS = {
  id: 'Folio-Webhook-Id',
  timestamp: 'Folio-Webhook-Timestamp',
  event: 'Folio-Webhook-Event',
  signature: 'Folio-Webhook-Signature',
} as const;

/** The hex HMAC-SHA256 of `<timestamp>.<body>` keyed with one secret. */
export function signatureOf(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The signature header's value for a body sent at `timestamp` (unix seconds). */
export function signatureHeader(
  secrets: readonly string[],
  timestamp: number,
  body: string,
): string {
  return secrets.map((secret) => `v1=${signatureOf(secret, timestamp, body)}`).join(', ');
}

export interface VerifyWebhookInput {
  /** The raw request body, exactly as received (not re-serialised JSON). */
  readonly body: string | Buffer;
  /** The `Folio-Webhook-Timestamp` header. */
  readonly timestamp: string | undefined;
  /** The `Folio-Webhook-Signature` header. */
  readonly signature: string | undefined;
  /** The receiver's secrets; during a rotation, both the old and the new one. */
  readonly secrets: readonly string[];
  /** Deliveries older (or further in the future) than this are refused; default 300 s. */
  readonly toleranceSeconds?: number;
  /** Unix seconds; defaults to the clock. */
  readonly now?: number;
}

/** True when the delivery is fresh and one of its `v1` signatures matches one of the secrets. */
export function verifyWebhookSignature(input: VerifyWebhookInput): boolean {
  const timestamp = Number(input.timestamp);
  if (!input.timestamp || !/^\d{1,12}$/.test(input.timestamp)) return false;
  const now = input.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (input.toleranceSeconds ?? 300)) return false;
  const body = typeof input.body === 'string' ? input.body : input.body.toString('utf8');
  const offered = (input.signature ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.startsWith('v1='))
    .map((part) => part.slice(3));
  return input.secrets.some((secret) => {
    const expected = signatureOf(secret, timestamp, body);
    return offered.some((candidate) => safeEqual(candidate, expected));
  });
}
