import type { ApiKey } from './api-key.entity.js';
import type { IssuedSession } from './session-issuer.js';
import type { TenantSummary } from './request-tenant.js';
import type { User } from './user.entity.js';

/** A user as clients see it: never hashes, secrets or lockout state. */
export function presentUser(user: User): { id: string; email: string; displayName: string } {
  return { id: user.id, email: user.email, displayName: user.displayName };
}

export function presentTenant(tenant: TenantSummary): TenantSummary {
  return { id: tenant.id, slug: tenant.slug, name: tenant.name };
}

/** The tokens of a new or rotated session (the session id travels inside the access token). */
export function presentTokens(session: IssuedSession): {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
} {
  return {
    accessToken: session.accessToken,
    refreshToken: session.refreshToken,
    tokenType: 'Bearer',
    expiresIn: session.expiresIn,
  };
}

export interface PresentedApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
  createdBy: string | null;
}

/** An API key without its secret or digest; the prefix is what users recognise a key by. */
export function presentApiKey(key: ApiKey): PresentedApiKey {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    scopes: [...key.scopes],
    expiresAt: key.expiresAt?.toISOString() ?? null,
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
    createdAt: key.createdAt.toISOString(),
    createdBy: key.createdBy,
  };
}
