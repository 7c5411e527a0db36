import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { withTenant } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors.js';
import { ifMatchGuard, representationEtag } from '../../platform/http/etag.js';
import { parseInput } from '../../platform/http/validate.js';
import { requirePermission } from '../access/index.js';
import type { AccessChanges } from '../identity/index.js';
import { createRole, deleteRole, updateRole } from './commands/manageRoles.js';
import type { Role } from './role.entity.js';
import { presentRole } from './role.presenter.js';
import { roleRepository } from './role.repository.js';
import { createRoleBody, listRolesQuery, updateRoleBody } from './roles.schema.js';
import { roleKeyParam } from './route-params.js';

/**
 * `/api/v1/roles`: the tenant's roles. Listing needs only `members.read` — whoever sees the
 * members sees what their roles mean, and inviters must pick one; defining, editing and deleting
 * custom roles need `roles.manage`. Built-ins are read-only.
 */
export function roleRoutes(deps: { dataSource: DataSource; accessChanges: AccessChanges }): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const principal = requirePermission(res, 'members.read');
    const query = parseInput(listRolesQuery, req.query, 'query');
    const { roles, counts } = await withTenant(deps.dataSource, principal.tenantId, async (tx) => {
      const roles = await roleRepository.list(tx, principal.tenantId, {
        limit: query.limit + 1,
        afterKey: query.cursor,
      });
      const counts = await roleRepository.memberCounts(
        tx,
        principal.tenantId,
        roles.map((r) => r.key),
      );
      return { roles, counts };
    });
    const page = roles.slice(0, query.limit);
    res.json({
      items: page.map((r) => presentRole(r, counts.get(r.key) ?? 0)),
      nextCursor: roles.length > query.limit ? page[page.length - 1]!.key : null,
    });
  });

  router.post('/', async (req, res) => {
    const principal = requirePermission(res, 'roles.manage');
    const body = parseInput(createRoleBody, req.body);
    res
      .status(201)
      .json({ role: presentRole(await createRole(deps.dataSource, principal, body), 0) });
  });

  router.get('/:key', async (req, res) => {
    const principal = requirePermission(res, 'members.read');
    const key = roleKeyParam(req.params.key);
    const found = await withTenant(deps.dataSource, principal.tenantId, async (tx) => {
      const role = await roleRepository.find(tx, principal.tenantId, key);
      if (!role) return null;
      const counts = await roleRepository.memberCounts(tx, principal.tenantId, [key]);
      return { role, memberCount: counts.get(key) ?? 0 };
    });
    if (!found) throw new AppError('not_found', 'Role not found');
    // The ETag tags the role itself; how many hold it is not part of what an edit may clobber.
    res
      .setHeader('ETag', representationEtag(presentRole(found.role)))
      .json({ role: presentRole(found.role, found.memberCount) });
  });

  router.patch('/:key', async (req, res) => {
    const principal = requirePermission(res, 'roles.manage');
    const key = roleKeyParam(req.params.key);
    const body = parseInput(updateRoleBody, req.body);
    const role = await updateRole(
      deps.dataSource,
      principal,
      key,
      body,
      ifMatchGuard(req, (r: Role) => presentRole(r), 'The role'),
    );
    // Every holder of the role may have gained or lost permissions on their open connections.
    await deps.accessChanges.publish({ tenantId: principal.tenantId, reason: 'role_updated' });
    const view = presentRole(role);
    res.setHeader('ETag', representationEtag(view)).json({ role: view });
  });

  router.delete('/:key', async (req, res) => {
    const principal = requirePermission(res, 'roles.manage');
    await deleteRole(
      deps.dataSource,
      principal,
      roleKeyParam(req.params.key),
      ifMatchGuard(req, (r: Role) => presentRole(r), 'The role'),
    );
    res.status(204).end();
  });

  return router;
}
