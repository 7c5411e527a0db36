import request from 'supertest';
import type { DataSource } from 'typeorm';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import type { Tenant } from '../../tenancy/index.js';
import { createMember } from '../../../test/factories.js';
import type { TestServer } from '../../../test/test-server.js';
import type { User } from '../user.entity.js';

/** The password every test user gets. */
export const PASSWORD = 'correct horse battery staple';

/** The Host header that names a tenant by subdomain (FOLIO_BASE_DOMAIN is localhost in tests). */
export const hostOf = (tenant: Pick<Tenant, 'slug'>) => `${tenant.slug}.localhost`;

export interface TestMember {
  tenant: Tenant;
  user: User;
}

/** A member with the shared password. */
export function member(ds: DataSource, options: { tenant?: Tenant; role?: string } = {}) {
  return createMember(ds, { ...options, password: PASSWORD });
}

/** POST /auth/login on the tenant's host. */
export function login(
  server: TestServer,
  tenant: Pick<Tenant, 'slug'>,
  body: Record<string, unknown>,
) {
  return request(server.url).post('/api/v1/auth/login').set('Host', hostOf(tenant)).send(body);
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

/** Logs a member in and returns its tokens (fails the test otherwise). */
export async function signIn(server: TestServer, m: TestMember): Promise<Tokens> {
  const res = await login(server, m.tenant, { email: m.user.email, password: PASSWORD });
  if (res.status !== 200)
    throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Tokens;
}

/** Audit actions recorded in a tenant, oldest first. */
export async function auditActions(ds: DataSource, tenantId: string): Promise<string[]> {
  const rows = await withTenant(ds, tenantId, (tx) =>
    tx.query(`SELECT action FROM audit_log WHERE tenant_id = $1 ORDER BY id`, [tenantId]),
  );
  return (rows as { action: string }[]).map((r) => r.action);
}

export { eventually } from '../../../test/wait.js';
