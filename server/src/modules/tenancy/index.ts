export { TenantEntity, type Tenant, type TenantStatus } from './tenant.entity.js';
export { MembershipEntity, type Membership } from './membership.entity.js';
export { RoleEntity, type Role } from './role.entity.js';
export { DomainEntity, type Domain } from './domain.entity.js';
export { tenantRepository } from './tenant.repository.js';
export { TenantResolver, type ResolvedTenant } from './tenant-resolver.js';
export { tenantSlot, tenantSourceSlot, resolveTenantMiddleware } from './tenancy.http.js';
export { parseHost, normaliseHost, isSlug, isHostname } from './host.js';
export {
  tenantSettingsSchema,
  tenantFeaturesSchema,
  type TenantSettings,
  type TenantFeatures,
} from './tenant-settings.schema.js';
export { PLANS, PLAN_KEYS, effectiveQuotas, isPlan, type PlanKey, type Quotas } from './plans.js';

import { DomainEntity } from './domain.entity.js';
import { MembershipEntity } from './membership.entity.js';
import { RoleEntity } from './role.entity.js';
import { TenantEntity } from './tenant.entity.js';

/** The TypeORM entity schemas this module owns. */
export const tenancyEntities = [TenantEntity, MembershipEntity, RoleEntity, DomainEntity];
