/**
 * The permission catalogue: everything a role can grant. Custom roles pick from this list;
 * built-in roles are defined here in code, so a new permission reaches them with a release.
 */
export const PERMISSIONS = [
  'documents.read',
  // Read published content only (delivery keys): never drafts, never /documents.
  'published.read',
  'documents.comment',
  'documents.write',
  'documents.delete',
  'documents.publish',
  'workflow.review',
  'members.read',
  'members.manage',
  'roles.manage',
  'invitations.manage',
  'apiKeys.manage',
  'domains.manage',
  'settings.manage',
  'audit.read',
  'webhooks.manage',
  'tenant.delete',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

const PERMISSION_SET: ReadonlySet<string> = new Set(PERMISSIONS);

/** True when value names a permission of the catalogue. */
export function isPermission(value: string): value is Permission {
  return PERMISSION_SET.has(value);
}

export const BUILT_IN_ROLES = ['owner', 'admin', 'editor', 'reviewer', 'viewer'] as const;
export type BuiltInRoleKey = (typeof BUILT_IN_ROLES)[number];

const READ: Permission[] = ['documents.read', 'published.read', 'members.read'];
const EDIT: Permission[] = [...READ, 'documents.comment', 'documents.write', 'documents.delete'];
const ADMIN: Permission[] = PERMISSIONS.filter((p) => p !== 'tenant.delete');

/** What each built-in role grants. */
export const BUILT_IN_ROLE_PERMISSIONS: Record<BuiltInRoleKey, readonly Permission[]> = {
  owner: PERMISSIONS,
  admin: ADMIN,
  editor: EDIT,
  reviewer: [...READ, 'documents.comment', 'workflow.review'],
  viewer: READ,
};

/** Display names of the built-in roles, seeded into every tenant's roles table. */
export const BUILT_IN_ROLE_NAMES: Record<BuiltInRoleKey, string> = {
  owner: 'Owner',
  admin: 'Admin',
  editor: 'Editor',
  reviewer: 'Reviewer',
  viewer: 'Viewer',
};

/** True when key is one of the built-in roles. */
export function isBuiltInRole(key: string): key is BuiltInRoleKey {
  return (BUILT_IN_ROLES as readonly string[]).includes(key);
}

/** Scopes an API key may carry: the catalogue minus what only people may do. */
export const API_KEY_SCOPES: readonly Permission[] = PERMISSIONS.filter(
  (p) => !['tenant.delete', 'roles.manage', 'apiKeys.manage'].includes(p),
);
