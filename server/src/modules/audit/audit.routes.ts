import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { withTenant } from '../../platform/db/unit-of-work.js';
import { parseInput } from '../../platform/http/validate.js';
import { requirePermission } from '../access/index.js';
import { AuditEntryEntity } from './audit-entry.entity.js';
import { presentAuditEntry } from './audit.presenter.js';
import { listAuditQuery } from './audit.schema.js';

/** `GET /api/v1/audit-log`: the tenant's audit trail, newest first (permission `audit.read`). */
export function auditRoutes(deps: { dataSource: DataSource }): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const principal = requirePermission(res, 'audit.read');
    const query = parseInput(listAuditQuery, req.query, 'query');
    const entries = await withTenant(deps.dataSource, principal.tenantId, (tx) => {
      const qb = tx
        .getRepository(AuditEntryEntity)
        .createQueryBuilder('a')
        .where('a.tenant_id = :tenantId', { tenantId: principal.tenantId })
        .orderBy('a.id', 'DESC')
        .limit(query.limit + 1);
      if (query.cursor) qb.andWhere('a.id < :cursor', { cursor: query.cursor });
      if (query.action) qb.andWhere('a.action = :action', { action: query.action });
      if (query.targetType)
        qb.andWhere('a.target_type = :targetType', { targetType: query.targetType });
      if (query.targetId) qb.andWhere('a.target_id = :targetId', { targetId: query.targetId });
      return qb.getMany();
    });
    const page = entries.slice(0, query.limit);
    res.json({
      items: page.map(presentAuditEntry),
      nextCursor: entries.length > query.limit ? String(page[page.length - 1]!.id) : null,
    });
  });
  return router;
}
