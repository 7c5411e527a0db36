import { effectiveQuotas, type Quotas } from './plans.js';
import type { TenantFeatures, TenantSettings } from './tenant-settings.schema.js';
import type { Tenant, TenantStatus } from './tenant.entity.js';

export interface TenantView {
  id: string;
  slug: string;
  name: string;
  status: TenantStatus;
  plan: string;
  features: TenantFeatures;
  settings: TenantSettings;
  /** The plan's quotas with the tenant's overrides applied. */
  quotas: Quotas;
  createdAt: string;
  updatedAt: string;
}

/** A tenant as its members see it. */
export function presentTenant(tenant: Tenant): TenantView {
  return {
    id: tenant.id,
    slug: tenant.slug,
    name: tenant.name,
    status: tenant.status,
    plan: tenant.plan,
    features: tenant.features,
    settings: tenant.settings,
    quotas: effectiveQuotas(tenant.plan, tenant.quotas),
    createdAt: tenant.createdAt.toISOString(),
    updatedAt: tenant.updatedAt.toISOString(),
  };
}
