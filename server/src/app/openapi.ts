/**
 * The whole REST API's OpenAPI document: every module's RouteDocs, collected here because only
 * the app knows which modules it mounts. The coverage test compares this list with the routes
 * the node really serves, so a route without a doc (or a doc without a route) fails the build.
 */
import { buildOpenApiDocument } from '../platform/http/openapi/generate.js';
import type { RouteDoc } from '../platform/http/openapi/route-doc.js';
import { auditRouteDocs } from '../modules/audit/index.js';
import { commentsRouteDocs } from '../modules/comments/index.js';
import { contentRouteDocs } from '../modules/content/index.js';
import { documentsRouteDocs } from '../modules/documents/index.js';
import { identityRouteDocs } from '../modules/identity/index.js';
import { publishingRouteDocs } from '../modules/publishing/index.js';
import { searchRouteDocs } from '../modules/search/index.js';
import { tenancyRouteDocs } from '../modules/tenancy/index.js';
import { usageRouteDocs } from '../modules/usage/index.js';
import { versionsRouteDocs } from '../modules/versions/index.js';
import { webhooksRouteDocs } from '../modules/webhooks/index.js';
import { workflowRouteDocs } from '../modules/workflow/index.js';

/** The document and its docs page describe themselves too. */
const openApiRouteDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/openapi.json',
    summary: 'This OpenAPI 3.1 document',
    tags: ['meta'],
    permission: null,
    responses: { 200: { description: 'The OpenAPI document' } },
  },
  {
    method: 'get',
    path: '/docs',
    summary: 'A browsable page rendering this document',
    tags: ['meta'],
    permission: null,
    responses: { 200: { description: 'An HTML page' } },
  },
];

/** Every RouteDoc of `/api/v1`. */
export const apiRouteDocs: readonly RouteDoc[] = [
  ...openApiRouteDocs,
  ...tenancyRouteDocs,
  ...identityRouteDocs,
  ...auditRouteDocs,
  ...documentsRouteDocs,
  ...contentRouteDocs,
  ...versionsRouteDocs,
  ...workflowRouteDocs,
  ...commentsRouteDocs,
  ...searchRouteDocs,
  ...publishingRouteDocs,
  ...webhooksRouteDocs,
  ...usageRouteDocs,
];

/** The title of the document and of its docs page. */
export const API_TITLE = 'Folio REST API';

/** Builds the OpenAPI 3.1 document of `/api/v1`. */
export function buildApiDocument(): Record<string, unknown> {
  return buildOpenApiDocument(apiRouteDocs, {
    title: API_TITLE,
    version: '1',
    basePath: '/api/v1',
    description:
      'Every request is bound to one tenant: its host, an X-Folio-Tenant header or the ' +
      'credentials name it. Errors answer with the common error envelope. Requests are rate ' +
      'limited per tenant, per credential and per client address (RateLimit-* headers).',
  });
}
