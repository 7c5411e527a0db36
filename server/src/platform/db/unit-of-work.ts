import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../errors.js';
import { runWithContextPatch } from '../context.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/**
 * The only way services reach tenant-owned rows: one transaction in which PostgreSQL's row-level
 * security sees `app.tenant_id` (set transaction-locally, so a pooled connection never carries
 * it into someone else's work), with the tenant also stamped on the logging context.
 */
export async function withTenant<T>(
  dataSource: DataSource,
  tenantId: string,
  fn: (tx: EntityManager) => Promise<T>,
): Promise<T> {
  return tenantTransaction(dataSource, tenantId, null, fn);
}

/**
 * withTenant in one REPEATABLE READ snapshot: for a view assembled from several reads (a stage,
 * its publication, its history), so a transition committing between two of them cannot show a
 * mix of before and after. Writes here can fail with a serialization error; keep it for reads.
 */
export async function withTenantSnapshot<T>(
  dataSource: DataSource,
  tenantId: string,
  fn: (tx: EntityManager) => Promise<T>,
): Promise<T> {
  return tenantTransaction(dataSource, tenantId, 'REPEATABLE READ', fn);
}

/** `isolation` null keeps the server default (READ COMMITTED) without an extra SET statement. */
async function tenantTransaction<T>(
  dataSource: DataSource,
  tenantId: string,
  isolation: 'REPEATABLE READ' | null,
  fn: (tx: EntityManager) => Promise<T>,
): Promise<T> {
  if (!UUID.test(tenantId)) throw new AppError('bad_request', 'Invalid tenant id');
  const body = async (tx: EntityManager) => {
    await tx.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
    return fn(tx);
  };
  return runWithContextPatch({ tenantId }, () =>
    isolation ? dataSource.transaction(isolation, body) : dataSource.transaction(body),
  );
}

/** A transaction on global (non-tenant) tables only: RLS hides every tenant-owned row here. */
export async function withGlobal<T>(
  dataSource: DataSource,
  fn: (tx: EntityManager) => Promise<T>,
): Promise<T> {
  return dataSource.transaction(fn);
}

/** The transaction-local settings that the narrow, read-only lookup policies reveal rows by. */
export type LookupSetting = 'app.lookup_host' | 'app.lookup_api_key' | 'app.user_id' | 'app.scan';

/**
 * A transaction in which one lookup setting is set, for the few reads that must happen before a
 * tenant is known (a Host header, an API key, a user's own memberships). The matching RLS policy
 * reveals only rows equal to that value, and only for SELECT. `app.scan` names a background scan
 * across tenants (`outbox`, `scheduled_publications`): its policy reveals only the rows that scan
 * must find (pending ones), so a worker can learn which tenants have work and then do it inside
 * withTenant.
 */
export async function withLookup<T>(
  dataSource: DataSource,
  setting: LookupSetting,
  value: string,
  fn: (tx: EntityManager) => Promise<T>,
): Promise<T> {
  return dataSource.transaction(async (tx) => {
    await tx.query(`SELECT set_config($1, $2, true)`, [setting, value]);
    return fn(tx);
  });
}
