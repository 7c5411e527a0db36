import type { DataSource } from 'typeorm';
import { withGlobal, withTenant } from '../platform/db/unit-of-work.js';
import { hashPassword, userRepository, verifyPassword } from '../modules/identity/index.js';
import { tenantRepository, type Tenant } from '../modules/tenancy/index.js';

export const DEMO_TENANT_SLUG = 'demo';
export const DEMO_OWNER_EMAIL = 'owner@demo.test';

export interface DemoSeedResult {
  tenant: Tenant;
  email: string;
  created: boolean;
}

/**
 * Makes sure tenant `demo` exists with owner `owner@demo.test` whose password is `password`.
 * Idempotent: a restart finds the rows and only re-hashes when the password changed.
 */
export async function seedDemoTenant(
  dataSource: DataSource,
  password: string,
): Promise<DemoSeedResult> {
  const { tenant, userId, created } = await withGlobal(dataSource, async (tx) => {
    let created = false;
    let tenant = await tenantRepository.findBySlug(tx, DEMO_TENANT_SLUG);
    if (!tenant) {
      tenant = await tenantRepository.insert(tx, { slug: DEMO_TENANT_SLUG, name: 'Demo' });
      created = true;
    }
    let user = await userRepository.findByEmail(tx, DEMO_OWNER_EMAIL);
    if (!user) {
      user = await userRepository.insert(tx, {
        email: DEMO_OWNER_EMAIL,
        displayName: 'Demo Owner',
        passwordHash: await hashPassword(password),
      });
      created = true;
    } else if (!user.passwordHash || !(await verifyPassword(password, user.passwordHash))) {
      await userRepository.setPasswordHash(tx, user.id, await hashPassword(password));
    }
    return { tenant, userId: user.id, created };
  });
  await withTenant(dataSource, tenant.id, (tx) =>
    tenantRepository.upsertMembership(tx, { tenantId: tenant.id, userId, role: 'owner' }),
  );
  return { tenant, email: DEMO_OWNER_EMAIL, created };
}
