import type { EntityManager } from 'typeorm';
import { MembershipEntity, type Membership } from './membership.entity.js';
import { TenantEntity, type Tenant } from './tenant.entity.js';
import { RoleEntity } from './role.entity.js';
import { BUILT_IN_ROLES, BUILT_IN_ROLE_NAMES } from '../access/index.js';

/** Tenants are global rows; memberships are reached only inside withTenant (RLS applies). */
export const tenantRepository = {
  findBySlug(tx: EntityManager, slug: string): Promise<Tenant | null> {
    return tx.getRepository(TenantEntity).findOneBy({ slug });
  },

  /**
   * Inserts a tenant with its built-in roles. The roles are tenant-owned, so this switches the
   * transaction into the new tenant: callers run it in a transaction of its own (onboarding).
   */
  async insert(
    tx: EntityManager,
    input: { slug: string; name: string; plan?: string },
  ): Promise<Tenant> {
    const repo = tx.getRepository(TenantEntity);
    const tenant = await repo.save(
      repo.create({ slug: input.slug, name: input.name, plan: input.plan ?? 'free' }),
    );
    await tx.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenant.id]);
    await tx.getRepository(RoleEntity).insert(
      BUILT_IN_ROLES.map((key) => ({
        tenantId: tenant.id,
        key,
        name: BUILT_IN_ROLE_NAMES[key],
        permissions: [],
        isBuiltin: true,
      })),
    );
    return tenant;
  },

  async upsertMembership(
    tx: EntityManager,
    membership: { tenantId: string; userId: string; role: string },
  ): Promise<Membership> {
    const repo = tx.getRepository(MembershipEntity);
    await repo.upsert(membership, ['tenantId', 'userId']);
    return repo.findOneByOrFail({ tenantId: membership.tenantId, userId: membership.userId });
  },
};
