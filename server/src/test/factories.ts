import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { withGlobal, withTenant } from '../platform/db/unit-of-work.js';
import { hashPassword, userRepository, type User } from '../modules/identity/index.js';
import { tenantRepository, type Tenant } from '../modules/tenancy/index.js';

const unique = () => randomBytes(4).toString('hex');

/** A tenant with a unique slug. */
export function createTenant(
  ds: DataSource,
  overrides: { slug?: string; name?: string } = {},
): Promise<Tenant> {
  const slug = overrides.slug ?? `t-${unique()}`;
  return withGlobal(ds, (tx) =>
    tenantRepository.insert(tx, { slug, name: overrides.name ?? `Tenant ${slug}` }),
  );
}

/** A user with a unique email; `password` is hashed when given. */
export async function createUser(
  ds: DataSource,
  overrides: { email?: string; displayName?: string; password?: string } = {},
): Promise<User> {
  const email = overrides.email ?? `user-${unique()}@example.test`;
  const passwordHash = overrides.password ? await hashPassword(overrides.password) : null;
  return withGlobal(ds, (tx) =>
    userRepository.insert(tx, { email, displayName: overrides.displayName ?? email, passwordHash }),
  );
}

/** A tenant, a user and the user's membership with `role` — the usual start of a test. */
export async function createMember(
  ds: DataSource,
  options: { tenant?: Tenant; role?: string; password?: string } = {},
): Promise<{ tenant: Tenant; user: User }> {
  const tenant = options.tenant ?? (await createTenant(ds));
  const user = await createUser(ds, options.password ? { password: options.password } : {});
  await withTenant(ds, tenant.id, (tx) =>
    tenantRepository.upsertMembership(tx, {
      tenantId: tenant.id,
      userId: user.id,
      role: options.role ?? 'editor',
    }),
  );
  return { tenant, user };
}
