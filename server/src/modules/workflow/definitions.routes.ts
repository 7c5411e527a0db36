import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { withTenant } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors.js';
import { parseInput } from '../../platform/http/validate.js';
import { requirePermission } from '../access/index.js';
import { deleteDefinition, putDefinition } from './commands/putDefinition.js';
import { definitionsRepository } from './definitions.repository.js';
import { presentDefinition } from './workflow.presenter.js';
import { ifMatchRevision, pathKey, putDefinitionBody } from './workflow.schema.js';

/** `/workflows`: the tenant's workflow definitions (read: documents.read; write: settings.manage). */
export function definitionsRoutes(deps: { dataSource: DataSource }): Router {
  const router = Router({ mergeParams: true });

  router.get('/', async (_req, res) => {
    const principal = requirePermission(res, 'documents.read');
    const all = await withTenant(deps.dataSource, principal.tenantId, (tx) =>
      definitionsRepository.list(tx, principal.tenantId),
    );
    res.json({ items: all.map(presentDefinition) });
  });

  router.get('/:key', async (req, res) => {
    const principal = requirePermission(res, 'documents.read');
    const key = pathKey(req.params.key);
    const found = await withTenant(deps.dataSource, principal.tenantId, (tx) =>
      definitionsRepository.find(tx, principal.tenantId, key),
    );
    if (!found) throw new AppError('not_found', 'No such workflow definition');
    res.set('ETag', `"${found.revision}"`).json(presentDefinition(found));
  });

  router.put('/:key', async (req, res) => {
    const principal = requirePermission(res, 'settings.manage');
    const key = pathKey(req.params.key);
    const body = parseInput(putDefinitionBody, req.body);
    const saved = await putDefinition(deps.dataSource, {
      tenantId: principal.tenantId,
      key,
      ...body,
      expectedRevision: ifMatchRevision(req.get('If-Match')),
    });
    res.set('ETag', `"${saved.revision}"`).json(presentDefinition(saved));
  });

  router.delete('/:key', async (req, res) => {
    const principal = requirePermission(res, 'settings.manage');
    await deleteDefinition(deps.dataSource, {
      tenantId: principal.tenantId,
      key: pathKey(req.params.key),
      expectedRevision: ifMatchRevision(req.get('If-Match')),
    });
    res.status(204).end();
  });

  return router;
}
