/**
 * Endpoint signing secrets: generated here, sealed with the server's SecretBox before they are
 * stored, opened only to sign a delivery. At most two are active, so a receiver can rotate.
 */
import { randomUUID } from 'node:crypto';
import { randomToken, type SecretBox } from '../../platform/crypto/secret-box.js';

/** How a secret is stored in `webhook_endpoints.secrets`. */
export interface StoredSecret {
  readonly id: string;
  readonly sealed: string;
  readonly createdAt: string;
}

/** A freshly made secret: the plaintext is shown once, the stored form is kept. */
export interface NewSecret {
  readonly plaintext: string;
  readonly stored: StoredSecret;
}

/** Active secrets per endpoint: the new one and the one receivers may still be using. */
export const MAX_ACTIVE_SECRETS = 2;

const PURPOSE = 'webhook-secret';

/** A new random secret (`whsec_…`), sealed for storage. */
export function generateSecret(box: SecretBox): NewSecret {
  const plaintext = `whsec_${randomToken(32)}`;
  return {
    plaintext,
    stored: {
      id: randomUUID(),
      sealed: box.encrypt(PURPOSE, plaintext),
      createdAt: new Date().toISOString(),
    },
  };
}

/** The secrets after adding one: the oldest beyond MAX_ACTIVE_SECRETS are dropped. */
export function rotateSecrets(
  current: readonly StoredSecret[],
  added: StoredSecret,
): StoredSecret[] {
  return [...current, added].slice(-MAX_ACTIVE_SECRETS);
}

/** The plaintexts to sign with, newest first. */
export function openSecrets(box: SecretBox, stored: readonly StoredSecret[]): string[] {
  return [...stored].reverse().map((secret) => box.decrypt(PURPOSE, secret.sealed));
}
