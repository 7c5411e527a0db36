import type { EntityManager } from 'typeorm';
import { currentContext } from '../../platform/context.js';

/** The public summary of a tenant that auth responses carry. */
export interface TenantSummary {
  id: string;
  slug: string;
  name: string;
}

/**
 * The tenant the request was bound to (by host, X-Folio-Tenant, or a presented token). The api
 * router's bindTenant stamps it on the request context; identity reads it from there because it
 * may not import the tenancy module that owns the request slot.
 */
export function boundTenantId(): string | undefined {
  return currentContext()?.tenantId;
}

/** Reads the global tenants row (no tenant data: id, slug and name only). */
export async function loadTenantSummary(
  tx: EntityManager,
  tenantId: string,
): Promise<TenantSummary | null> {
  const rows = await tx.query<TenantSummary[]>(`SELECT id, slug, name FROM tenants WHERE id = $1`, [
    tenantId,
  ]);
  return rows[0] ?? null;
}
