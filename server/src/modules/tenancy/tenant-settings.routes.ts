import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { ifMatchGuard, sendTagged } from '../../platform/http/etag.js';
import { parseInput } from '../../platform/http/validate.js';
import { requirePermission, requirePrincipal } from '../access/index.js';
import { tenantSlot } from './tenancy.http.js';
import { patchTenantBody } from './tenant-settings.input.schema.js';
import { presentTenant } from './tenant-settings.presenter.js';
import { readTenant, updateTenantSettings } from './tenant-settings.service.js';
import type { TenantResolver } from './tenant-resolver.js';

export interface TenantSettingsRoutesDeps {
  dataSource: DataSource;
  resolver: TenantResolver;
}

/**
 * `/tenant`: the request's tenant as its members see it (any authenticated principal of the
 * tenant), and `PATCH` of its name and settings (`settings.manage`). Both send the ETag of that
 * representation; a PATCH with a stale If-Match is refused with 412 and the current one.
 */
export function tenantSettingsRoutes(deps: TenantSettingsRoutesDeps): Router {
  const router = Router();

  router.get('/tenant', async (_req, res) => {
    requirePrincipal(res);
    const { tenant } = tenantSlot.require(res);
    sendTagged(res, presentTenant(await readTenant(deps.dataSource, tenant.id)));
  });

  router.patch('/tenant', async (req, res) => {
    requirePermission(res, 'settings.manage');
    const { tenant } = tenantSlot.require(res);
    const body = parseInput(patchTenantBody, req.body);
    const guard = ifMatchGuard(req, presentTenant, 'The tenant');
    sendTagged(res, presentTenant(await updateTenantSettings(deps, tenant.id, body, guard)));
  });

  return router;
}
