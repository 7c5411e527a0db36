import type { DataSource, EntityManager } from 'typeorm';
import { withTenant } from '../../../platform/db/unit-of-work.js';
import { AppError } from '../../../platform/errors.js';
import { isBuiltInRole, PERMISSIONS, type Permission, type Principal } from '../../access/index.js';
import { recordAudit } from '../../audit/index.js';
import { isUniqueViolation } from '../../../platform/db/db-errors.js';
import { invitationRepository } from '../invitation.repository.js';
import { assertMayDefinePermissions } from '../role-grant.policy.js';
import { RoleEntity, type Role } from '../role.entity.js';
import { effectivePermissions, roleRepository } from '../role.repository.js';

/** A tenant may define this many custom roles; more is a sign of a script gone wrong. */
export const MAX_CUSTOM_ROLES = 100;

/** Permissions in catalogue order without repeats, so stored roles compare and diff cleanly. */
function normalise(permissions: readonly Permission[]): Permission[] {
  const wanted = new Set(permissions);
  return PERMISSIONS.filter((p) => wanted.has(p));
}

function snapshot(role: Role) {
  return { key: role.key, name: role.name, permissions: effectivePermissions(role) };
}

/** A custom role, locked for change: 404 if unknown, 403 for the read-only built-ins. */
async function lockCustomRole(tx: EntityManager, tenantId: string, key: string): Promise<Role> {
  const role = await roleRepository.find(tx, tenantId, key, 'update');
  if (!role) throw new AppError('not_found', 'Role not found');
  if (role.isBuiltin) {
    throw new AppError('forbidden', 'Built-in roles are read-only', {
      details: { reason: 'built_in_role' },
    });
  }
  return role;
}

/** Defines a custom role from the catalogue; nobody may define permissions they do not hold. */
export async function createRole(
  ds: DataSource,
  principal: Principal,
  input: { key: string; name: string; permissions: readonly Permission[] },
): Promise<Role> {
  const permissions = normalise(input.permissions);
  assertMayDefinePermissions(principal, permissions);
  if (isBuiltInRole(input.key)) {
    throw new AppError('conflict', `"${input.key}" is a built-in role`, {
      details: { reason: 'role_exists' },
    });
  }
  const tenantId = principal.tenantId;
  try {
    return await withTenant(ds, tenantId, async (tx) => {
      const [{ n }] = await tx.query<[{ n: number }]>(
        `SELECT count(*)::int AS n FROM roles WHERE tenant_id = $1 AND NOT is_builtin`,
        [tenantId],
      );
      if (n >= MAX_CUSTOM_ROLES) {
        throw new AppError(
          'conflict',
          `A tenant can define at most ${MAX_CUSTOM_ROLES} custom roles`,
          {
            details: { reason: 'quota_exceeded', quota: 'customRoles', limit: MAX_CUSTOM_ROLES },
          },
        );
      }
      // insert, not save: save() would quietly overwrite an existing role with the same key.
      const repo = tx.getRepository(RoleEntity);
      await repo.insert({
        tenantId,
        key: input.key,
        name: input.name,
        permissions,
        isBuiltin: false,
      });
      const role = await repo.findOneByOrFail({ tenantId, key: input.key });
      await recordAudit(tx, {
        tenantId,
        action: 'role.created',
        targetType: 'role',
        targetId: role.key,
        after: snapshot(role),
      });
      return role;
    });
  } catch (error) {
    if (isUniqueViolation(error, 'roles_pkey')) {
      throw new AppError('conflict', `A role "${input.key}" exists already`, {
        details: { reason: 'role_exists' },
      });
    }
    throw error;
  }
}

/**
 * Renames a custom role or changes its permissions. The editor must hold every permission the role
 * grants before and after: nobody widens a role beyond themselves, or narrows one above them.
 */
export async function updateRole(
  ds: DataSource,
  principal: Principal,
  key: string,
  patch: { name?: string | undefined; permissions?: readonly Permission[] | undefined },
  precondition?: (current: Role) => void,
): Promise<Role> {
  const tenantId = principal.tenantId;
  return withTenant(ds, tenantId, async (tx) => {
    const current = await lockCustomRole(tx, tenantId, key);
    precondition?.(current);
    const before = snapshot(current);
    const permissions = patch.permissions ? normalise(patch.permissions) : before.permissions;
    assertMayDefinePermissions(principal, [...before.permissions, ...permissions]);
    const name = patch.name ?? current.name;
    if (name === current.name && permissions.join() === before.permissions.join()) return current;
    await tx.getRepository(RoleEntity).update({ tenantId, key }, { name, permissions });
    const role = await tx.getRepository(RoleEntity).findOneByOrFail({ tenantId, key });
    await recordAudit(tx, {
      tenantId,
      action: 'role.updated',
      targetType: 'role',
      targetId: key,
      before,
      after: snapshot(role),
    });
    return role;
  });
}

/**
 * Deletes a custom role no member holds and no pending invitation grants (409 otherwise). Closed
 * invitations that named it go with it; the audit log keeps their history.
 */
export async function deleteRole(
  ds: DataSource,
  principal: Principal,
  key: string,
  precondition?: (current: Role) => void,
): Promise<void> {
  const tenantId = principal.tenantId;
  await withTenant(ds, tenantId, async (tx) => {
    const role = await lockCustomRole(tx, tenantId, key);
    precondition?.(role);
    assertMayDefinePermissions(principal, effectivePermissions(role));
    const members = (await roleRepository.memberCounts(tx, tenantId, [key])).get(key) ?? 0;
    const pendingInvitations = await invitationRepository.countPending(tx, tenantId, key);
    if (members > 0 || pendingInvitations > 0) {
      throw new AppError('conflict', `The role "${key}" is in use`, {
        details: { reason: 'role_in_use', members, pendingInvitations },
      });
    }
    await invitationRepository.deleteClosedForRole(tx, tenantId, key);
    await tx.getRepository(RoleEntity).delete({ tenantId, key });
    await recordAudit(tx, {
      tenantId,
      action: 'role.deleted',
      targetType: 'role',
      targetId: key,
      before: snapshot(role),
      after: null,
    });
  });
}
