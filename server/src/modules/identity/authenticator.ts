import type { DataSource } from 'typeorm';
import { digest, safeEqual } from '../../platform/crypto/secret-box.js';
import { withLookup, withTenant } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors.js';
import {
  BUILT_IN_ROLE_PERMISSIONS,
  isBuiltInRole,
  isPermission,
  type Permission,
  type Principal,
} from '../access/index.js';
import type { AccessTokens } from './access-token.js';
import { parseApiKeyToken, looksLikeApiKey } from './api-key-format.js';
import type { AccessChange } from './access-changes.js';
import { ApiKeyEntity, type ApiKey } from './api-key.entity.js';

interface MemberRow {
  role: string;
  permissions: string[];
  is_builtin: boolean;
  is_staff: boolean;
  session_ok: boolean;
}

/** Recording last use at most this often keeps a busy key from writing on every request. */
const LAST_USED_GRANULARITY_MS = 60_000;
/** Verified API keys held at once; a node that saw more starts over. */
const MAX_CACHED_KEYS = 10_000;

export interface AuthenticatorOptions {
  /**
   * How long an API key read from the database is reused (0: read on every request). Delivery
   * traffic authenticates every request with a key; see `forgetApiKeys` for how a revocation
   * still takes effect at once.
   */
  readonly apiKeyCacheMs?: number;
}

/** A role's effective permissions: the catalogue's for built-ins, the stored ones (still in the catalogue) otherwise. */
export function rolePermissions(
  roleKey: string,
  stored: string[],
  isBuiltin: boolean,
): ReadonlySet<Permission> {
  if (isBuiltin && isBuiltInRole(roleKey)) return new Set(BUILT_IN_ROLE_PERMISSIONS[roleKey]);
  return new Set(stored.filter(isPermission));
}

/** Who authenticated, without the credential: enough to re-check access later. */
export type PrincipalIdentity =
  | { kind: 'member'; tenantId: string; userId: string; sessionId: string | null }
  | { kind: 'apiKey'; tenantId: string; apiKeyId: string };

/** The identity of a principal, for a long-lived connection to re-check later. */
export function identityOf(principal: Principal): PrincipalIdentity {
  return principal.kind === 'member'
    ? {
        kind: 'member',
        tenantId: principal.tenantId,
        userId: principal.userId,
        sessionId: principal.sessionId,
      }
    : { kind: 'apiKey', tenantId: principal.tenantId, apiKeyId: principal.apiKeyId };
}

/**
 * Turns a bearer credential into a Principal, checking it against the database: a removed member
 * or a revoked session stops working at once, not at token expiry. API keys — what delivery
 * traffic sends with every request — are read once and reused for `apiKeyCacheMs` (the secret is
 * still checked on every request); a revocation drops the key at once on the revoking node and,
 * through the access-change bus, within milliseconds on the others (`forgetApiKeys`). Only a
 * lost bus message leaves a revoked key usable elsewhere, for at most `apiKeyCacheMs`, and the
 * bus re-subscribing clears every cached key.
 */
