import { Router } from 'express';
import { withTenant } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors.js';
import { parseInput } from '../../platform/http/validate.js';
import { requirePermission } from '../access/index.js';
import { createVersion, type VersionDeps } from './commands/createVersion.js';
import { restoreVersion } from './commands/restoreVersion.js';
import { compareContent } from './compare-content.js';
import { presentVersion, presentVersionSummary } from './version.presenter.js';
import { currentContent, findVersion, listVersions } from './version.queries.js';
import { versionRepository } from './version.repository.js';
import {
  compareVersionsQuery,
  decodeVersionCursor,
  encodeVersionCursor,
  getVersionQuery,
  listVersionsQuery,
  pathId,
  versionLabelBody,
} from './versions.schema.js';

/** The member behind a request, credited as a version's creator (API keys credit no one). */
function memberOf(principal: ReturnType<typeof requirePermission>): string | null {
  return principal.kind === 'member' ? principal.userId : null;
}

/** `/api/v1/documents/:documentId/versions`: list, make, read, compare and restore versions. */
export function versionsRoutes(deps: VersionDeps): Router {
  const router = Router({ mergeParams: true });
  const documentOf = (params: Record<string, unknown>) => pathId(params.documentId, 'document');

  router.get('/', async (req, res) => {
    const principal = requirePermission(res, 'documents.read');
    const documentId = documentOf(req.params);
    const query = parseInput(listVersionsQuery, req.query, 'query');
    const page = await withTenant(deps.dataSource, principal.tenantId, async (tx) => {
      if (!(await versionRepository.documentExists(tx, principal.tenantId, documentId))) {
        throw new AppError('not_found', 'No such document');
      }
      return listVersions(tx, principal.tenantId, documentId, {
        limit: query.limit,
        ...(query.cursor ? { beforeNumber: decodeVersionCursor(query.cursor) } : {}),
      });
    });
    res.json({
      items: page.items.map(presentVersionSummary),
      nextCursor: page.nextBefore === null ? null : encodeVersionCursor(page.nextBefore),
    });
  });

  // A manual version is always new, even when nothing changed, so that it can carry its label.
  router.post('/', async (req, res) => {
    const principal = requirePermission(res, 'documents.write');
    const documentId = documentOf(req.params);
    const body = parseInput(versionLabelBody, req.body ?? {});
    const { version } = await createVersion(deps, {
      tenantId: principal.tenantId,
      documentId,
      reason: 'manual',
      label: body.label ?? null,
      createdBy: memberOf(principal),
    });
    res.status(201).json(presentVersion(version));
  });

  router.get('/compare', async (req, res) => {
    const principal = requirePermission(res, 'documents.read');
    const documentId = documentOf(req.params);
    const query = parseInput(compareVersionsQuery, req.query, 'query');
    const { from, to } = await withTenant(deps.dataSource, principal.tenantId, async (tx) => ({
      from: await findVersion(tx, principal.tenantId, documentId, query.from),
      to:
        query.to === 'current'
          ? null
          : await findVersion(tx, principal.tenantId, documentId, query.to),
    }));
    if (!from || (query.to !== 'current' && !to))
      throw new AppError('not_found', 'No such version');
    const target = to
      ? { rendered: to.rendered, hash: to.contentHash, ref: { id: to.id, number: to.number } }
      : {
          ...(await currentContent(deps, principal.tenantId, documentId)),
          ref: { id: 'current', number: null },
        };
    res.json({
      from: { id: from.id, number: from.number, contentHash: from.contentHash },
      to: { ...target.ref, contentHash: target.hash },
      identical: from.contentHash === target.hash,
      ...compareContent(from.rendered, target.rendered),
    });
  });

  router.get('/:versionId', async (req, res) => {
    const principal = requirePermission(res, 'documents.read');
    const documentId = documentOf(req.params);
    const versionId = pathId(req.params.versionId, 'version');
    const query = parseInput(getVersionQuery, req.query, 'query');
    const found = await withTenant(deps.dataSource, principal.tenantId, async (tx) => {
      const version = await findVersion(tx, principal.tenantId, documentId, versionId);
      const state =
        version && query.include === 'state'
          ? await versionRepository.state(tx, principal.tenantId, documentId, versionId)
          : null;
      return version ? { version, state } : null;
    });
    if (!found) throw new AppError('not_found', 'No such version');
    res.json(presentVersion(found.version, found.state ?? undefined));
  });

  router.post('/:versionId/restore', async (req, res) => {
    const principal = requirePermission(res, 'documents.write');
    const documentId = documentOf(req.params);
    const versionId = pathId(req.params.versionId, 'version');
    const body = parseInput(versionLabelBody, req.body ?? {});
    const { version } = await restoreVersion(deps, {
      tenantId: principal.tenantId,
      documentId,
      versionId,
      label: body.label ?? null,
      createdBy: memberOf(principal),
    });
    res.status(201).json(presentVersion(version));
  });

  return router;
}
