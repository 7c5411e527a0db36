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
export { tenantGatesMiddleware, brandedErrorPages, isIpAllowed } from './tenant-gates.js';
export { tenantPagesMiddleware } from './tenant-gates.pages.js';
export { renderBrandedPage, sendBrandedPage, prefersHtml, escapeHtml } from './branded-page.js';
export { CidrList, parseCidr, parseIp, canonicalIp } from './cidr.js';
export { domainsRoutes, type DomainsRoutesDeps } from './domains.routes.js';
export { systemTxtResolver, type TxtResolver } from './dns-verifier.js';
export { tenantSettingsRoutes } from './tenant-settings.routes.js';
export { presentTenant, type TenantView } from './tenant-settings.presenter.js';
export {
  platformAdminRoutes,
  type PlatformAdminDeps,
} from './platform-admin/platform-admin.routes.js';
export { PlatformTokens, PLATFORM_TOKEN_TTL_SECONDS } from './platform-admin/platform-token.js';
export { signupRoutes, type SignupRouteDeps } from './signup.routes.js';
export { invitationRoutes, type InvitationRouteDeps } from './invitations.routes.js';
export { memberRoutes } from './members.routes.js';
export { roleRoutes } from './roles.routes.js';
export { tenantSwitcherRoutes, type TenantSwitcherDeps } from './tenant-switcher.routes.js';
export {
  onboardTenant,
  type OnboardTenantDeps,
  type OnboardTenantInput,
  type OnboardTenantResult,
  type OnboardingStep,
} from './commands/onboardTenant.js';
export { isReservedSlug } from './reserved-slugs.js';
export { tenantBaseUrl, type TenantUrlOptions } from './tenant-url.js';
export type { SessionStarter, StartedSession } from './sessions.port.js';
export {
  authorizeRealtime,
  assertTenantOpen,
  freshTenantGate,
  type RealtimeAccess,
  type RealtimeAccessDeps,
} from './realtime-access.js';
export { tenancyRouteDocs } from './tenancy.openapi.js';
export { memberRepository, type MemberView } from './member.repository.js';
export { presentMember } from './member.presenter.js';
