import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { withTenant } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors.js';
import { parseInput } from '../../platform/http/validate.js';
import { requirePermission } from '../access/index.js';
import type { PreviewTokens } from './preview-tokens.js';
import { publishedRepository } from './published.repository.js';
import { createPreviewTokenBody, isUuid } from './publishing.schema.js';

/** `/api/v1/documents/:documentId/preview-tokens`: shareable read links to a draft version. */
export function previewTokenRoutes(deps: {
  readonly dataSource: DataSource;
  readonly previews: PreviewTokens;
}): Router {
  const router = Router({ mergeParams: true });

  router.post('/', async (req, res) => {
    const principal = requirePermission(res, 'documents.read');
    const raw = String((req.params as { documentId?: string }).documentId ?? '');
    if (!isUuid(raw)) throw new AppError('not_found', 'No such document');
    const documentId = raw.toLowerCase();
    const body = parseInput(createPreviewTokenBody, req.body);
    const versionId = body.versionId ?? null;
    // The version must exist now (for a pinned token) or the document must have one at all.
    const found = await withTenant(deps.dataSource, principal.tenantId, (tx) =>
      publishedRepository.version(tx, principal.tenantId, documentId, versionId),
    );
    if (!found) {
      throw new AppError('not_found', versionId ? 'No such version' : 'No such document version');
    }
    const { token, expiresAt } = await deps.previews.sign(
      { tenantId: principal.tenantId, documentId, versionId },
      body.ttlSeconds,
    );
    res.status(201).json({
      token,
      expiresAt: expiresAt.toISOString(),
      url: `/api/v1/published/preview?token=${encodeURIComponent(token)}`,
    });
  });

  return router;
}
