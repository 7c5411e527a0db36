import type { DataSource } from 'typeorm';
import type { FolioModule } from '../../platform/http/folio-module.js';
import { usageRoutes } from './usage.routes.js';

export { usageRouteDocs } from './usage.openapi.js';
export { usageQuery, usageResponse, type UsageView, type UsageDay } from './usage.schema.js';

/** What the usage module is built from. */
export interface UsageModuleDeps {
  readonly dataSource: DataSource;
}

/** Quotas and usage: what the tenant's plan allows against what it holds and does. */
export function createUsageModule(deps: UsageModuleDeps): FolioModule {
  return { name: 'usage', routes: [{ path: '/usage', router: usageRoutes(deps) }] };
}
