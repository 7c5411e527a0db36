import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { AppError } from '../../platform/errors.js';
import { requirePermission } from '../access/index.js';
import type { DocumentContent } from '../collab/index.js';
import { readDocumentContent } from './read-document-content.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `/api/v1/documents/:documentId/content`: the document's current content as JSON and HTML. */
export function documentContentRoutes(deps: {
  dataSource: DataSource;
  content: Pick<DocumentContent, 'read'>;
}): Router {
  const router = Router({ mergeParams: true });

  router.get('/', async (req, res) => {
    const principal = requirePermission(res, 'documents.read');
    const raw = (req.params as { documentId?: string }).documentId;
    if (typeof raw !== 'string' || !UUID.test(raw))
      throw new AppError('not_found', 'No such document');
    res.json(await readDocumentContent(deps, principal.tenantId, raw.toLowerCase()));
  });

  return router;
}
