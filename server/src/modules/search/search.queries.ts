/**
 * The SQL of search, one query per type. Each filters by tenant explicitly on top of row level
 * security, matches with `websearch_to_tsquery('simple', q)` against the same expressions the
 * search migration indexes, ranks with `ts_rank` and highlights with `ts_headline`.
 */
import type { EntityManager } from 'typeorm';

/** Marks a match inside a headline; split apart again by the presenter. */
export const MARK_START = '⟦';
export const MARK_END = '⟧';
const HEADLINE = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=30, MinWords=8, MaxFragments=2, FragmentDelimiter=" … "`;

/** A matching document row. */
export interface DocumentRow {
  id: string;
  title: string;
  slug: string;
  content_type: string;
  rank: number;
  headline: string;
}

/** Documents whose title or latest version's text match; a title match weighs double. */
export function searchDocuments(
  tx: EntityManager,
  tenantId: string,
  q: string,
  take: number,
): Promise<DocumentRow[]> {
  // Match versions through the index first, then keep only each document's latest one.
  return tx.query(
    `WITH query AS (SELECT websearch_to_tsquery('simple', $2) AS q),
     latest AS (
       SELECT v.document_id, folio_html_text(v.html) AS text
       FROM document_versions v, query
       WHERE v.tenant_id = $1
         AND to_tsvector('simple'::regconfig, folio_html_text(v.html)) @@ query.q
         AND NOT EXISTS (SELECT 1 FROM document_versions n
           WHERE n.tenant_id = v.tenant_id AND n.document_id = v.document_id AND n.number > v.number)
     ),
     matched AS (
       SELECT d.id FROM documents d, query
       WHERE d.tenant_id = $1 AND to_tsvector('simple'::regconfig, d.title) @@ query.q
       UNION
       SELECT document_id FROM latest
     )
     SELECT d.id, d.title, d.slug, d.content_type,
       (2 * ts_rank(to_tsvector('simple'::regconfig, d.title), query.q)
         + coalesce(ts_rank(to_tsvector('simple'::regconfig, l.text), query.q), 0))::float8 AS rank,
       ts_headline('simple', coalesce(l.text, d.title), query.q, '${HEADLINE}') AS headline
     FROM matched m
     JOIN documents d ON d.tenant_id = $1 AND d.id = m.id
     LEFT JOIN latest l ON l.document_id = d.id
     CROSS JOIN query
     ORDER BY rank DESC, d.id
     LIMIT $3`,
    [tenantId, q, take],
  );
}

/** A matching member row. */
export interface MemberRow {
  id: string;
  display_name: string;
  email: string;
  role: string;
  rank: number;
  headline: string;
}

// An email is one token to the parser; its parts are added so "alice" finds alice@example.com.
const MEMBER_VECTOR = `(to_tsvector('simple'::regconfig, u.display_name || ' ' || translate(u.email, '@.+_-', '     '))
  || to_tsvector('simple'::regconfig, u.email))`;

/** The tenant's members whose display name or email match. */
export function searchMembers(
  tx: EntityManager,
  tenantId: string,
  q: string,
  take: number,
): Promise<MemberRow[]> {
  return tx.query(
    `WITH query AS (SELECT websearch_to_tsquery('simple', $2) AS q)
     SELECT u.id, u.display_name, u.email, m.role,
       ts_rank(${MEMBER_VECTOR}, query.q)::float8 AS rank,
       ts_headline('simple', u.display_name || ' <' || u.email || '>', query.q, '${HEADLINE}') AS headline
     FROM memberships m JOIN users u ON u.id = m.user_id, query
     WHERE m.tenant_id = $1 AND ${MEMBER_VECTOR} @@ query.q
     ORDER BY rank DESC, u.id
     LIMIT $3`,
    [tenantId, q, take],
  );
}

/** A matching audit row. */
export interface AuditRow {
  id: string;
  action: string;
  target_type: string;
  target_id: string | null;
  occurred_at: Date;
  rank: number;
  headline: string;
}

/** Audit entries whose action or target match, newest first among equals. */
export function searchAudit(
  tx: EntityManager,
  tenantId: string,
  q: string,
  take: number,
): Promise<AuditRow[]> {
  return tx.query(
    `WITH query AS (SELECT websearch_to_tsquery('simple', $2) AS q)
     SELECT a.id::text AS id, a.action, a.target_type, a.target_id, a.occurred_at,
       ts_rank(folio_audit_vector(a.action, a.target_type, a.target_id), query.q)::float8 AS rank,
       ts_headline('simple', a.action || ' ' || a.target_type || ' ' || coalesce(a.target_id, ''),
         query.q, '${HEADLINE}') AS headline
     FROM audit_log a, query
     WHERE a.tenant_id = $1 AND folio_audit_vector(a.action, a.target_type, a.target_id) @@ query.q
     ORDER BY rank DESC, a.id DESC
     LIMIT $3`,
    [tenantId, q, take],
  );
}
