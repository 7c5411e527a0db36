import type { RouteDoc } from '../../platform/http/openapi/route-doc.js';
import {
  createPreviewTokenBody,
  getPublishedQuery,
  listPublishedQuery,
  previewQuery,
} from './publishing.schema.js';

const tags = ['publishing'];

/** The delivery API (published versions only) and preview links. */
export const publishingRouteDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/published/documents',
    summary: 'List published documents, newest publication first',
    description:
      'Keyset pagination (`cursor` = a previous `nextCursor`). `fields=a,b` keeps only those keys of `fields`; body and HTML are left out unless `include=body,html`. Sends `ETag` (If-None-Match → 304), `Cache-Control` (public for API keys, private for members) and `Surrogate-Key`.',
    tags,
    permission: 'published.read',
    query: listPublishedQuery,
    responses: {
      200: { description: '`{ items: PublishedDocument[], nextCursor }`' },
      304: { description: 'Not modified' },
    },
  },
  {
    method: 'get',
    path: '/published/documents/:idOrSlug',
    summary: 'One published document by id or slug (never a draft)',
    description:
      'Body and HTML are included by default (`include=` for neither). 404 when the document is not published.',
    tags,
    permission: 'published.read',
    query: getPublishedQuery,
    responses: {
      200: { description: 'The published document' },
      304: { description: 'Not modified' },
    },
  },
  {
    method: 'get',
    path: '/published/preview',
    summary: 'Read a document version through a preview token (no other credentials)',
    description:
      'The pinned version, or the newest version at read time. `Cache-Control: private, no-store`. Expired or tampered → 401 `unauthenticated` (`details.reason` expired|invalid); another tenant → 404.',
    tags,
    permission: null,
    query: previewQuery,
    responses: { 200: { description: 'The version in the published representation' } },
  },
  {
    method: 'post',
    path: '/documents/:documentId/preview-tokens',
    summary: 'Create a preview link to a document (a version, or its newest)',
    tags,
    permission: 'documents.read',
    body: createPreviewTokenBody,
    responses: { 201: { description: '`{ token, expiresAt, url }`' } },
  },
];
