import type { User } from '../identity/index.js';
import type { Tenant } from './tenant.entity.js';

/** A tenant as the tenant switcher lists it. */
export function presentTenantSummary(tenant: Pick<Tenant, 'id' | 'slug' | 'name' | 'status'>) {
  return { id: tenant.id, slug: tenant.slug, name: tenant.name, status: tenant.status };
}

/** The public JSON of a user: never a hash, MFA secret or lockout counter. */
export function presentUser(user: Pick<User, 'id' | 'email' | 'displayName'>) {
  return { id: user.id, email: user.email, displayName: user.displayName };
}
