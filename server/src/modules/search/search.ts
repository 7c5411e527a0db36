import type { DataSource } from 'typeorm';
import { withTenant } from '../../platform/db/unit-of-work.js';
import type { Permission, Principal } from '../access/index.js';
import { auditHit, documentHit, memberHit, type SearchHit } from './search.presenter.js';
import { searchAudit, searchDocuments, searchMembers } from './search.queries.js';
import { MAX_SEARCH_OFFSET, SEARCH_TYPES, type SearchType } from './search.schema.js';

/** What search reads from. */
export interface SearchDeps {
  readonly dataSource: DataSource;
}

/** A search request, already validated (the REST route and the GraphQL resolver build it). */
export interface SearchRequest {
  readonly q: string;
  /** Absent or empty: every type. */
  readonly types?: readonly SearchType[] | undefined;
  readonly limit: number;
  /** Results to skip (the decoded cursor). */
  readonly offset?: number;
}

/** A page of results, and the requested types the caller may not read. */
export interface SearchResult {
  readonly items: SearchHit[];
  readonly omitted: { type: SearchType; permission: Permission; reason: string }[];
  readonly nextCursor: string | null;
}

const PERMISSION: Record<SearchType, Permission> = {
  documents: 'documents.read',
  members: 'members.read',
  audit: 'audit.read',
};

/**
 * Searches the principal's tenant. Each readable type is ranked on its own (top offset+limit+1
 * rows), then merged by rank: paging re-ranks from the start, which keeps every page consistent
 * with the index at the time of asking and is cheap at the depths a cursor may reach.
 */
export async function search(
  deps: SearchDeps,
  principal: Principal,
  request: SearchRequest,
): Promise<SearchResult> {
  const wanted = request.types?.length ? request.types : SEARCH_TYPES;
  const readable = wanted.filter((type) => principal.permissions.has(PERMISSION[type]));
  const omitted = wanted
    .filter((type) => !readable.includes(type))
    .map((type) => ({
      type,
      permission: PERMISSION[type],
      reason: `requires the ${PERMISSION[type]} permission`,
    }));
  const offset = Math.min(request.offset ?? 0, MAX_SEARCH_OFFSET);
  const take = offset + request.limit + 1;
  const { tenantId } = principal;
  const hits = await withTenant(deps.dataSource, tenantId, async (tx) => {
    // One connection runs one query at a time: the types are searched in turn.
    const found: SearchHit[] = [];
    for (const type of readable) {
      switch (type) {
        case 'documents':
          found.push(...(await searchDocuments(tx, tenantId, request.q, take)).map(documentHit));
          break;
        case 'members':
          found.push(...(await searchMembers(tx, tenantId, request.q, take)).map(memberHit));
          break;
        case 'audit':
          found.push(...(await searchAudit(tx, tenantId, request.q, take)).map(auditHit));
          break;
        default: {
          const unreachable: never = type;
          return unreachable;
        }
      }
    }
    return found.sort((a, b) => b.rank - a.rank);
  });
  const items = hits.slice(offset, offset + request.limit);
  const next = offset + request.limit;
  const hasMore = hits.length > next && next <= MAX_SEARCH_OFFSET;
  return { items, omitted, nextCursor: hasMore ? String(next) : null };
}
