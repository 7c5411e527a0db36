import { Router } from 'express';
import { requirePrincipal } from '../access/index.js';
import { parseInput } from '../../platform/http/validate.js';
import { search, type SearchDeps } from './search.js';
import { searchQuery } from './search.schema.js';

/** `GET /api/v1/search`: full-text search over what the caller may read. */
export function searchRoutes(deps: SearchDeps): Router {
  const router = Router({ mergeParams: true });
  router.get('/', async (req, res) => {
    // Any principal may search; each type checks its own read permission inside.
    const principal = requirePrincipal(res);
    const query = parseInput(searchQuery, req.query, 'query');
    const result = await search(deps, principal, {
      q: query.q,
      types: query.types,
      limit: query.limit,
      offset: query.cursor === undefined ? 0 : Number(query.cursor),
    });
    res.json(result);
  });
  return router;
}
