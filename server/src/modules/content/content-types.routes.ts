import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { withTenant } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors.js';
import { parseInput } from '../../platform/http/validate.js';
import { requirePermission } from '../access/index.js';
import { createContentType } from './commands/createContentType.js';
import { deleteContentType } from './commands/deleteContentType.js';
import { updateContentType } from './commands/updateContentType.js';
import { contentTypeEtag, parseIfMatch, presentContentType } from './content-type.presenter.js';
import {
  CONTENT_TYPE_KEY,
  createContentTypeBody,
  updateContentTypeBody,
} from './content-type.schema.js';
import { findContentType, listContentTypes } from './content-types.js';

/** A content type key from the path; one that cannot exist is simply not found. */
function typeKey(raw: unknown): string {
  if (typeof raw !== 'string' || !CONTENT_TYPE_KEY.test(raw))
    throw new AppError('not_found', 'No such content type');
  return raw;
}

/** `/api/v1/content-types`: the tenant's content types, built-ins included. */
export function contentTypesRoutes(deps: { dataSource: DataSource }): Router {
  const router = Router({ mergeParams: true });

  router.get('/', async (_req, res) => {
    const principal = requirePermission(res, 'documents.read');
    const types = await withTenant(deps.dataSource, principal.tenantId, (tx) =>
      listContentTypes(tx, principal.tenantId),
    );
    res.json({ items: types.map(presentContentType) });
  });

  router.get('/:key', async (req, res) => {
    const principal = requirePermission(res, 'documents.read');
    const key = typeKey(req.params.key);
    const type = await withTenant(deps.dataSource, principal.tenantId, (tx) =>
      findContentType(tx, principal.tenantId, key),
    );
    if (!type) throw new AppError('not_found', 'No such content type');
    res.setHeader('ETag', contentTypeEtag(type)).json(presentContentType(type));
  });

  router.post('/', async (req, res) => {
    const principal = requirePermission(res, 'settings.manage');
    const body = parseInput(createContentTypeBody, req.body);
    const type = await createContentType(deps.dataSource, {
      tenantId: principal.tenantId,
      key: body.key,
      name: body.name,
      description: body.description ?? null,
      fields: body.fields,
    });
    res
      .status(201)
      .setHeader('ETag', contentTypeEtag(type))
      .setHeader('Location', `/api/v1/content-types/${type.key}`)
      .json(presentContentType(type));
  });

  router.patch('/:key', async (req, res) => {
    const principal = requirePermission(res, 'settings.manage');
    const key = typeKey(req.params.key);
    const body = parseInput(updateContentTypeBody, req.body);
    const type = await updateContentType(deps.dataSource, {
      tenantId: principal.tenantId,
      key,
      expectedRevisions: parseIfMatch(req.get('If-Match')),
      ...body,
    });
    res.setHeader('ETag', contentTypeEtag(type)).json(presentContentType(type));
  });

  router.delete('/:key', async (req, res) => {
    const principal = requirePermission(res, 'settings.manage');
    await deleteContentType(deps.dataSource, {
      tenantId: principal.tenantId,
      key: typeKey(req.params.key),
      expectedRevisions: parseIfMatch(req.get('If-Match')),
    });
    res.status(204).end();
  });

  return router;
}
