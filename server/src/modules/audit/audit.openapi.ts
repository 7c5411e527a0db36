import type { RouteDoc } from '../../platform/http/openapi/route-doc.js';
import { listAuditQuery } from './audit.schema.js';

/** The audit log. */
export const auditRouteDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/audit-log',
    summary: "The tenant's audit log, newest first",
    tags: ['audit'],
    permission: 'audit.read',
    query: listAuditQuery,
    responses: { 200: { description: 'A page of audit entries' } },
  },
];
