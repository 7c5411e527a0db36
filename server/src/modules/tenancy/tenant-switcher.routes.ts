import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { withLookup } from '../../platform/db/unit-of-work.js';
import { requireMember } from '../access/index.js';
import { presentTenantSummary } from './tenant.presenter.js';
import type { ResolvedTenant } from './tenant-resolver.js';
import type { TenantStatus } from './tenant.entity.js';
import { tenantBaseUrl, type TenantUrlOptions } from './tenant-url.js';

export interface TenantSwitcherDeps {
  dataSource: DataSource;
  resolver: { byId(id: string): Promise<ResolvedTenant | null> };
  urls: TenantUrlOptions;
}

interface Row {
  id: string;
  slug: string;
  name: string;
  status: TenantStatus;
  role: string;
}

/**
 * `GET /api/v1/auth/tenants`: every tenant the signed-in user belongs to, for a tenant switcher.
 * The memberships are read under `app.user_id` (the `own_memberships` policy reveals exactly this
 * user's rows, across tenants, read-only); switching means signing in on the listed URL.
 */
export function tenantSwitcherRoutes(deps: TenantSwitcherDeps): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const principal = requireMember(res);
    const rows = await withLookup(deps.dataSource, 'app.user_id', principal.userId, (tx) =>
      tx.query<Row[]>(
        `SELECT t.id, t.slug, t.name, t.status, m.role
           FROM memberships m JOIN tenants t ON t.id = m.tenant_id
          WHERE m.user_id = $1
          ORDER BY lower(t.name), t.slug`,
        [principal.userId],
      ),
    );
    // The resolver knows each tenant's primary host (a verified custom domain wins) and caches it.
    const resolved = await Promise.all(rows.map((row) => deps.resolver.byId(row.id)));
    const items = rows.flatMap((row, i) => {
      const tenant = resolved[i];
      if (!tenant) return []; // deleted since the query ran
      return [
        {
          tenant: presentTenantSummary(row),
          role: row.role,
          url: tenantBaseUrl(tenant.primaryHost, deps.urls),
          isCurrent: row.id === principal.tenantId,
        },
      ];
    });
    res.json({ items });
  });
  return router;
}
