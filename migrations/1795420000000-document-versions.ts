import type { MigrationInterface, QueryRunner } from 'typeorm';
import { disableTenantRls, enableTenantRls } from './support/rls.js';

// Row level security: document_versions gets ENABLE + FORCE ROW LEVEL SECURITY through enableTenantRls.
/**
 * Versions: immutable snapshots of a document's content (Yjs state and state vector, the rendered
 * JSON and HTML, its content hash), numbered 1, 2, 3… per document. The application role may
 * insert and read them but not update them: a version that approvals bind to must never change.
 * (Foreign-key actions such as `created_by … ON DELETE SET NULL` run as the table owner, so
 * deleting a user still works.)
 */
export class DocumentVersions1795420000000 implements MigrationInterface {
  name = 'DocumentVersions1795420000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE document_versions (
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        document_id uuid NOT NULL,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        number integer NOT NULL CHECK (number >= 1),
        state bytea NOT NULL,
        state_vector bytea NOT NULL,
        rendered jsonb NOT NULL,
        html text NOT NULL,
        content_hash text NOT NULL,
        authors uuid[] NOT NULL DEFAULT '{}',
        reason text NOT NULL CHECK (reason IN ('manual', 'checkpoint', 'workflow', 'restore')),
        label text CHECK (length(label) BETWEEN 1 AND 200),
        restored_from uuid,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, document_id) REFERENCES documents (tenant_id, id) ON DELETE CASCADE,
        FOREIGN KEY (tenant_id, restored_from) REFERENCES document_versions (tenant_id, id),
        CHECK ((reason = 'restore') = (restored_from IS NOT NULL))
      )`);
    // Numbers are unique per document; the same index serves newest-first listing and "latest".
    await q.query(
      `CREATE UNIQUE INDEX document_versions_number_key
         ON document_versions (tenant_id, document_id, number DESC)`,
    );
    await q.query(`REVOKE UPDATE ON TABLE document_versions FROM folio_runtime, PUBLIC`);
    await enableTenantRls(q, 'document_versions');
  }

  async down(q: QueryRunner): Promise<void> {
    await disableTenantRls(q, 'document_versions');
    await q.query(`DROP TABLE document_versions`);
  }
}