export class Authenticator {
  private readonly apiKeyCacheMs: number;
  /** Keys by prefix, with when each must be read again. */
  private readonly keys = new Map<string, { readonly key: ApiKey; readonly until: number }>();
  /** Bumped by every forget: a read that started before one must not cache what it read. */
  private forgets = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly accessTokens: AccessTokens,
    options: AuthenticatorOptions = {},
  ) {
    this.apiKeyCacheMs = options.apiKeyCacheMs ?? 0;
  }

  /** Drops the cached keys an access change may concern: the key named, or a whole tenant's. */
  forgetApiKeys(change: AccessChange): void {
    if (change.apiKeyId === undefined && change.userId !== undefined) return;
    this.forgets += 1;
    for (const [prefix, { key }] of this.keys) {
      if (key.tenantId !== change.tenantId) continue;
      if (change.apiKeyId === undefined || key.id === change.apiKeyId) this.keys.delete(prefix);
    }
  }

  /** Drops every cached key (access changes may have been lost). */
  forgetAllApiKeys(): void {
    this.forgets += 1;
    this.keys.clear();
  }

  authenticate(credential: string): Promise<Principal> {
    return looksLikeApiKey(credential)
      ? this.fromApiKey(credential)
      : this.fromAccessToken(credential);
  }

  /**
   * The principal behind a connection that authenticated earlier, as it stands now: what a
   * long-lived connection re-checks after an access change. Throws 401 when the membership,
   * session or key is gone; permissions reflect the current role.
   */
  reauthorize(identity: PrincipalIdentity): Promise<Principal> {
    return identity.kind === 'member'
      ? this.member(identity.tenantId, identity.userId, identity.sessionId)
      : this.apiKeyById(identity.tenantId, identity.apiKeyId);
  }

  private async fromAccessToken(token: string): Promise<Principal> {
    const claims = await this.accessTokens.verify(token);
    return this.member(claims.tenantId, claims.userId, claims.sessionId);
  }

  private async member(
    tenantId: string,
    userId: string,
    sessionId: string | null,
  ): Promise<Principal> {
    const rows = await withTenant<MemberRow[]>(this.dataSource, tenantId, (tx) =>
      tx.query(
        `SELECT m.role, r.permissions, r.is_builtin, u.is_staff,
                (f.id IS NOT NULL AND f.revoked_at IS NULL AND f.expires_at > now()) AS session_ok
           FROM memberships m
           JOIN roles r ON r.tenant_id = m.tenant_id AND r.key = m.role
           JOIN users u ON u.id = m.user_id
           LEFT JOIN refresh_token_families f
             ON f.tenant_id = m.tenant_id AND f.id = $3 AND f.user_id = m.user_id
          WHERE m.tenant_id = $1 AND m.user_id = $2`,
        [tenantId, userId, sessionId],
      ),
    );
    const row = rows[0];
    if (!row) throw new AppError('unauthenticated', 'Not a member of this tenant any more');
    if (!row.session_ok)
      throw new AppError('unauthenticated', 'Session ended', {
        details: { reason: 'session_revoked' },
      });
    return {
      kind: 'member',
      tenantId,
      userId,
      sessionId,
      roleKey: row.role,
      permissions: rolePermissions(row.role, row.permissions, row.is_builtin),
      isStaff: row.is_staff,
    };
  }

  private async apiKeyById(tenantId: string, apiKeyId: string): Promise<Principal> {
    const key = await withTenant(this.dataSource, tenantId, (tx) =>
      tx.getRepository(ApiKeyEntity).findOneBy({ tenantId, id: apiKeyId }),
    );
    if (!key) throw new AppError('unauthenticated', 'Invalid API key');
    return this.checkedKey(key);
  }

  private async fromApiKey(token: string): Promise<Principal> {
    const parsed = parseApiKeyToken(token);
    if (!parsed) throw new AppError('unauthenticated', 'Malformed API key');
    const key = await this.apiKeyByPrefix(parsed.prefix);
    if (!key || !safeEqual(key.secretHash, digest(parsed.secret))) {
      throw new AppError('unauthenticated', 'Invalid API key');
    }
    const principal = this.checkedKey(key);
    if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
      const usedAt = new Date();
      // Set first: concurrent requests with the cached key would otherwise each write it.
      key.lastUsedAt = usedAt;
      await withTenant(this.dataSource, key.tenantId, (tx) =>
        tx
          .getRepository(ApiKeyEntity)
          .update({ tenantId: key.tenantId, id: key.id }, { lastUsedAt: usedAt }),
      );
    }
    return principal;
  }

  private async apiKeyByPrefix(prefix: string): Promise<ApiKey | null> {
    const now = Date.now();
    const cached = this.keys.get(prefix);
    if (cached !== undefined && cached.until > now) return cached.key;
    const forgetsBefore = this.forgets;
    const key = await withLookup(this.dataSource, 'app.lookup_api_key', prefix, (tx) =>
      tx.getRepository(ApiKeyEntity).findOneBy({ prefix }),
    );
    // A revocation heard while the row was read may be newer than the row: use it, keep nothing.
    if (key === null || this.apiKeyCacheMs === 0 || this.forgets !== forgetsBefore) {
      this.keys.delete(prefix);
      return key;
    }
    if (this.keys.size >= MAX_CACHED_KEYS) this.keys.clear();
    this.keys.set(prefix, { key, until: now + this.apiKeyCacheMs });
    return key;
  }

  /** Refuses a revoked or expired key; otherwise its principal (its scopes, in the catalogue). */
  private checkedKey(key: ApiKey): Principal {
    if (key.revokedAt)
      throw new AppError('unauthenticated', 'API key revoked', { details: { reason: 'revoked' } });
    if (key.expiresAt && key.expiresAt.getTime() <= Date.now()) {
      throw new AppError('unauthenticated', 'API key expired', { details: { reason: 'expired' } });
    }
    return {
      kind: 'apiKey',
      tenantId: key.tenantId,
      apiKeyId: key.id,
      permissions: new Set(key.scopes.filter(isPermission)),
    };
  }
}
