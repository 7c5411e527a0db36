import { EntitySchema } from 'typeorm';
import type { Quotas } from './plans.js';
import type { TenantFeatures, TenantSettings } from './tenant-settings.schema.js';

export type TenantStatus = 'active' | 'suspended' | 'maintenance';

/** A tenant: global row (resolution by host happens before any tenant context exists). */
export interface Tenant {
  id: string;
  slug: string;
  name: string;
  status: TenantStatus;
  plan: string;
  features: TenantFeatures;
  settings: TenantSettings;
  quotas: Partial<Quotas>;
  /** Seconds a maintenance 503 asks clients to wait (Retry-After). */
  maintenanceRetryAfter: number;
  createdAt: Date;
  updatedAt: Date;
}

export const TenantEntity = new EntitySchema<Tenant>({
  name: 'Tenant',
  tableName: 'tenants',
  columns: {
    id: { type: 'uuid', primary: true, generated: 'uuid' },
    slug: { type: 'text', unique: true },
    name: { type: 'text' },
    status: { type: 'text', default: 'active' },
    plan: { type: 'text', default: 'free' },
    features: { type: 'jsonb', default: {} },
    settings: { type: 'jsonb', default: {} },
    quotas: { type: 'jsonb', default: {} },
    maintenanceRetryAfter: { name: 'maintenance_retry_after', type: 'integer', default: 300 },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
    updatedAt: { name: 'updated_at', type: 'timestamptz', updateDate: true },
  },
});
