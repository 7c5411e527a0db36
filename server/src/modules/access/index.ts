export {
  PERMISSIONS,
  BUILT_IN_ROLES,
  BUILT_IN_ROLE_PERMISSIONS,
  BUILT_IN_ROLE_NAMES,
  API_KEY_SCOPES,
  isPermission,
  isBuiltInRole,
  type Permission,
  type BuiltInRoleKey,
} from './permissions.js';
export type { Principal } from './principal.js';
export { can, authorize, filterAllowed, type PolicyResource } from './policy.js';
export {
  principalSlot,
  requirePrincipal,
  requirePermission,
  requireMember,
} from './access.http.js';
