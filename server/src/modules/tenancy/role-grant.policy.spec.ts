import type { Permission, Principal } from '../access/index.js';
import { BUILT_IN_ROLE_PERMISSIONS } from '../access/index.js';
import type { AppError } from '../../platform/errors.js';
import {
  assertMayDefinePermissions,
  assertMayGrantRole,
  missingPermissions,
} from './role-grant.policy.js';

const member = (roleKey: string, permissions: readonly Permission[]): Principal => ({
  kind: 'member',
  tenantId: 't',
  userId: 'u',
  sessionId: 's',
  roleKey,
  permissions: new Set(permissions),
  isStaff: false,
});

function failure(fn: () => void): AppError {
  try {
    fn();
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected a failure');
}

describe('role grant policy', () => {
  const owner = member('owner', BUILT_IN_ROLE_PERMISSIONS.owner);
  const admin = member('admin', BUILT_IN_ROLE_PERMISSIONS.admin);
  const recruiter = member('recruiter', ['invitations.manage', 'members.read']);

  it('lets only owners grant the owner role', () => {
    expect(() =>
      assertMayGrantRole(owner, { key: 'owner', permissions: BUILT_IN_ROLE_PERMISSIONS.owner }),
    ).not.toThrow();
    const error = failure(() =>
      assertMayGrantRole(admin, { key: 'owner', permissions: BUILT_IN_ROLE_PERMISSIONS.owner }),
    );
    expect(error.code).toBe('forbidden');
    expect(error.details).toEqual({ reason: 'owner_only' });
    const key: Principal = {
      kind: 'apiKey',
      tenantId: 't',
      apiKeyId: 'k',
      permissions: new Set(BUILT_IN_ROLE_PERMISSIONS.owner),
    };
    expect(failure(() => assertMayGrantRole(key, { key: 'owner', permissions: [] })).code).toBe(
      'forbidden',
    );
  });

  it('refuses roles with permissions the granter lacks, naming them', () => {
    expect(() =>
      assertMayGrantRole(admin, { key: 'admin', permissions: BUILT_IN_ROLE_PERMISSIONS.admin }),
    ).not.toThrow();
    const error = failure(() =>
      assertMayGrantRole(recruiter, {
        key: 'editor',
        permissions: BUILT_IN_ROLE_PERMISSIONS.editor,
      }),
    );
    expect(error.details).toEqual({
      reason: 'permission_escalation',
      missing: [
        'documents.read',
        'published.read',
        'documents.comment',
        'documents.write',
        'documents.delete',
      ],
    });
    expect(() =>
      assertMayGrantRole(recruiter, { key: 'viewer-ish', permissions: ['members.read'] }),
    ).not.toThrow();
  });

  it('refuses to define permissions the definer lacks', () => {
    expect(() =>
      assertMayDefinePermissions(admin, ['documents.read', 'roles.manage']),
    ).not.toThrow();
    const error = failure(() =>
      assertMayDefinePermissions(admin, ['documents.read', 'tenant.delete']),
    );
    expect(error.details).toEqual({ reason: 'permission_escalation', missing: ['tenant.delete'] });
    expect(missingPermissions(owner, ['tenant.delete'])).toEqual([]);
  });
});
