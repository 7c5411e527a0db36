import { digest, randomToken } from '../../platform/crypto/secret-box.js';

/**
 * Invitation tokens are `inv.<tenantId>.<invitationId>.<secret>`: the ids find the row without any
 * cross-tenant lookup (the tenant is named, then row-level security applies as usual) and only the
 * SHA-256 of the secret is stored, so a database leak hands out no usable links.
 */
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const SHAPE = new RegExp(`^inv\\.(${UUID})\\.(${UUID})\\.([A-Za-z0-9_-]{43})$`);

export interface ParsedInvitationToken {
  tenantId: string;
  invitationId: string;
  secret: string;
}

/** A fresh secret for an invitation, with the digest to store. */
export function newInvitationSecret(): { secret: string; secretHash: string } {
  const secret = randomToken(32);
  return { secret, secretHash: digest(secret) };
}

/** The token handed to the invitee. */
export function formatInvitationToken(
  tenantId: string,
  invitationId: string,
  secret: string,
): string {
  return `inv.${tenantId}.${invitationId}.${secret}`;
}

/** The parts of a well-formed token, else null. */
export function parseInvitationToken(token: string): ParsedInvitationToken | null {
  const match = SHAPE.exec(token);
  if (!match) return null;
  const [, tenantId, invitationId, secret] = match as unknown as [string, string, string, string];
  return { tenantId, invitationId, secret };
}
