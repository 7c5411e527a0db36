import type { DataSource } from 'typeorm';
import type { FolioModule } from '../../platform/http/folio-module.js';
import { searchRoutes } from './search.routes.js';

export { search, type SearchDeps, type SearchRequest, type SearchResult } from './search.js';
export type { SearchHit } from './search.presenter.js';
export { SEARCH_TYPES, searchQuery, type SearchType } from './search.schema.js';
export { searchRouteDocs } from './search.openapi.js';

/** What the search module is built from. */
export interface SearchModuleDeps {
  readonly dataSource: DataSource;
}

/** Full-text search over the tenant's documents, members and audit log. */
export function createSearchModule(deps: SearchModuleDeps): FolioModule {
  return { name: 'search', routes: [{ path: '/search', router: searchRoutes(deps) }] };
}
