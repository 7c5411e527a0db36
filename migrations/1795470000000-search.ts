import type { MigrationInterface, QueryRunner } from 'typeorm';

// Row level security: no new tables; the indexes below sit on documents, document_versions and
// audit_log, which already get ENABLE + FORCE ROW LEVEL SECURITY through enableTenantRls.

/**
 * Full-text search (modules/search) over what already exists: expression GIN indexes, no copied
 * text. Versions are immutable, so an index over their HTML (tags stripped) is exact at commit —
 * no outbox handler, no backfill, nothing to fall behind. The 'simple' configuration: tenants
 * write in every language, and stemming one of them would mangle the others.
 */
export class Search1795470000000 implements MigrationInterface {
  name = 'Search1795470000000';

  async up(q: QueryRunner): Promise<void> {
    // IMMUTABLE so indexes may use them; the query must call the very same expressions.
    await q.query(`
      CREATE FUNCTION folio_html_text(html text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN
        replace(replace(replace(replace(replace(
          regexp_replace(html, '<[^>]*>', ' ', 'g'),
          '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#39;', ''''), '&amp;', '&')`);
    await q.query(`
      CREATE FUNCTION folio_audit_vector(action text, target_type text, target_id text)
      RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN
        to_tsvector('simple'::regconfig,
          translate(action || ' ' || target_type, '._-', '   ') || ' ' ||
          action || ' ' || target_type || ' ' || coalesce(target_id, ''))`);
    await q.query(`CREATE INDEX documents_title_search_idx ON documents
      USING gin (to_tsvector('simple'::regconfig, title))`);
    await q.query(`CREATE INDEX document_versions_text_search_idx ON document_versions
      USING gin (to_tsvector('simple'::regconfig, folio_html_text(html)))`);
    await q.query(`CREATE INDEX audit_log_search_idx ON audit_log
      USING gin (folio_audit_vector(action, target_type, target_id))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX audit_log_search_idx`);
    await q.query(`DROP INDEX document_versions_text_search_idx`);
    await q.query(`DROP INDEX documents_title_search_idx`);
    await q.query(`DROP FUNCTION folio_audit_vector(text, text, text)`);
    await q.query(`DROP FUNCTION folio_html_text(text)`);
  }
}
