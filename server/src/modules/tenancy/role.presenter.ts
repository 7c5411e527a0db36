import { effectivePermissions } from './role.repository.js';
import type { Role } from './role.entity.js';

/** The public JSON of a role, with the permissions it grants (built-ins: from the catalogue). */
export function presentRole(role: Role, memberCount?: number) {
  return {
    key: role.key,
    name: role.name,
    permissions: effectivePermissions(role),
    isBuiltin: role.isBuiltin,
    ...(memberCount === undefined ? {} : { memberCount }),
    createdAt: role.createdAt.toISOString(),
    updatedAt: role.updatedAt.toISOString(),
  };
}
