import type { RouteDoc } from '../../platform/http/openapi/route-doc.js';
import { usageQuery, usageResponse } from './usage.schema.js';

/** Usage and quotas. */
export const usageRouteDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/usage',
    summary: "The tenant's plan limits against current usage, with daily activity",
    description:
      'Meters (documents, members, storage bytes, API keys, webhooks) against the effective ' +
      'quotas, and one entry per UTC day for the last `days` days, counted from stored rows. ' +
      'API requests are rate limited per minute but not recorded, so no request series exists.',
    tags: ['usage'],
    permission: 'settings.manage',
    query: usageQuery,
    responses: { 200: { description: 'Usage against quotas', schema: usageResponse } },
  },
];
