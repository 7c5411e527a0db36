import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { withTenant } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors.js';
import { parseInput } from '../../platform/http/validate.js';
import { requirePermission } from '../access/index.js';
import { effectiveQuotas, TenantEntity } from '../tenancy/index.js';
import { fillDays, presentUsage, seriesStart } from './usage.presenter.js';
import { countDaily, countUsage } from './usage.queries.js';
import { usageQuery } from './usage.schema.js';

/** What the usage routes are built from. */
export interface UsageRoutesDeps {
  readonly dataSource: DataSource;
}

/**
 * `GET /api/v1/usage`: the tenant's plan limits against what it uses now, and a daily activity
 * series (permission `settings.manage`, the tenant admin's).
 */
export function usageRoutes(deps: UsageRoutesDeps): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const principal = requirePermission(res, 'settings.manage');
    const { days } = parseInput(usageQuery, req.query, 'query');
    const tenantId = principal.tenantId;
    const now = new Date();
    const from = seriesStart(now, days);
    // One transaction: the limits and the counts describe the same moment.
    const { tenant, counts, series } = await withTenant(deps.dataSource, tenantId, async (tx) => {
      // The stored row, not the resolver's cached copy: a plan change shows at once.
      const row = await tx.getRepository(TenantEntity).findOneBy({ id: tenantId });
      if (!row) throw new AppError('not_found', 'No such tenant');
      return {
        tenant: row,
        counts: await countUsage(tx, tenantId),
        series: await countDaily(tx, tenantId, from),
      };
    });
    res.json(
      presentUsage({
        plan: tenant.plan,
        quotas: effectiveQuotas(tenant.plan, tenant.quotas),
        counts,
        now,
        from,
        days: fillDays(from, days, series),
      }),
    );
  });
  return router;
}
