import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { currentContext } from '../../platform/context.js';
import { withTenant } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors.js';
import { parseInput } from '../../platform/http/validate.js';
import { requirePermission } from '../access/index.js';
import { cacheControlFor, sendCacheable, surrogateKeys } from './http-caching.js';
import type { PreviewTokens } from './preview-tokens.js';
import {
  documentEtag,
  pageEtag,
  presentPublished,
  representationOf,
} from './published.presenter.js';
import type { PublishedContent } from './published-content.js';
import { publishedRepository } from './published.repository.js';
import {
  getPublishedQuery,
  isUuid,
  listPublishedQuery,
  previewQuery,
} from './publishing.schema.js';

const notPublished = () => new AppError('not_found', 'No such published document');

/** `/api/v1/published`: the delivery API (published versions only) and token previews. */
export function publishedRoutes(deps: {
  readonly dataSource: DataSource;
  readonly reads: PublishedContent;
  readonly previews: PreviewTokens;
}): Router {
  const router = Router({ mergeParams: true });

  router.get('/documents', async (req, res) => {
    const principal = requirePermission(res, 'published.read');
    const query = parseInput(listPublishedQuery, req.query, 'query');
    const rep = representationOf(query, []);
    const page = await deps.reads.list(principal.tenantId, {
      limit: query.limit,
      ...(query.contentType ? { contentType: query.contentType } : {}),
      ...(query.cursor ? { after: query.cursor } : {}),
    });
    const ids = page.items.map((doc) => doc.id);
    sendCacheable(
      req,
      res,
      {
        etag: pageEtag(page.items, page.nextCursor, rep),
        cacheControl: cacheControlFor(principal),
        surrogateKeys: surrogateKeys(principal.tenantId, ids),
      },
      { items: page.items.map((doc) => presentPublished(doc, rep)), nextCursor: page.nextCursor },
    );
  });

  router.get('/documents/:idOrSlug', async (req, res) => {
    const principal = requirePermission(res, 'published.read');
    const query = parseInput(getPublishedQuery, req.query, 'query');
    const key = String(req.params.idOrSlug).toLowerCase();
    // Slugs are lower-case letters, digits and dashes (documents.schema.ts): anything else,
    // a NUL byte included, can name nothing.
    if (!/^[a-z0-9-]{1,120}$/.test(key)) throw notPublished();
    // A slug may look like an id (hex and dashes): an id that is not published falls back to it.
    const doc =
      (isUuid(key) ? await deps.reads.get(principal.tenantId, { id: key }) : null) ??
      (await deps.reads.get(principal.tenantId, { slug: key }));
    if (!doc) throw notPublished();
    const rep = representationOf(query, ['body', 'html']);
    sendCacheable(
      req,
      res,
      {
        etag: documentEtag(doc, rep),
        cacheControl: cacheControlFor(principal),
        surrogateKeys: surrogateKeys(principal.tenantId, [doc.id]),
      },
      presentPublished(doc, rep),
    );
  });

  router.get('/preview', async (req, res) => {
    const query = parseInput(previewQuery, req.query, 'query');
    const grant = await deps.previews.verify(query.token);
    // A host (or credentials) of another tenant: this tenant has no such document.
    const bound = currentContext()?.tenantId;
    if (bound !== undefined && bound !== grant.tenantId) throw notPublished();
    const doc = await withTenant(deps.dataSource, grant.tenantId, (tx) =>
      publishedRepository.version(tx, grant.tenantId, grant.documentId, grant.versionId),
    );
    if (!doc) throw new AppError('not_found', 'No such document version');
    res.set('Cache-Control', 'private, no-store');
    res.json(presentPublished(doc, representationOf(query, ['body', 'html'])));
  });

  return router;
}
