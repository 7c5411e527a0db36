import request from 'supertest';
import type { DataSource } from 'typeorm';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { createMember, createTenant } from '../../../test/factories.js';
import type { TestServer } from '../../../test/test-server.js';
import { digest } from '../../../platform/crypto/secret-box.js';
import { generateApiKeyToken, SessionIssuer, type User } from '../../identity/index.js';
import type { Tenant } from '../index.js';

/** The password every test user gets (long enough for the new-account rule). */
export const PASSWORD = 'correct horse battery staple';

/** The Host header naming a tenant by subdomain (FOLIO_BASE_DOMAIN is localhost in tests). */
export const hostOf = (tenant: Pick<Tenant, 'slug'>) => `${tenant.slug}.localhost`;

export interface SignedIn {
  tenant: Tenant;
  user: User;
  token: string;
}

/** Starts a session for an existing member directly (no login round trip) and returns its access token. */
export async function tokenFor(
  server: TestServer,
  tenantId: string,
  userId: string,
): Promise<string> {
  const sessions = new SessionIssuer(server.node.accessTokens, server.node.secrets);
  const session = await withTenant(server.node.dataSource, tenantId, (tx) =>
    sessions.createSession(tx, { tenantId, userId }),
  );
  return session.accessToken;
}

/** A member of `tenant` (a new tenant if absent) with `role` and a live access token. */
export async function signedInMember(
  server: TestServer,
  options: { tenant?: Tenant; role?: string } = {},
): Promise<SignedIn> {
  const ds = server.node.dataSource;
  const tenant = options.tenant ?? (await createTenant(ds));
  const { user } = await createMember(ds, {
    tenant,
    role: options.role ?? 'owner',
    password: PASSWORD,
  });
  return { tenant, user, token: await tokenFor(server, tenant.id, user.id) };
}

/** A request on the member's tenant host with its bearer token. */
export function as(server: TestServer, who: SignedIn) {
  const agent = request(server.url);
  const wrap = (test: request.Test) =>
    test.set('Host', hostOf(who.tenant)).set('Authorization', `Bearer ${who.token}`);
  return {
    get: (path: string) => wrap(agent.get(path)),
    post: (path: string) => wrap(agent.post(path)),
    patch: (path: string) => wrap(agent.patch(path)),
    delete: (path: string) => wrap(agent.delete(path)),
  };
}

/** Audit entries of a tenant, oldest first. */
export async function auditEntries(
  ds: DataSource,
  tenantId: string,
): Promise<
  {
    action: string;
    target_id: string | null;
    before: unknown;
    after: unknown;
    actor_id: string | null;
  }[]
> {
  return withTenant(ds, tenantId, (tx) =>
    tx.query(
      `SELECT action, target_id, before, after, actor_id FROM audit_log WHERE tenant_id = $1 ORDER BY id`,
      [tenantId],
    ),
  );
}

/** Row counts of a tenant's tenant-owned tables (seen through RLS with the tenant set). */
export async function tenantRowCounts(
  ds: DataSource,
  tenantId: string,
): Promise<Record<string, number>> {
  const tables = [
    'roles',
    'memberships',
    'invitations',
    'refresh_token_families',
    'audit_log',
    'domains',
  ];
  return withTenant(ds, tenantId, async (tx) => {
    const counts: Record<string, number> = {};
    for (const table of tables) {
      const rows = await tx.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = $1`,
        [tenantId],
      );
      counts[table] = rows[0]!.n;
    }
    return counts;
  });
}

/** The role a user holds in a tenant, or null. */
export async function roleOf(
  ds: DataSource,
  tenantId: string,
  userId: string,
): Promise<string | null> {
  const rows = await withTenant(ds, tenantId, (tx) =>
    tx.query<{ role: string }[]>(
      `SELECT role FROM memberships WHERE tenant_id = $1 AND user_id = $2`,
      [tenantId, userId],
    ),
  );
  return rows[0]?.role ?? null;
}

export { eventually } from '../../../test/wait.js';

/** An API key of a tenant with the given scopes (inserted directly; only its digest is stored). */
export async function apiKeyFor(
  server: TestServer,
  tenantId: string,
  scopes: string[],
): Promise<string> {
  const { token, prefix, secret } = generateApiKeyToken();
  await withTenant(server.node.dataSource, tenantId, (tx) =>
    tx.query(
      `INSERT INTO api_keys (tenant_id, name, prefix, secret_hash, scopes) VALUES ($1, 'test', $2, $3, $4)`,
      [tenantId, prefix, digest(secret), scopes],
    ),
  );
  return token;
}
