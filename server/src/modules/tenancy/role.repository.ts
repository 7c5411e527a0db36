import type { EntityManager } from 'typeorm';
import type { Permission } from '../access/index.js';
import { rolePermissions } from '../identity/index.js';
import { RoleEntity, type Role } from './role.entity.js';

/** A role's effective permissions, in catalogue order (built-ins from code, custom ones stored). */
export function effectivePermissions(role: Role): Permission[] {
  return [...rolePermissions(role.key, role.permissions, role.isBuiltin)];
}

/** Roles of one tenant; every call runs in a transaction bound to that tenant. */
export const roleRepository = {
  /**
   * One role. `share` holds it while it is being granted (a concurrent deletion waits, then finds
   * it in use); `update` is taken by edits and deletion.
   */
  find(
    tx: EntityManager,
    tenantId: string,
    key: string,
    lock?: 'share' | 'update',
  ): Promise<Role | null> {
    const qb = tx
      .getRepository(RoleEntity)
      .createQueryBuilder('r')
      .where('r.tenant_id = :tenantId AND r.key = :key', { tenantId, key });
    if (lock) qb.setLock(lock === 'share' ? 'pessimistic_read' : 'pessimistic_write');
    return qb.getOne();
  },

  /** Ordered by key, keyset-paginated. */
  list(
    tx: EntityManager,
    tenantId: string,
    options: { limit: number; afterKey?: string | undefined },
  ) {
    const qb = tx
      .getRepository(RoleEntity)
      .createQueryBuilder('r')
      .where('r.tenant_id = :tenantId', { tenantId })
      .orderBy('r.key', 'ASC')
      .limit(options.limit);
    if (options.afterKey) qb.andWhere('r.key > :afterKey', { afterKey: options.afterKey });
    return qb.getMany();
  },

  /** How many members hold each of the given roles. */
  async memberCounts(
    tx: EntityManager,
    tenantId: string,
    keys: string[],
  ): Promise<Map<string, number>> {
    if (keys.length === 0) return new Map();
    const rows = await tx.query<{ role: string; n: number }[]>(
      `SELECT role, count(*)::int AS n FROM memberships
        WHERE tenant_id = $1 AND role = ANY($2::text[]) GROUP BY role`,
      [tenantId, keys],
    );
    return new Map(rows.map((r) => [r.role, r.n]));
  },
};
