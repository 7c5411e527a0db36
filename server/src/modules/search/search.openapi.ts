import type { RouteDoc } from '../../platform/http/openapi/route-doc.js';
import { searchQuery, searchResponse } from './search.schema.js';

/** Search. */
export const searchRouteDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/search',
    summary: 'Full-text search over documents, members and the audit log',
    description:
      'Each type needs its own read permission (documents.read, members.read, audit.read); ' +
      'types the caller may not read are left out and listed in `omitted`.',
    tags: ['search'],
    permission: 'authenticated',
    query: searchQuery,
    responses: { 200: { description: 'Ranked results', schema: searchResponse } },
  },
];
