import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor } from '../../platform/db/keyset-cursor.js';
import { withTenant } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors.js';
import { ifMatchGuard, sendTagged } from '../../platform/http/etag.js';
import { parseInput } from '../../platform/http/validate.js';
import { requirePermission } from '../access/index.js';
import { createDocument, type ContentTypeCatalogue } from './commands/createDocument.js';
import { deleteDocument } from './commands/deleteDocument.js';
import { updateDocument } from './commands/updateDocument.js';
import { presentDocument } from './document.presenter.js';
import { documentRepository } from './document.repository.js';
import { createDocumentBody, listDocumentsQuery, updateDocumentBody } from './documents.schema.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A document id from the path; one that cannot exist is simply not found. */
function documentId(raw: unknown): string {
  if (typeof raw !== 'string' || !UUID.test(raw))
    throw new AppError('not_found', 'No such document');
  return raw.toLowerCase();
}

/** `/api/v1/documents`: list, create, read, rename and delete document metadata. */
export function documentsRoutes(deps: {
  dataSource: DataSource;
  contentTypes?: ContentTypeCatalogue;
}): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const principal = requirePermission(res, 'documents.read');
    const query = parseInput(listDocumentsQuery, req.query, 'query');
    const page = await withTenant(deps.dataSource, principal.tenantId, (tx) =>
      documentRepository.page(tx, principal.tenantId, {
        limit: query.limit + 1,
        ...(query.cursor ? { after: decodeCursor(query.cursor) } : {}),
        ...(query.contentType ? { contentType: query.contentType } : {}),
        ...(query.q ? { q: query.q } : {}),
      }),
    );
    const rows = page.rows.slice(0, query.limit);
    const last = page.keysets[rows.length - 1];
    res.json({
      items: rows.map(presentDocument),
      nextCursor: page.rows.length > query.limit && last ? encodeCursor(last) : null,
    });
  });

  router.post('/', async (req, res) => {
    const principal = requirePermission(res, 'documents.write');
    const body = parseInput(createDocumentBody, req.body);
    const doc = await createDocument(
      deps.dataSource,
      {
        tenantId: principal.tenantId,
        createdBy: principal.kind === 'member' ? principal.userId : null,
        title: body.title,
        contentType: body.contentType,
        ...(body.slug ? { slug: body.slug } : {}),
      },
      deps.contentTypes,
    );
    sendTagged(res, presentDocument(doc), 201);
  });

  router.get('/:id', async (req, res) => {
    const principal = requirePermission(res, 'documents.read');
    const id = documentId(req.params.id);
    const doc = await withTenant(deps.dataSource, principal.tenantId, (tx) =>
      documentRepository.findById(tx, principal.tenantId, id),
    );
    if (!doc) throw new AppError('not_found', 'No such document');
    sendTagged(res, presentDocument(doc));
  });

  router.patch('/:id', async (req, res) => {
    const principal = requirePermission(res, 'documents.write');
    const id = documentId(req.params.id);
    const body = parseInput(updateDocumentBody, req.body);
    const doc = await updateDocument(
      deps.dataSource,
      { tenantId: principal.tenantId, id, ...body },
      ifMatchGuard(req, presentDocument, 'The document'),
    );
    sendTagged(res, presentDocument(doc));
  });

  router.delete('/:id', async (req, res) => {
    const principal = requirePermission(res, 'documents.delete');
    await deleteDocument(
      deps.dataSource,
      { tenantId: principal.tenantId, id: documentId(req.params.id) },
      ifMatchGuard(req, presentDocument, 'The document'),
    );
    res.status(204).end();
  });

  return router;
}
