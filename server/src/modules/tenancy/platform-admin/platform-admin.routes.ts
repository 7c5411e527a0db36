import { Router } from 'express';
import type { DataSource } from 'typeorm';
import type { SecretBox } from '../../../platform/crypto/secret-box.js';
import { withGlobal } from '../../../platform/db/unit-of-work.js';
import { AppError } from '../../../platform/errors.js';
import { parseInput } from '../../../platform/http/validate.js';
import type { NodeRecord } from '../../../platform/fleet/node-registry.js';
import type { Logger } from '../../../platform/logging/logger.js';
import { SecondFactor, type AccessChanges } from '../../identity/index.js';
import type { TenantResolver } from '../tenant-resolver.js';
import { TenantEntity } from '../tenant.entity.js';
import { requireStaffMiddleware, staffSlot } from './platform-auth.js';
import { presentPlatformTenant } from './platform-admin.presenter.js';
import {
  createTenantBody,
  deleteTenantBody,
  listTenantsQuery,
  maintenanceBody,
  platformLoginBody,
  tenantIdParam,
  updateTenantBody,
} from './platform-admin.schema.js';
import { loginStaff } from './platform-login.js';
import {
  createTenant,
  deleteTenant,
  listTenants,
  setTenantStatus,
  updateTenantPlan,
} from './platform-tenants.service.js';
import { PlatformTokens } from './platform-token.js';

export interface PlatformAdminDeps {
  dataSource: DataSource;
  resolver: TenantResolver;
  secrets: SecretBox;
  logger: Logger;
  /** Status changes close or re-check the tenant's realtime connections on every node. */
  accessChanges: AccessChanges;
  /** The fleet's node registry (heartbeats), for `/fleet/nodes`. */
  fleet: { list(): Promise<NodeRecord[]> };
}

/**
 * `/platform/v1`: the operators' surface, apart from every tenant. Staff sign in with their user
 * credentials for a short platform token; tenant access tokens and API keys are refused here.
 */
export function platformAdminRoutes(deps: PlatformAdminDeps): Router {
  const tokens = new PlatformTokens(deps.secrets);
  const secondFactor = new SecondFactor(deps.secrets);
  const router = Router();

  router.post('/auth/login', async (req, res) => {
    const body = parseInput(platformLoginBody, req.body);
    try {
      const issued = await loginStaff({ ...deps, tokens, secondFactor }, body);
      res.json({
        accessToken: issued.token,
        tokenType: 'Bearer',
        expiresAt: issued.expiresAt.toISOString(),
      });
    } catch (error) {
      if (error instanceof AppError && error.code === 'rate_limited') {
        const { retryAfterSeconds } = error.details as { retryAfterSeconds: number };
        res.setHeader('Retry-After', String(retryAfterSeconds));
      }
      throw error;
    }
  });

  router.use(requireStaffMiddleware({ dataSource: deps.dataSource, tokens }));

  router.get('/fleet/nodes', async (_req, res) => {
    res.json({ items: await deps.fleet.list() });
  });

  router.get('/tenants', async (req, res) => {
    const query = parseInput(listTenantsQuery, req.query, 'query');
    const page = await listTenants(deps.dataSource, query);
    res.json({ items: page.items.map(presentPlatformTenant), nextCursor: page.nextCursor });
  });

  router.post('/tenants', async (req, res) => {
    const body = parseInput(createTenantBody, req.body);
    const { tenant, ownerUserId } = await createTenant(deps, body);
    res.status(201).json({
      tenant: presentPlatformTenant(tenant),
      owner: ownerUserId ? { userId: ownerUserId, email: body.ownerEmail.toLowerCase() } : null,
    });
  });

  router.get('/tenants/:id', async (req, res) => {
    const id = tenantIdParam(req.params.id);
    const tenant = await withGlobal(deps.dataSource, (tx) =>
      tx.getRepository(TenantEntity).findOneBy({ id }),
    );
    if (!tenant) throw new AppError('not_found', 'No such tenant');
    res.json(presentPlatformTenant(tenant));
  });

  router.post('/tenants/:id/suspend', async (req, res) => {
    const tenant = await setTenantStatus(deps, tenantIdParam(req.params.id), 'suspended');
    await deps.accessChanges.publish({ tenantId: tenant.id, reason: 'tenant_status' });
    res.json(presentPlatformTenant(tenant));
  });

  router.post('/tenants/:id/activate', async (req, res) => {
    const tenant = await setTenantStatus(deps, tenantIdParam(req.params.id), 'active');
    res.json(presentPlatformTenant(tenant));
  });

  router.post('/tenants/:id/maintenance', async (req, res) => {
    const id = tenantIdParam(req.params.id);
    const body = parseInput(maintenanceBody, req.body ?? {});
    const tenant = await setTenantStatus(deps, id, 'maintenance', body.retryAfterSeconds);
    await deps.accessChanges.publish({ tenantId: tenant.id, reason: 'tenant_status' });
    res.json(presentPlatformTenant(tenant));
  });

  router.patch('/tenants/:id', async (req, res) => {
    const id = tenantIdParam(req.params.id);
    const body = parseInput(updateTenantBody, req.body);
    res.json(presentPlatformTenant(await updateTenantPlan(deps, id, body)));
  });

  router.delete('/tenants/:id', async (req, res) => {
    const id = tenantIdParam(req.params.id);
    const body = parseInput(deleteTenantBody, req.body ?? {});
    await deleteTenant(deps, id, body.confirmSlug, staffSlot.require(res).userId);
    await deps.accessChanges.publish({ tenantId: id, reason: 'tenant_status' });
    res.status(204).end();
  });

  return router;
}
