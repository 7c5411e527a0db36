import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls } from './support/rls.js';

// Row level security: documents gets ENABLE + FORCE ROW LEVEL SECURITY through enableTenantRls.
/**
 * Documents: the tenant-owned metadata row of each collaborative document. Its content (the Yjs
 * update log and snapshots) lives in tables of the collaboration engine.
 */
export class Documents1795370000000 implements MigrationInterface {
  name = 'Documents1795370000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE documents (
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        content_type text NOT NULL CHECK (content_type ~ '^[a-z][a-z0-9_-]{0,63}$'),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        slug text NOT NULL CHECK (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,118}[a-z0-9])?$'),
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id)
      )`);
    await q.query(`CREATE UNIQUE INDEX documents_tenant_slug_key ON documents (tenant_id, slug)`);
    await q.query(
      `CREATE INDEX documents_tenant_created_idx ON documents (tenant_id, created_at DESC, id DESC)`,
    );
    await q.query(
      `CREATE INDEX documents_tenant_type_idx ON documents (tenant_id, content_type, created_at DESC)`,
    );
    await enableTenantRls(q, 'documents');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE documents`);
  }
}
