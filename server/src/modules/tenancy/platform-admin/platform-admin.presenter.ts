import type { Quotas } from '../plans.js';
import { presentTenant, type TenantView } from '../tenant-settings.presenter.js';
import type { Tenant } from '../tenant.entity.js';

/** A tenant as platform operators see it: the member view plus what only the platform sets. */
export function presentPlatformTenant(tenant: Tenant): TenantView & {
  quotaOverrides: Partial<Quotas>;
  maintenanceRetryAfter: number;
} {
  return {
    ...presentTenant(tenant),
    quotaOverrides: tenant.quotas,
    maintenanceRetryAfter: tenant.maintenanceRetryAfter,
  };
}

/** The audit view of the platform-controlled fields of a tenant. */
export function auditTenantState(tenant: Tenant): Record<string, unknown> {
  return {
    status: tenant.status,
    plan: tenant.plan,
    features: tenant.features,
    quotas: tenant.quotas,
    maintenanceRetryAfter: tenant.maintenanceRetryAfter,
  };
}
